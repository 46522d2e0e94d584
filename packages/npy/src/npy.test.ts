import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNpyHeader, crc32, NpyError, parseNpy, parseNpyHeader, parseNpz, reorderNpyData, serializeNpy, serializeNpz } from './index';
import { createNpyWriter, readNpyChunks, readNpyFile, readNpzFile, writeNpyFile, writeNpzFile } from './node';

const dir = mkdtempSync(join(tmpdir(), 'npy-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('@interp/npy', () => {
  it('round-trips every layout in memory', () => {
    const data = Float64Array.from({ length: 24 }, (_, i) => i / 7 - 1);
    for (const version of [1, 2, 3] as const) {
      for (const endian of ['little', 'big'] as const) {
        for (const fortranOrder of [false, true]) {
          const bytes = serializeNpy({ shape: [2, 3, 4], data }, { version, endian, fortranOrder });
          expect(bytes[6]).toBe(version);
          const h = parseNpyHeader(bytes);
          expect(h.dataOffset % 64).toBe(0);
          expect(h.fortranOrder).toBe(fortranOrder);
          expect(Array.from(parseNpy(bytes).data)).toEqual(Array.from(data));
        }
      }
    }
  });

  it('reorders Fortran to C order', () => {
    expect(Array.from(reorderNpyData(new Float32Array([1, 3, 2, 4]), [2, 2], true))).toEqual([1, 2, 3, 4]);
    expect(Array.from(reorderNpyData(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3], false))).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('computes the zip CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789')).toString(16)).toBe('cbf43926');
  });

  it("reports @interp/zip's archive errors as NpyErrors naming the file and member", async () => {
    const notZip = new Uint8Array(100);
    await expect(parseNpz(notZip, { source: 'x.npz' })).rejects.toThrow(NpyError);
    await expect(parseNpz(notZip, { source: 'x.npz' })).rejects.toThrow('npy: x.npz: not a zip archive (no end of central directory record)');
    const p = join(dir, 'notzip.npz');
    writeFileSync(p, new Uint8Array([0x50, 0x4b, 3, 4, ...new Uint8Array(40)]));
    await expect(readNpzFile(p)).rejects.toThrow(new RegExp(`npy: ${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a zip archive`));
    const bytes = serializeNpz({ a: { shape: [2], data: new Float32Array([1, 2]) } });
    const damaged = bytes.slice();
    const last = bytes.length - 22 - (46 + 'a.npy'.length) - 1; // the member's last data byte
    damaged[last] = (damaged[last] ?? 0) ^ 0xff;
    await expect(parseNpz(damaged, { source: 'd.npz' })).rejects.toThrow(/npy: d\.npz: a\.npy: corrupt zip member \(size or CRC-32 mismatch\)/);
  });

  it('streams a file in row chunks, including across a streaming writer', async () => {
    const p = join(dir, 'stream.npy');
    const w = await createNpyWriter(p, 'f4', [5, 2]);
    await w.write(new Float32Array([0, 1, 2, 3]));
    await w.write(new Float32Array([4, 5, 6, 7, 8, 9]));
    await w.close();
    const chunks = [];
    for await (const c of readNpyChunks(p, 2)) chunks.push([c.rowStart, c.rows, Array.from(c.data)]);
    expect(chunks).toEqual([[0, 2, [0, 1, 2, 3]], [2, 2, [4, 5, 6, 7]], [4, 1, [8, 9]]]);
  });

  it('round-trips .npz through files and memory (stored and deflated)', async () => {
    const arrays = { a: { shape: [3, 2], data: new Float32Array([1, 2, 3, 4, 5, 6]) }, b: { dtype: 'f2' as const, shape: [2], data: new Float32Array([0.5, -2]) } };
    for (const compress of [false, true]) {
      const p = join(dir, `x${compress}.npz`);
      await writeNpzFile(p, arrays, { compress });
      const back = await readNpzFile(p);
      expect(Array.from(back.a!.data)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(back.b!.dtype).toBe('f2');
      const mem = await parseNpz(new Uint8Array(readFileSync(p)));
      expect(Array.from(mem.b!.data)).toEqual([0.5, -2]);
    }
    expect(Array.from((await parseNpz(serializeNpz(arrays))).a!.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects bad files with errors naming the file and the problem', async () => {
    const good = serializeNpy({ shape: [2, 2], data: new Float32Array(4) });
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['empty.npy', new Uint8Array(0), /empty\.npy: empty file/],
      ['magic.npy', new TextEncoder().encode('hello world, not numpy'), /magic\.npy: not a \.npy file/],
      ['short.npy', good.subarray(0, good.length - 3), /short\.npy: truncated: shape \[2, 2\] of f4 needs 16 data bytes, found 13/],
      ['int.npy', Uint8Array.from([...buildNpyHeader('f4', [2])].map((b, i, a) => (i === a.indexOf(0x66) ? 0x69 : b))), /int\.npy: header field 'descr' is "<i4"; supported/],
    ];
    for (const [name, bytes, re] of cases) {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      await expect(readNpyFile(p), name).rejects.toThrow(re);
    }
    expect(() => parseNpy(good.subarray(0, 20), { source: 'mem.npy' })).toThrow(NpyError);
    await expect(readNpyFile(join(dir, 'missing.npy'))).rejects.toThrow(/missing\.npy: cannot open for reading: file not found/);
    const npz = join(dir, 'two.npz');
    await writeNpzFile(npz, { a: { shape: [1], data: new Float32Array(1) }, b: { shape: [1], data: new Float32Array(1) } });
    await expect(readNpyFile(npz)).rejects.toThrow(/two\.npz: the archive holds 2 arrays \("a", "b"\); pass options\.name/);
    await expect(readNpyFile(npz, { name: 'c' })).rejects.toThrow(/no array named "c"/);
  });

  it('writes atomically: a failed write leaves nothing behind', async () => {
    const p = join(dir, 'atomic', 'bad.npy');
    await expect(writeNpyFile(p, { shape: [3], data: new Float32Array(2) })).rejects.toThrow(/bad\.npy: data hold 2 values; shape \[3\] needs 3/);
    const w = await createNpyWriter(join(dir, 'short.npy.out'), 'f8', [4]);
    await w.write(new Float64Array(2));
    await expect(w.close()).rejects.toThrow(/incomplete: 2 of 4 values/);
    expect(readdirSync(dir).filter((f) => f.includes('short.npy.out'))).toEqual([]);
  });
});
