import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempPath, openAtomicFile } from './openAtomicFile';
import { writeFileAtomic, writeFilesAtomic } from './writeFileAtomic';

async function freshDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'interp-core-'));
}

describe('writeFileAtomic', () => {
  it('writes strings, bytes and streams, creating the folder', async () => {
    const dir = join(await freshDir(), 'a', 'b');
    await writeFileAtomic(join(dir, 's.txt'), 'héllo');
    await writeFileAtomic(join(dir, 'b.bin'), new Uint8Array([1, 2, 255]));
    await writeFileAtomic(join(dir, 'w.txt'), async (out) => {
      out.write('one ');
      out.end('two');
    });
    await writeFileAtomic(join(dir, 'open.txt'), async (out) => {
      out.write('not ended by the caller');
    });
    expect(await readFile(join(dir, 's.txt'), 'utf8')).toBe('héllo');
    expect([...(await readFile(join(dir, 'b.bin')))]).toEqual([1, 2, 255]);
    expect(await readFile(join(dir, 'w.txt'), 'utf8')).toBe('one two');
    expect(await readFile(join(dir, 'open.txt'), 'utf8')).toBe('not ended by the caller');
    expect((await readdir(dir)).sort()).toEqual(['b.bin', 'open.txt', 's.txt', 'w.txt']);
  });

  it('replaces an existing file', async () => {
    const dir = await freshDir();
    const path = join(dir, 'f.json');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
  });

  it('keeps the old file and leaves no temp file when the content function fails', async () => {
    const dir = await freshDir();
    const path = join(dir, 'f.txt');
    await writeFile(path, 'old');
    const failure = new RangeError('row 3 is bad');
    await expect(
      writeFileAtomic(path, async (out) => {
        for (let i = 0; i < 1000; i++) out.write('x'.repeat(1000));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['f.txt']);
  });

  it('names the file when the file system refuses, and leaves no temp file', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, 'blocker'), 'a file, not a folder');
    await expect(writeFileAtomic(join(dir, 'blocker', 'f.txt'), 'x')).rejects.toThrow(/cannot write .*blocker\/f\.txt/);
    const target = join(dir, 'is-a-dir');
    await writeFileAtomic(join(target, 'keep'), 'x');
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow(/cannot write .*is-a-dir/);
    expect((await readdir(dir)).sort()).toEqual(['blocker', 'is-a-dir']);
  });

  it('writes many files concurrently into one folder without clashing temp names', async () => {
    const dir = await freshDir();
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(join(dir, 'same.txt'), `v${i}`)));
    expect(await readdir(dir)).toEqual(['same.txt']);
    expect(await readFile(join(dir, 'same.txt'), 'utf8')).toMatch(/^v\d+$/);
  });
});

describe('writeFilesAtomic', () => {
  it('replaces none of the files when one fails', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, 'a.txt'), 'old a');
    await expect(
      writeFilesAtomic([
        [join(dir, 'a.txt'), 'new a'],
        [join(dir, 'b.txt'), async () => Promise.reject(new Error('b failed'))],
      ]),
    ).rejects.toThrow('b failed');
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('old a');
    expect(await readdir(dir)).toEqual(['a.txt']);
  });
});

describe('openAtomicFile', () => {
  it('shows nothing at the path until commit, and discard removes the temp file', async () => {
    const dir = await freshDir();
    const path = join(dir, 'big.bin');
    const file = await openAtomicFile(path);
    await file.handle.write(new Uint8Array([9, 8]));
    expect(await readdir(dir)).toEqual([file.tempPath.slice(dir.length + 1)]);
    await file.commit();
    expect([...(await readFile(path))]).toEqual([9, 8]);
    const other = await openAtomicFile(join(dir, 'x.bin'));
    await other.discard();
    await other.discard();
    expect(await readdir(dir)).toEqual(['big.bin']);
  });

  it('makes unique temp names in the same folder', () => {
    const a = createTempPath('/x/y/cfg.json');
    expect(a).toMatch(/^\/x\/y\/\.cfg\.json\.\d+\.[0-9a-f]{8}\.tmp$/);
    expect(createTempPath('/x/y/cfg.json')).not.toBe(a);
  });
});
