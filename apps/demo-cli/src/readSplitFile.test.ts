import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '@interp/dataset';
import { writeDatasetXlsx } from '@interp/dataset/node';
import { readSplitFile } from './readSplitFile';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'interp-read-split-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readSplitFile', () => {
  it('parses a file once per content: the same bytes give the same split, new bytes are parsed again', async () => {
    const path = join(dir, 'mlp_train.xlsx');
    const first = generateDataset({ rows: 30, seed: 1 });
    await writeDatasetXlsx(path, first);
    const a = await readSplitFile(path);
    expect(Array.from(a.targets)).toEqual(Array.from(first.targets));
    expect(await readSplitFile(path)).toBe(a);
    const second = generateDataset({ rows: 40, seed: 2 });
    await writeDatasetXlsx(path, second);
    const b = await readSplitFile(path);
    expect(b).not.toBe(a);
    expect(b.rows).toBe(40);
    expect(Array.from(b.targets)).toEqual(Array.from(second.targets));
  });

  it('fails on a missing file as readDatasetXlsx does, naming it', async () => {
    await expect(readSplitFile(join(dir, 'missing.xlsx'))).rejects.toThrow(/missing\.xlsx.*file not found/);
  });
});
