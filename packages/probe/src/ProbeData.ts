import type { SplitLatents, TaskConfig } from '@interp/dataset';

/**
 * The rows the probe functions work on: a `DatasetSplit` of `@interp/dataset` fits as is.
 * Only `rows`, `inputs` and `latents` are required; `columns`, `numInputs`, `config` and
 * `targets` default to the reference task's (targets default to `latents.target`).
 *
 * @example
 * ```ts
 * import { generateDataset } from '@interp/dataset';
 * const data: ProbeData = generateDataset({ rows: 1000, seed: 1 });
 * ```
 */
export interface ProbeData {
  /** Number of rows. */
  rows: number;
  /** Row-major `[rows, numInputs]` raw inputs. */
  inputs: Float32Array;
  /** Ground-truth latents per row (`p1, p2, a, b, diff, target`). */
  latents: SplitLatents;
  /** Inputs per row (default: `inputs.length / rows`). */
  numInputs?: number;
  /** Input column names (default `c1_0 ... p2` of the task). */
  columns?: string[];
  /** Task shape (default: 4 digits per column, digits 0-9). */
  config?: TaskConfig;
  /** `[rows]` targets (default `latents.target`). */
  targets?: Float32Array;
}
