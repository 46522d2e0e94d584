import { DEFAULT_HOOK_POINT, createMlpKernelForward, isMlp, mlpKernelForwardSupport, type MlpKernelForward } from '@interp/models';
import * as tf from '@tensorflow/tfjs-core';
import type { ActivationBatch, HarvestInput, HarvestModel, HarvestOptions } from './HarvestModel';
import { resolveHarvestInput } from './resolveHarvestInput';
import { findNonFinite } from './findNonFinite';

/** Thrown by the capturing hook to end a forward pass early; never escapes {@link captureActivation}. */
const STOP_FORWARD = Object.freeze({ reason: 'harvest: activation captured' });

/**
 * Runs the forward pass only as far as `hook`: the hook keeps a copy of the activation and throws a
 * private sentinel, so the layers after it are never computed (tf.tidy inside the model frees the
 * intermediates). For `hidden.post` of the default MLP this skips the 512 x bottleneck matMul, most of
 * the FLOPs. The caller disposes the returned tensor.
 */
function captureActivation(model: HarvestModel, x: tf.Tensor2D, hook: string): tf.Tensor2D {
  let captured: tf.Tensor2D | undefined;
  try {
    const output = model.forward(x, {
      hooks: {
        [hook]: (activation) => {
          captured = tf.keep(activation.clone());
          throw STOP_FORWARD;
        },
      },
    });
    output.dispose(); // a model that swallowed the sentinel: the capture still holds
  } catch (e) {
    if (e !== STOP_FORWARD && (e as { cause?: unknown } | null)?.cause !== STOP_FORWARD) {
      captured?.dispose();
      throw e;
    }
  }
  if (!captured) throw new Error(`harvest: the model never called the hook ${JSON.stringify(hook)}`);
  return captured;
}

/**
 * The default rows per forward pass.
 *
 * @example
 * ```ts
 * import { DEFAULT_HARVEST_BATCH_SIZE, harvestActivations } from '@interp/harvest';
 * await harvestActivations(model, split, { batchSize: DEFAULT_HARVEST_BATCH_SIZE / 4 }); // less memory, same result
 * ```
 */
export const DEFAULT_HARVEST_BATCH_SIZE = 2048;

/**
 * Checks the hook name, batch size, engine and threads; returns the hook, the width of its activations and the
 * batch size (`harvestBatches` and `harvestToFile` check their options with it before any work).
 *
 * @internal
 * @example
 * ```ts
 * const { hook, width, batchSize } = resolveHarvestOptions(model, { hook: 'hidden.post' }); // 'hidden.post', 512, 2048
 * resolveHarvestOptions(model, { threads: 0 }); // throws 'harvest: threads must be an integer in [1, 256], got 0'
 * ```
 * @throws RangeError naming the bad option.
 */
export function resolveHarvestOptions(model: HarvestModel, options: HarvestOptions): { hook: string; width: number; batchSize: number } {
  // (@interp/core's checks are a devDependency of this package: the messages follow checkEnum / checkInteger)
  const engine: unknown = options.engine ?? 'model';
  if (engine !== 'model' && engine !== 'kernels' && engine !== 'tfjs') {
    throw new RangeError(`harvest: engine must be one of model, kernels (tfjs: the same as model), got ${JSON.stringify(engine)}`);
  }
  const threads: unknown = options.threads;
  if (threads !== undefined && (typeof threads !== 'number' || !Number.isSafeInteger(threads) || threads < 1 || threads > 256)) {
    throw new RangeError(`harvest: threads must be an integer in [1, 256], got ${typeof threads === 'number' ? String(threads) : JSON.stringify(threads)}`);
  }
  const hook = options.hook ?? DEFAULT_HOOK_POINT;
  if (!model.hookPoints.includes(hook)) {
    throw new RangeError(`harvest: unknown hook ${JSON.stringify(hook)}; valid hook points: ${model.hookPoints.join(', ')}`);
  }
  const batchSize = options.batchSize ?? DEFAULT_HARVEST_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`harvest: batchSize must be a positive integer, got ${batchSize}`);
  }
  return { hook, width: model.hookWidth(hook), batchSize };
}

