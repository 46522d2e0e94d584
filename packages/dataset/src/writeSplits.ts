import { join } from 'node:path';
import type { DatasetSplits } from './generateDataset';
import { readDatasetXlsx } from './readDatasetXlsx';
import { writeDatasetXlsx } from './writeDatasetXlsx';

/**
 * File names of the three splits, as in the reference run.
 *
 * @example
 * ```ts
 * import { splitFileNames } from '@interp/dataset/node';
 * splitFileNames.train; // 'mlp_train.xlsx'
 * splitFileNames.val;   // 'mlp_val.xlsx'
 * splitFileNames.test;  // 'mlp_test.xlsx'
 * ```
 */
export const splitFileNames = Object.freeze({
  train: 'mlp_train.xlsx',
  val: 'mlp_val.xlsx',
  test: 'mlp_test.xlsx',
});

/**
 * Writes the three splits as `mlp_train.xlsx`, `mlp_val.xlsx` and `mlp_test.xlsx` in `dir`.
 *
 * @example
 * ```ts
 * const files = await writeSplits('interp-out', generateSplits({ seed: 42 }));
 * files.train; // 'interp-out/mlp_train.xlsx'
 * ```
 */
export async function writeSplits(
  dir: string,
  splits: DatasetSplits,
  onSplit?: (name: keyof DatasetSplits, rows: number, path: string) => void,
): Promise<{ train: string; val: string; test: string }> {
  const files = {
    train: join(dir, splitFileNames.train),
    val: join(dir, splitFileNames.val),
    test: join(dir, splitFileNames.test),
  };
  for (const name of ['train', 'val', 'test'] as const) {
    await writeDatasetXlsx(files[name], splits[name]);
    onSplit?.(name, splits[name].rows, files[name]);
  }
  return files;
}

/**
 * Reads the three splits back from `dir`.
 *
 * @example
 * ```ts
 * const { train, val, test } = await readSplits('interp-out');
 * ```
 */
export async function readSplits(dir: string): Promise<DatasetSplits> {
  return {
    train: await readDatasetXlsx(join(dir, splitFileNames.train)),
    val: await readDatasetXlsx(join(dir, splitFileNames.val)),
    test: await readDatasetXlsx(join(dir, splitFileNames.test)),
  };
}
