import { allocateSplit, setRow, type DatasetSplit } from './createSplit';
import { createRng, deriveSeed } from '@interp/core';
import { getNumInputs, resolveTaskConfig, type TaskConfig } from './taskConfig';

/**
 * Options of {@link generateDataset}.
 *
 * @example
 * ```ts
 * import { generateDataset, type GenerateDatasetOptions } from '@interp/dataset';
 * const train = generateDataset({ rows: 8000, seed: 1 });
 * const options: GenerateDatasetOptions = { rows: 1000, seed: 2, exclude: [train] };
 * const test = generateDataset(options); // no row of `train` appears in `test`
 * ```
 */
export interface GenerateDatasetOptions extends Partial<TaskConfig> {
  /** Number of rows. */
  rows: number;
  /** Seed of the generator (sfc32); the same seed gives the same rows everywhere. */
  seed: number;
  /** Splits whose rows must not appear in this one (rows are redrawn). */
  exclude?: ReadonlyArray<DatasetSplit>;
}

/**
 * A key identifying a row's content.
 *
 * @internal
 */
export function rowKey(inputs: Float32Array, offset: number, width: number): string {
  let key = '';
  for (let i = 0; i < width; i++) key += String.fromCharCode(48 + (inputs[offset + i] as number));
  return key;
}

/**
 * Keys of every row of the given splits.
 *
 * @internal
 */
export function collectRowKeys(splits: ReadonlyArray<DatasetSplit>): Set<string> {
  const keys = new Set<string>();
  for (const s of splits) {
    for (let r = 0; r < s.rows; r++) keys.add(rowKey(s.inputs, r * s.numInputs, s.numInputs));
  }
  return keys;
}

/**
 * Generates `rows` uniformly random rows of the index-arithmetic task: every
 * digit uniform in `0..digitMax`, every pointer uniform in `0..columnLength-1`,
 * target `|c1[p1] - c2[p2]|`.
 *
 * @example
 * ```ts
 * const train = generateDataset({ rows: 8000, seed: 42 });
 * train.inputs.length; // 80000
 * ```
 * @throws RangeError naming `rows`, `seed` or a task parameter when out of range,
 * or when `exclude` leaves too few distinct rows to draw from.
 */
export function generateDataset(options: GenerateDatasetOptions): DatasetSplit {
  const { rows, seed, exclude = [], ...task } = options;
  const cfg = resolveTaskConfig(task);
  if (!Number.isInteger(rows) || rows < 0 || rows > 100_000_000) {
    throw new RangeError(`generateDataset: rows must be an integer in [0, 100000000], got ${String(rows)}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`generateDataset: seed must be an integer, got ${String(seed)}`);
  const width = getNumInputs(cfg);
  const L = cfg.columnLength;
  const excluded = collectRowKeys(exclude);
  const space = (cfg.digitMax + 1) ** (2 * L) * L * L;
  if (excluded.size >= space) {
    throw new RangeError(`generateDataset: exclude covers all ${space} possible rows; nothing left to draw`);
  }
  const rng = createRng(seed);
  const split = allocateSplit(rows, cfg);
  split.seed = seed;
  const row = new Array<number>(width);
  const scratch = new Float32Array(width);
  for (let r = 0; r < rows; r++) {
    for (let attempt = 0; ; attempt++) {
      for (let i = 0; i < width; i++) {
        const isPointer = i === L || i === 2 * L + 1;
        row[i] = rng.nextInt(isPointer ? L : cfg.digitMax + 1);
        scratch[i] = row[i] as number;
      }
      if (excluded.size === 0 || !excluded.has(rowKey(scratch, 0, width))) break;
      if (attempt > 10_000) throw new Error('generateDataset: could not draw a row outside `exclude`');
    }
    setRow(split, r, row);
  }
  return split;
}

/**
 * Sizes and seed of {@link generateSplits}.
 *
 * @example
 * ```ts
 * import { generateSplits, type GenerateSplitsOptions } from '@interp/dataset';
 * const options: GenerateSplitsOptions = { seed: 7, train: 2000, val: 500, test: 500 };
 * const { train } = generateSplits(options);
 * train.rows; // 2000
 * ```
 */
export interface GenerateSplitsOptions extends Partial<TaskConfig> {
  /** Base seed; each split draws from its own derived seed. Default 42. */
  seed?: number;
  /** Training rows, default 8000. */
  train?: number;
  /** Validation rows, default 1000. */
  val?: number;
  /** Test rows, default 1000. */
  test?: number;
  /** Allow a row to occur in more than one split (default false: splits are disjoint). */
  allowOverlap?: boolean;
}

/**
 * The three splits of the reference pipeline.
 *
 * @example
 * ```ts
 * import { generateSplits, type DatasetSplits } from '@interp/dataset';
 * const splits: DatasetSplits = generateSplits({ seed: 42 });
 * splits.train.rows + splits.val.rows + splits.test.rows; // 10000
 * ```
 */
export interface DatasetSplits {
  train: DatasetSplit;
  val: DatasetSplit;
  test: DatasetSplit;
}

/**
 * Generates disjoint train / val / test splits (8000 / 1000 / 1000 by default),
 * each from its own seed derived from `seed`.
 *
 * @example
 * ```ts
 * const { train, val, test } = generateSplits({ seed: 42 });
 * ```
 */
export function generateSplits(options: GenerateSplitsOptions = {}): DatasetSplits {
  const { seed = 42, train = 8000, val = 1000, test = 1000, allowOverlap = false, ...task } = options;
  const testSplit = generateDataset({ ...task, rows: test, seed: deriveSeed(seed, 'test') });
  const valSplit = generateDataset({
    ...task,
    rows: val,
    seed: deriveSeed(seed, 'val'),
    exclude: allowOverlap ? [] : [testSplit],
  });
  const trainSplit = generateDataset({
    ...task,
    rows: train,
    seed: deriveSeed(seed, 'train'),
    exclude: allowOverlap ? [] : [valSplit, testSplit],
  });
  return { train: trainSplit, val: valSplit, test: testSplit };
}
