import type * as tf from '@tensorflow/tfjs-core';

/**
 * What harvesting needs of a model: its input width, hook points and their widths, and a forward pass
 * that calls hooks by hook point name. `Mlp` from `@interp/models` is one.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { harvestActivations, type HarvestModel } from '@interp/harvest';
 * // a model of your own: one hook point 'relu' of width 4 after a fixed linear layer
 * const w = tf.randomNormal([3, 4], 0, 1, 'float32', 1) as tf.Tensor2D;
 * const model: HarvestModel = {
 *   config: { inputSize: 3 },
 *   hookPoints: ['relu'],
 *   hookWidth: () => 4,
 *   forward(x, options) {
 *     const a = tf.relu(tf.matMul(x, w));
 *     return (options?.hooks?.relu?.(a, 'relu') ?? a) as tf.Tensor2D;
 *   },
 * };
 * const acts = await harvestActivations(model, new Float32Array(30), { hook: 'relu' }); // 10 rows x 4
 * ```
 */
export interface HarvestModel {
  readonly config: { readonly inputSize: number };
  readonly hookPoints: readonly string[];
  hookWidth(hookName: string): number;
  forward(
    inputs: tf.Tensor2D,
    options?: { hooks?: Record<string, (activation: tf.Tensor2D, hookName: string) => tf.Tensor2D | void> },
  ): tf.Tensor2D;
}

/**
 * Rows to run the model on: a row-major `Float32Array` of `[rows, inputSize]`, or a dataset split such as
 * `@interp/dataset`'s `DatasetSplit` (`{ rows, numInputs, inputs }`).
 *
 * @example
 * ```ts
 * import { harvestActivations, type HarvestInput } from '@interp/harvest';
 * import { generateDataset } from '@interp/dataset';
 * const split: HarvestInput = generateDataset({ rows: 1000, seed: 1 });   // a DatasetSplit
 * const raw: HarvestInput = new Float32Array(1000 * 10);                    // or [rows, inputSize] values
 * const acts = await harvestActivations(model, split);
 * ```
 */
export type HarvestInput = Float32Array | { readonly rows: number; readonly inputs: Float32Array; readonly numInputs?: number };

/**
 * A `[rows, width]` block of activations, row-major, rows in dataset order.
 *
 * @example
 * ```ts
 * import { harvestBatches, type ActivationBatch } from '@interp/harvest';
 * for await (const batch of harvestBatches(model, split, { batchSize: 512 })) {
 *   const b: ActivationBatch = batch;
 *   console.log(`rows ${b.rowStart}..${b.rowStart + b.rows - 1}`, b.data.length === b.rows * b.width);
 * }
 * ```
 */
export interface ActivationBatch {
  /** Dataset index of the first row. */
  rowStart: number;
  rows: number;
  width: number;
  /** `rows * width` values. */
  data: Float32Array;
}

/**
 * Progress of a harvest, reported after every batch.
 *
 * @example
 * ```ts
 * import { harvestActivations, type HarvestProgress } from '@interp/harvest';
 * const onProgress = (p: HarvestProgress) => console.log(`${p.hook}: ${p.rowsDone}/${p.rows} rows`);
 * await harvestActivations(model, split, { onProgress });
 * ```
 */
export interface HarvestProgress {
  rowsDone: number;
  rows: number;
  hook: string;
  /** What ran the forward pass: the WebAssembly SIMD kernels (engine `'kernels'`) or the model's own `forward`. */
  engine?: 'kernels' | 'model';
  /** Threads the forward pass runs on (1 for the model's own `forward`). */
  threads?: number;
}

/**
 * Options of {@link harvestActivations} and {@link harvestBatches}.
 *
 * @example
 * ```ts
 * import { harvestActivations, type HarvestOptions } from '@interp/harvest';
 * const options: HarvestOptions = { hook: 'bottleneck.post', batchSize: 512 };
 * const acts = await harvestActivations(model, split, options); // acts.width = the bottleneck size
 * ```
 */
export interface HarvestOptions {
  /** The hook point to capture (default `'hidden.post'`). */
  hook?: string;
  /** Rows per forward pass (default 2048). Affects speed and memory, never the result. */
  batchSize?: number;
  /** Called after every batch. */
  onProgress?: (progress: HarvestProgress) => void;
  /**
   * `'model'` (default): the model's own forward (`'tfjs'` is accepted as another name for it). `'kernels'`: an MLP of `@interp/models` (`isMlp`) on tfjs'
   * `wasm` backend with a ReLU hidden layer (and a ReLU or linear bottleneck where the pass goes through it) runs
   * on the WebAssembly SIMD kernels of `@interp/kernels` (`createMlpKernelForward`), which give the floats of its
   * tfjs forward on that backend, rows split over `threads`; any other model or backend still runs its own forward
   * (`HarvestProgress.engine` says which ran). Not the default: a harvest is bound by copying its activations out,
   * not by the matMul, and the kernels were not faster at 8,000 rows (see the README).
   */
  engine?: 'model' | 'kernels' | 'tfjs';
  /**
   * Threads of the kernel forward (engine `'kernels'`; default 1; rows are split, so any count gives the same
   * activations). More than one starts worker threads (0.1 s or more on a busy machine).
   */
  threads?: number;
}
