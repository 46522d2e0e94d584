import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNpyFile, writeNpzFile } from '@interp/npy/node';
import { writeSafetensorsFile } from '@interp/safetensors/node';
import { encodeFloat16 } from '@interp/safetensors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActivationShards, readActivationBatches, readActivations, readActivationsInfo } from './node';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harvest-shards-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const width = 3;
const rowsOf = (start: number, n: number) => Float32Array.from({ length: n * width }, (_, i) => start * width + i + 0.5);

describe('a folder of activation shards', () => {
  it('reads safetensors, .npy (C and Fortran, f2/f8, 3-D) and .npz shards as one stream in natural name order', async () => {
    const d = join(dir, 'mixed');
    await mkdir(d);
    // rows 0-4 in shard1, 5-10 in shard2 (3-D [2, 3, width]), 11-13 in shard10 (npz), 14-17 in shard3 (Fortran f8), 18-19 shard4 (F16 safetensors)
    await writeSafetensorsFile(join(d, 'shard1.safetensors'), { activations: { shape: [5, width], data: rowsOf(0, 5) } }, { hook: 'blocks.0' });
    await writeNpyFile(join(d, 'shard2.npy'), { shape: [2, 3, width], data: rowsOf(5, 6) });
    await writeNpyFile(join(d, 'shard3.npy'), { dtype: 'f8', shape: [4, width], data: Float64Array.from(rowsOf(11, 4)) }, { fortranOrder: true, endian: 'big' });
    await writeSafetensorsFile(join(d, 'shard4.safetensors'), { x: { dtype: 'F16', shape: [2, width], data: encodeFloat16(rowsOf(15, 2)) } });
    await writeNpzFile(join(d, 'shard10.npz'), { activations: { shape: [3, width], data: rowsOf(17, 3) } }, { compress: true });
    await writeFile(join(d, 'README.txt'), 'not a shard');
    await writeFile(join(d, '.shard0.npy.tmp'), 'half-written');
    const info = await readActivationsInfo(d);
    expect(info.shards!.map((s) => [s.path.slice(d.length + 1), s.rows, s.format])).toEqual([
      ['shard1.safetensors', 5, 'safetensors'],
      ['shard2.npy', 6, 'npy'],
      ['shard3.npy', 4, 'npy'],
      ['shard4.safetensors', 2, 'safetensors'],
      ['shard10.npz', 3, 'npz'],
    ]);
    expect([info.rows, info.width, info.hook]).toEqual([20, width, 'blocks.0']);
    const want = Array.from(rowsOf(0, 20));
    const whole = await readActivations(d);
    expect(Array.from(whole.data)).toEqual(want);
    const batches = [];
    for await (const b of readActivationBatches(d, 7)) batches.push(b);
    expect(batches.map((b) => [b.rowStart, b.rows])).toEqual([[0, 7], [7, 7], [14, 6]]);
    expect(batches.flatMap((b) => Array.from(b.data))).toEqual(want);
    // re-iterable: a function makes one pass per epoch
    const open = () => readActivationBatches(d, 8);
    let rows = 0;
    for (let epoch = 0; epoch < 2; epoch++) for await (const b of open()) rows += b.rows;
    expect(rows).toBe(40);
  });

  it('reads shards of several blocks into one array: each block at its rows, a NaN named by its row in the shard', async () => {
    // rows of 400,000 floats: readActivations reads 2 rows (about 4 MB) at a time, so 5 rows take 3 blocks per shard
    const wide = 400_000;
    const d = join(dir, 'wide');
    await mkdir(d);
    const rowsOfWide = (start: number, n: number) => Float32Array.from({ length: n * wide }, (_, i) => start * wide + i);
    await writeSafetensorsFile(join(d, 'a.safetensors'), { activations: { shape: [5, wide], data: rowsOfWide(0, 5) } });
    await writeNpyFile(join(d, 'b.npy'), { shape: [3, wide], data: rowsOfWide(5, 3) });
    const whole = await readActivations(d);
    expect([whole.rows, whole.width]).toEqual([8, wide]);
    const want = rowsOfWide(0, 8);
    let firstDiff = -1;
    for (let i = 0; i < want.length && firstDiff < 0; i++) if (whole.data[i] !== want[i]) firstDiff = i;
    expect(firstDiff).toBe(-1);
    const nan = rowsOfWide(0, 5);
    nan[4 * wide + 7] = NaN;
    await writeSafetensorsFile(join(d, 'a.safetensors'), { activations: { shape: [5, wide], data: nan } });
    await expect(readActivations(d)).rejects.toThrow(/a\.safetensors: activation row 4, column 7 is NaN/);
  });

  it('names the file and the problem: width mismatch, NaN (row and column), empty folder, unknown type', async () => {
    const d = join(dir, 'bad');
    await mkdir(d);
    await expect(readActivationsInfo(d)).rejects.toThrow(/bad: the folder holds no activation files/);
    await writeNpyFile(join(d, 'a.npy'), { shape: [2, width], data: rowsOf(0, 2) });
    const nan = rowsOf(0, 4);
    nan[2 * width + 1] = NaN;
    await writeNpyFile(join(d, 'b.npy'), { shape: [4, width], data: nan });
    await expect(readActivations(d)).rejects.toThrow(/b\.npy: activation row 2, column 1 is NaN/);
    await writeNpyFile(join(d, 'c.npy'), { shape: [1, 5], data: new Float32Array(5) });
    await expect(listActivationShards(d)).rejects.toThrow(/c\.npy: width 5 differs from .*a\.npy's 3/);
    await writeFile(join(dir, 'acts.csv'), '1,2\n');
    await expect(readActivationsInfo(join(dir, 'acts.csv'))).rejects.toThrow(/acts\.csv: unknown activation file type "\.csv"/);
    await expect(readActivationsInfo(join(dir, 'nope'))).rejects.toThrow(/nope: cannot open for reading: file not found/);
    await writeFile(join(dir, 'empty.npy'), '');
    await expect(readActivationsInfo(join(dir, 'empty.npy'))).rejects.toThrow(/empty\.npy: empty file/);
  });
});
