import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNpy, parseNpz } from './index';
import { readNpyChunks, readNpyFile, readNpyInfo, writeNpyFile, writeNpzFile } from './node';

type Manifest = Record<string, Record<string, { shape: number[]; dtype: string; fortran: boolean; values: number[] }>>;

const here = new URL('.', import.meta.url).pathname;
const script = join(here, '..', 'scripts', 'npyFixtures.py');
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function checkAgainst(dir: string, manifest: Manifest): Promise<number> {
  let checked = 0;
  for (const [file, arrays] of Object.entries(manifest)) {
    const path = join(dir, file);
    const bytes = new Uint8Array(readFileSync(path));
    const parsed = file.endsWith('.npz') ? await parseNpz(bytes, { source: file }) : { arr_0: parseNpy(bytes, { source: file }) };
    const infos = await readNpyInfo(path);
    for (const [name, want] of Object.entries(arrays)) {
      const got = parsed[name];
      expect(got, `${file} ${name}`).toBeDefined();
      expect(got!.shape, `${file} ${name}`).toEqual(want.shape);
      expect(got!.dtype).toBe(want.dtype);
      expect(Array.from(got!.data), `${file} ${name} (in memory)`).toEqual(want.values);
      const info = infos.find((i) => (i.name ?? 'arr_0') === name)!;
      expect(info.header.fortranOrder).toBe(want.fortran && want.shape.length >= 2);
      // streamed in chunks of 2 rows, and whole
      const options = file.endsWith('.npz') ? { name } : {};
      const streamed: number[] = [];
      for await (const chunk of readNpyChunks(path, 2, options)) streamed.push(...chunk.data);
      expect(streamed, `${file} ${name} (streamed)`).toEqual(want.values);
      expect(Array.from((await readNpyFile(path, options)).data)).toEqual(want.values);
      checked++;
    }
  }
  return checked;
}

describe('NumPy files', () => {
  it('reads the committed NumPy fixtures identically (in memory and streamed)', async () => {
    const dir = join(here, '..', 'fixtures');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(await checkAgainst(dir, manifest)).toBe(10);
  });

  it.skipIf(!hasNumpy)('reads every layout NumPy writes: versions 1-3, both byte orders, C/F order, f2/f4/f8, .npz stored/deflated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-fixtures-'));
    dirs.push(dir);
    execFileSync('python3', [script, 'write', dir]);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(Object.keys(manifest).length).toBe(110);
    expect(await checkAgainst(dir, manifest)).toBeGreaterThan(110);
  });

  it.skipIf(!hasNumpy)('writes files NumPy reads back identically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-write-'));
    dirs.push(dir);
    const data = Float32Array.from({ length: 12 }, (_, i) => i * 0.25 - 1);
    const f64 = Float64Array.from({ length: 6 }, (_, i) => Math.PI * i);
    const files: string[] = [];
    for (const version of [1, 2, 3] as const) {
      for (const endian of ['little', 'big'] as const) {
        for (const fortranOrder of [false, true]) {
          const p = join(dir, `w_${version}_${endian}_${fortranOrder}.npy`);
          await writeNpyFile(p, { dtype: 'f2', shape: [3, 4], data }, { version, endian, fortranOrder });
          files.push(p);
        }
      }
    }
    await writeNpzFile(join(dir, 'c.npz'), { a: { shape: [3, 4], data }, b: { shape: [2, 3], data: f64 } }, { compress: true });
    await writeNpzFile(join(dir, 's.npz'), { a: { shape: [3, 4], data }, b: { shape: [2, 3], data: f64 } });
    files.push(join(dir, 'c.npz'), join(dir, 's.npz'));
    const out = JSON.parse(execFileSync('python3', [script, 'check', ...files], { encoding: 'utf8' })) as Manifest;
    for (const f of files.slice(0, -2)) {
      expect(out[f]!.arr_0!.shape).toEqual([3, 4]);
      expect(out[f]!.arr_0!.dtype.slice(1)).toBe('f2');
      expect(out[f]!.arr_0!.values).toEqual(Array.from(data));
      expect(out[f]!.arr_0!.dtype[0]).toBe(f.includes('big') ? '>' : '<');
    }
    for (const f of files.slice(-2)) {
      expect(out[f]!.a!.values).toEqual(Array.from(data));
      expect(out[f]!.b!.values).toEqual(Array.from(f64));
      expect(out[f]!.b!.dtype).toBe('<f8');
    }
  });
});