/**
 * Runs a frozen model over the inputs in batches and yields the activations at one hook point, batch by
 * batch in dataset row order: the streaming form of {@link harvestActivations}, for harvests larger than
 * memory. Inputs are checked up front (width, NaN/infinite values); every batch of activations is checked
 * for NaN/infinite values, with an error naming the row and column.
 *
 * @example
 * ```ts
 * import { harvestBatches } from '@interp/harvest';
 * for await (const { rowStart, rows, data } of harvestBatches(model, split, { hook: 'hidden.post' })) {
 *   console.log(rowStart, rows, data.length);
 * }
 * ```
 */
export async function* harvestBatches(
  model: HarvestModel,
  input: HarvestInput,
  options: HarvestOptions = {},
): AsyncGenerator<ActivationBatch> {
  const { hook, width, batchSize } = resolveHarvestOptions(model, options);
  const { rows, inputs, width: inputSize } = resolveHarvestInput(input, model.config.inputSize);
  const useKernels = options.engine === 'kernels' && rows > 0 && tf.getBackend() === 'wasm' && isMlp(model) && mlpKernelForwardSupport(model.config, hook) === undefined;
  const kernel: MlpKernelForward | undefined = useKernels
    ? await createMlpKernelForward(model as Parameters<typeof createMlpKernelForward>[0], { hook, threads: options.threads ?? 1, batchSize: Math.min(batchSize, rows) })
    : undefined;
  try {
    yield* harvestRows(model, hook, width, batchSize, rows, inputs, inputSize, kernel, options);
  } finally {
    kernel?.dispose();
  }
}

async function* harvestRows(
  model: HarvestModel,
  hook: string,
  width: number,
  batchSize: number,
  rows: number,
  inputs: Float32Array,
  inputSize: number,
  kernel: MlpKernelForward | undefined,
  options: HarvestOptions,
): AsyncGenerator<ActivationBatch> {
  for (let rowStart = 0; rowStart < rows; rowStart += batchSize) {
    const n = Math.min(batchSize, rows - rowStart);
    if (kernel) {
      const data = await kernel.run(inputs.subarray(rowStart * inputSize, (rowStart + n) * inputSize), n);
      checkFinite(data, hook, width, rowStart);
      options.onProgress?.({ rowsDone: rowStart + n, rows, hook, engine: 'kernels', threads: kernel.threads });
      yield { rowStart, rows: n, width, data };
      continue;
    }
    const x = tf.tensor2d(inputs.subarray(rowStart * inputSize, (rowStart + n) * inputSize), [n, inputSize], 'float32');
    let data: Float32Array;
    try {
      const activation = captureActivation(model, x, hook);
      try {
        if (activation.shape[0] !== n || activation.shape[1] !== width) {
          throw new Error(`harvest: hook ${JSON.stringify(hook)} gave [${activation.shape.join(', ')}], expected [${n}, ${width}]`);
        }
        const values = await activation.data();
        // tfjs hands back a fresh array (or, on cpu, the disposed tensor's own): ours to keep without a copy.
        data = values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
      } finally {
        activation.dispose();
      }
    } finally {
      x.dispose();
    }
    checkFinite(data, hook, width, rowStart);
    options.onProgress?.({ rowsDone: rowStart + n, rows, hook, engine: 'model', threads: 1 });
    yield { rowStart, rows: n, width, data };
  }
}

function checkFinite(data: Float32Array, hook: string, width: number, rowStart: number): void {
  const bad = findNonFinite(data);
  if (bad >= 0) {
    throw new RangeError(
      `harvest: activation at hook ${JSON.stringify(hook)} is ${data[bad]} at row ${rowStart + Math.floor(bad / width)}, column ${bad % width} (the model's weights or inputs overflow)`,
    );
  }
}
