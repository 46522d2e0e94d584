import { computeLatents, findRowProblem } from './computeLatents';
import { getInputColumns, getNumInputs, resolveTaskConfig, type TaskConfig } from './taskConfig';

/**
 * Ground-truth latents of every row of a split, column-wise.
 *
 * @example
 * ```ts
 * import { generateDataset, type SplitLatents } from '@interp/dataset';
 * const latents: SplitLatents = generateDataset({ rows: 100, seed: 1 }).latents;
 * latents.target[0] === Math.abs(latents.a[0]! - latents.b[0]!); // true
 * ```
 */
export interface SplitLatents {
  p1: Int32Array;
  p2: Int32Array;
  a: Int32Array;
  b: Int32Array;
  diff: Int32Array;
  target: Int32Array;
}

/**
 * A dataset split: row-major inputs and targets ready for a model, plus the
 * ground-truth latents of every row. Plain data: JSON-friendly and browser-safe.
 *
 * @example
 * ```ts
 * import { generateDataset, getRow, type DatasetSplit } from '@interp/dataset';
 * const split: DatasetSplit = generateDataset({ rows: 100, seed: 1 });
 * split.inputs.length;  // 100 * split.numInputs = 1000
 * getRow(split, 0);     // the 10 digits and pointers of row 0
 * split.targets[0];     // its target, split.latents.target[0]
 * ```
 */
export interface DatasetSplit {
  /** Number of rows. */
  rows: number;
  /** Inputs per row (10 for the reference task). */
  numInputs: number;
  /** Input column names, `c1_0 ... p2`. */
  columns: string[];
  /** Row-major `[rows, numInputs]` inputs. */
  inputs: Float32Array;
  /** `[rows]` targets. */
  targets: Float32Array;
  /** Ground-truth latents per row. */
  latents: SplitLatents;
  /** The task shape. */
  config: TaskConfig;
  /** The seed the rows were generated with, when generated. */
  seed?: number;
}

/**
 * Builds a split from plain rows, computing targets and latents.
 *
 * @example
 * ```ts
 * const split = createSplit([[8, 9, 5, 1, 3, 2, 9, 4, 7, 1]]);
 * split.targets[0]; // 8
 * ```
 * @throws RangeError naming the row and column of an invalid value.
 */
export function createSplit(rows: ReadonlyArray<ArrayLike<number>>, config: Partial<TaskConfig> = {}): DatasetSplit {
  const cfg = resolveTaskConfig(config);
  const split = allocateSplit(rows.length, cfg);
  rows.forEach((row, r) => {
    const problem = findRowProblem(row, cfg);
    if (problem) {
      const column = split.columns[problem.column] ?? `#${problem.column}`;
      throw new RangeError(`createSplit: row ${r}, column ${column}: ${problem.message}`);
    }
    setRow(split, r, row);
  });
  return split;
}

/**
 * Allocates an empty split of `rows` rows.
 *
 * @internal
 */
export function allocateSplit(rows: number, cfg: TaskConfig): DatasetSplit {
  const numInputs = getNumInputs(cfg);
  return {
    rows,
    numInputs,
    columns: getInputColumns(cfg),
    inputs: new Float32Array(rows * numInputs),
    targets: new Float32Array(rows),
    latents: {
      p1: new Int32Array(rows),
      p2: new Int32Array(rows),
      a: new Int32Array(rows),
      b: new Int32Array(rows),
      diff: new Int32Array(rows),
      target: new Int32Array(rows),
    },
    config: cfg,
  };
}

/**
 * Writes a validated row and its latents into a split.
 *
 * @internal
 */
export function setRow(split: DatasetSplit, r: number, row: ArrayLike<number>): void {
  const lat = computeLatents(row, split.config);
  split.inputs.set(Array.from(row), r * split.numInputs);
  split.targets[r] = lat.target;
  split.latents.p1[r] = lat.p1;
  split.latents.p2[r] = lat.p2;
  split.latents.a[r] = lat.a;
  split.latents.b[r] = lat.b;
  split.latents.diff[r] = lat.diff;
  split.latents.target[r] = lat.target;
}

/**
 * Returns row `r` of a split as a plain number array.
 *
 * @example
 * ```ts
 * getRow(split, 0); // [8, 9, 5, 1, 3, 2, 9, 4, 7, 1]
 * ```
 */
export function getRow(split: DatasetSplit, r: number): number[] {
  if (!Number.isInteger(r) || r < 0 || r >= split.rows) {
    throw new RangeError(`getRow: row must be an integer in [0, ${split.rows - 1}], got ${r}`);
  }
  return Array.from(split.inputs.subarray(r * split.numInputs, (r + 1) * split.numInputs));
}
