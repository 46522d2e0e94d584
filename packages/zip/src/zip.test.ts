import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildZip,
  concatBytes,
  crc32,
  createByteReader,
  deflateRawWithStreams,
  inflateRawWithStreams,
  readZip,
  readZipDataOffset,
  readZipDirectory,
  toDosDateTime,
  writeZip,
  writeZipAsync,
  ZipError,
} from './index';

const run = promisify(execFile);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const ascii = (s: string) => new TextEncoder().encode(s);

/** python3 with zipfile, or undefined (the cross-checks then skip). */
async function findPython(): Promise<string | undefined> {
  try {
    await run('python3', ['-c', 'import zipfile']);
    return 'python3';
  } catch {
    return undefined;
  }
}

describe('crc32', () => {
  it('matches the standard check values', () => {
    expect(crc32(ascii('123456789')).toString(16)).toBe('cbf43926');
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(ascii('The quick brown fox jumps over the lazy dog')).toString(16)).toBe('414fa339');
    expect(crc32(new Uint8Array(32))).toBe(0x190a55ad);
    expect(crc32(new Uint8Array(32).fill(0xff))).toBe(0xff6cab0b);
  });

  it('continues from a previous CRC as if over the joined bytes', () => {
    const all = ascii('hello, zip world');
    expect(crc32(all.subarray(5), crc32(all.subarray(0, 5)))).toBe(crc32(all));
  });
});

describe('toDosDateTime', () => {
  it('encodes UTC fields and clamps to the range the fields hold', () => {
    expect(toDosDateTime(new Date('2026-12-03T10:20:31Z'))).toEqual({ time: (10 << 11) | (20 << 5) | 15, day: (46 << 9) | (12 << 5) | 3 });
    expect(toDosDateTime(new Date(1000))).toEqual({ time: 0, day: 0x21 });
    expect(toDosDateTime(new Date('2200-01-01T00:00:00Z'))).toEqual({ time: (23 << 11) | (59 << 5) | 29, day: (127 << 9) | (12 << 5) | 31 });
    expect(() => toDosDateTime(new Date(Number.NaN))).toThrow(/invalid Date/);
  });
});

describe('writeZip / readZip', () => {
  const files = [
    { name: 'b.txt', data: 'second name sorts first, written second?' },
    { name: 'a/ünïcode.xml', data: '<a>' + 'x'.repeat(5000) + '</a>' },
    { name: 'empty', data: new Uint8Array(0) },
    { name: 'bytes.bin', data: Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff) },
  ];

  it('stores without deflate: entries in the given order, method 0, same bytes back', async () => {
    const zip = writeZip(files);
    const dir = await readZipDirectory(createByteReader(zip));
    expect(dir.map((e) => [e.name, e.method])).toEqual(files.map((f) => [f.name, 0]));
    const back = await readZip(zip);
    expect(back.map((f) => f.name)).toEqual(files.map((f) => f.name));
    expect(text(back[1]!.data)).toBe(files[1]!.data);
    expect([...back[3]!.data]).toEqual([...(files[3]!.data as Uint8Array)]);
  });

  it('deflates with the given deflateRaw (node:zlib), read back with DecompressionStream and with inflateRawSync', async () => {
    const zip = writeZip(files, { deflateRaw: (b) => deflateRawSync(b) });
    const dir = await readZipDirectory(createByteReader(zip));
    expect(dir.every((e) => e.method === 8)).toBe(true);
    expect(dir[1]!.compressedSize).toBeLessThan(200);
    for (const back of [await readZip(zip), await readZip(zip, { inflateRaw: (b) => inflateRawSync(b) })]) {
      expect(back.map((f) => text(f.data))).toEqual(files.map((f) => (typeof f.data === 'string' ? f.data : text(f.data))));
    }
  });

  it('gives the same bytes for the same files, and stamps options.date on every entry', async () => {
    expect(writeZip(files)).toEqual(writeZip(files));
    const date = new Date('2024-02-29T13:14:16Z');
    const zip = writeZip(files, { date });
    const { time, day } = toDosDateTime(date);
    const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (const e of await readZipDirectory(createByteReader(zip))) {
      expect([v.getUint16(e.localHeaderOffset + 10, true), v.getUint16(e.localHeaderOffset + 12, true)]).toEqual([time, day]);
    }
    // The default date is 1980-01-01 00:00 (time 0, day 0x21).
    const plain = writeZip([{ name: 'a', data: 'x' }]);
    expect([plain[10], plain[11], plain[12], plain[13]]).toEqual([0, 0, 0x21, 0]);
  });

  it('lays out what buildZip lays out (the npz layout): one header per member, no comment', async () => {
    const data = ascii('hello');
    const zip = concatBytes(buildZip([{ name: 'hello.txt', stored: data, method: 0, crc32: crc32(data), uncompressedSize: 5 }]));
    expect(zip).toEqual(writeZip([{ name: 'hello.txt', data: 'hello' }]));
    expect(zip.length).toBe(30 + 9 + 5 + 46 + 9 + 22);
  });

  it('deflates asynchronously with CompressionStream for buildZip', async () => {
    const data = ascii('abc'.repeat(1000));
    const stored = await deflateRawWithStreams(data);
    expect(stored.length).toBeLessThan(100);
    expect(text(await inflateRawWithStreams(stored))).toBe(text(data));
    const zip = concatBytes(buildZip([{ name: 'x', stored, method: 8, crc32: crc32(data), uncompressedSize: data.length }]));
    expect(text((await readZip(zip))[0]!.data)).toBe('abc'.repeat(1000));
  });

  it('writeZipAsync deflates with CompressionStream: the layout of writeZip, readable by readZip', async () => {
    const date = new Date('2025-01-02T03:04:06Z');
    const zip = await writeZipAsync(files, { deflateRaw: deflateRawWithStreams, date });
    const dir = await readZipDirectory(createByteReader(zip));
    expect(dir.map((e) => [e.name, e.method])).toEqual(files.map((f) => [f.name, 8]));
    const back = await readZip(zip);
    expect(back.map((f) => text(f.data))).toEqual(files.map((f) => (typeof f.data === 'string' ? f.data : text(f.data))));
    expect(await writeZipAsync(files, { date })).toEqual(writeZip(files, { date }));
    await expect(writeZipAsync([{ name: 'a', data: 'x' }], { deflateRaw: async () => Promise.reject(new Error('no')) })).rejects.toThrow('zip: a: deflateRaw failed: no');
  });

  it('rejects bad entries with errors naming them', () => {
    expect(() => writeZip([{ name: '', data: 'x' }])).toThrow(/zip: entry 0: name must be a non-empty string/);
    expect(() => writeZip([{ name: 'a', data: 'x' }, { name: 'a', data: 'y' }])).toThrow(/zip: a: duplicate member name/);
    expect(() => writeZip([{ name: 'a', data: 3 as unknown as string }])).toThrow(/zip: a: data must be a string or a Uint8Array/);
    expect(() => writeZip([{ name: 'a', data: 'x' }], { deflateRaw: () => { throw new Error('boom'); } })).toThrow(/zip: a: deflateRaw failed: boom/);
    expect(() => writeZip([{ name: 'a', data: 'x' }], { deflateRaw: 'yes' as unknown as () => Uint8Array })).toThrow(/options.deflateRaw must be a function/);
    expect(() => writeZip([{ name: 'x'.repeat(70000), data: 'x' }], { source: 'big.zip' })).toThrow(/zip: big\.zip: x+: name is 70000 UTF-8 bytes/);
  });
});

describe('readZipDirectory', () => {
  it('refuses what is not a zip archive, or a damaged one, naming the source', async () => {
    await expect(readZipDirectory(createByteReader(new Uint8Array(3)), 'x.zip')).rejects.toThrow('zip: x.zip: not a zip archive (3 bytes)');
    await expect(readZipDirectory(createByteReader(new Uint8Array(100)), 'x.zip')).rejects.toThrow(/no end of central directory record/);
    const zip = writeZip([{ name: 'a.txt', data: 'hello' }]);
    const cut = zip.slice(45);
    await expect(readZipDirectory(createByteReader(cut), 'cut.zip')).rejects.toThrow(/cut\.zip: truncated zip archive/);
    const bad = zip.slice();
    bad[zip.length - 22 - 51] = 0; // first byte of the central directory's signature
    await expect(readZipDirectory(createByteReader(bad))).rejects.toThrow(/corrupt zip central directory at entry 0/);
    const encrypted = zip.slice();
    new DataView(encrypted.buffer).setUint16(zip.length - 22 - 51 + 8, 0x0801, true);
    await expect(readZipDirectory(createByteReader(encrypted))).rejects.toThrow(ZipError);
    await expect(readZipDirectory(createByteReader(encrypted))).rejects.toThrow(/a\.txt: encrypted zip members are not supported/);
  });

  it('checks sizes and CRCs when reading members', async () => {
    const zip = writeZip([{ name: 'a.txt', data: 'hello' }]);
    const bad = zip.slice();
    bad[30 + 5] = (bad[30 + 5] ?? 0) ^ 1; // a byte of the data
    await expect(readZip(bad, { source: 'bad.zip' })).rejects.toThrow('zip: bad.zip: a.txt: corrupt zip member (size or CRC-32 mismatch)');
    const [entry] = await readZipDirectory(createByteReader(zip));
    expect(await readZipDataOffset(createByteReader(zip), entry!)).toBe(35);
    await expect(readZipDataOffset(createByteReader(zip), { ...entry!, localHeaderOffset: 3 })).rejects.toThrow(/bad local header/);
  });
});

describe('against Python zipfile', () => {
  let python: string | undefined;
  let dir = '';
  beforeAll(async () => {
    python = await findPython();
    dir = await mkdtemp(join(tmpdir(), 'zip-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('Python reads (and CRC-checks) what writeZip writes, stored and deflated', async (ctx) => {
    if (!python) return ctx.skip();
    const files = [
      { name: 'a.txt', data: 'hello' },
      { name: 'dir/ü.xml', data: '<x>' + 'y'.repeat(10000) + '</x>' },
    ];
    for (const [i, options] of [{}, { deflateRaw: (b: Uint8Array) => deflateRawSync(b), date: new Date('2025-06-07T08:09:10Z') }].entries()) {
      const path = join(dir, `w${i}.zip`);
      await writeFile(path, writeZip(files, options));
      const script =
        'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\n' +
        'print(json.dumps([[i.filename,i.compress_type,list(i.date_time),z.read(i).decode()] for i in z.infolist()]))';
      const { stdout } = await run(python, ['-c', script, path]);
      const listed = JSON.parse(stdout) as [string, number, number[], string][];
      expect(listed.map((l) => [l[0], l[1], l[3]])).toEqual(files.map((f) => [f.name, i === 0 ? 0 : 8, f.data]));
      expect(listed[0]![2]).toEqual(i === 0 ? [1980, 1, 1, 0, 0, 0] : [2025, 6, 7, 8, 9, 10]);
    }
  });

  it('reads what Python writes, zip64 records included', async (ctx) => {
    if (!python) return ctx.skip();
    const path = join(dir, 'py64.zip');
    const script =
      'import sys,zipfile\nwith zipfile.ZipFile(sys.argv[1],"w",compression=zipfile.ZIP_DEFLATED) as z:\n' +
      '  z.writestr("plain.txt","hello "*100)\n' +
      '  with z.open("big.bin","w",force_zip64=True) as f: f.write(bytes(range(256))*40)\n' +
      '  z.comment=b"a comment"';
    await run(python, ['-c', script, path]);
    const bytes = new Uint8Array(await readFile(path));
    const files = await readZip(bytes, { inflateRaw: (b) => inflateRawSync(b) });
    expect(files.map((f) => [f.name, f.data.length])).toEqual([
      ['plain.txt', 600],
      ['big.bin', 10240],
    ]);
    expect(files[1]!.data[257]).toBe(1);
  });
});
