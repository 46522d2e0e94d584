import { checkInteger } from '@interp/core';
import { createThreadPool, resolveThreads, simdModule, type ThreadPool } from '@interp/kernels';
import { createKernelMemory } from './createKernelMemory';
import { createMlpForwardPhases, type MlpForwardThreadInit } from './createMlpForwardPhases';
import type { MlpConfig } from './mlpConfig';
import type { MlpWeights } from './mlpWeights';

/**
 * A forward pass of a trained MLP up to one hook point on the WebAssembly SIMD kernels of `@interp/kernels`,
 * rows split over a thread pool: see {@link createMlpKernelForward}.
 *
 * @example
 * ```ts
 * const forward: MlpKernelForward = await createMlpKernelForward(model, { hook: 'hidden.post', threads: 2 });
 * const acts = await forward.run(inputs, rows); // [rows, forward.width]
 * forward.dispose();
 * ```
 */
export interface MlpKernelForward {
  /** Threads the pass runs on. */
  readonly threads: number;
  /** Why fewer threads run than were asked for, if so (no shared memory, no threaded SIMD, ...). */
  readonly note?: string;
  /** The hook point the pass ends at (`hidden.post`, ...). */
  readonly hook: string;
  /** Width of the activations at the hook. */
  readonly width: number;
  /** Most rows one {@link MlpKernelForward.run} takes (the `batchSize` option). */
  readonly maxRows: number;
  /** The activations at the hook of `rows` raw (unscaled) input rows `[rows, inputSize]`: a new `[rows, width]` array. */
  run(inputs: Float32Array, rows: number): Promise<Float32Array>;
  /** Stops the workers. */
  dispose(): void;
}

const kernelHooks = ['hidden.pre', 'hidden.post', 'bottleneck.pre', 'bottleneck.post', 'output'] as const;

/**
 * Why {@link createMlpKernelForward} cannot run this model up to `hook` (`undefined` when it can): it needs a
 * ReLU hidden layer, a ReLU or linear bottleneck where the pass goes through it, a hook after the input, and
 * WebAssembly SIMD.
 *
 * @example
 * ```ts
 * import { mlpKernelForwardSupport } from '@interp/models';
 * const why = mlpKernelForwardSupport(model.config, 'hidden.post');
 * if (why) console.log(`tfjs forward: ${why}`);
 * ```
 */
export function mlpKernelForwardSupport(config: MlpConfig, hook: string): string | undefined {
  if (!(kernelHooks as readonly string[]).includes(hook)) return `hook must be one of ${kernelHooks.join(', ')} for the kernel forward, got '${hook}'`;
  if (config.hiddenActivation !== 'relu') return `the kernel forward needs a relu hidden layer (this model: ${config.hiddenActivation})`;
  const throughBottleneck = hook === 'bottleneck.post' || hook === 'output';
  if (throughBottleneck && config.bottleneckActivation !== 'relu' && config.bottleneckActivation !== 'linear') {
    return `the kernel forward needs a relu or linear bottleneck (this model: ${config.bottleneckActivation})`;
  }
  if (simdModule(false) === null) return 'WebAssembly SIMD is unavailable';
  return undefined;
}

/**
 * Prepares a forward pass of `model` up to `hook` on the WebAssembly SIMD kernels, rows split over `threads`
 * threads (default 1; more need `SharedArrayBuffer` and workers, as `trainMlp`'s `threads`). Every layer is a
 * matMul whose accumulators start from the bias and add one rounded product per input in order, clamped for
 * ReLU: what tfjs' fused `matMul` computes on its wasm backend (XNNPACK), so the activations are the floats of
 * `model.forward` with a hook at `hook` on that backend, on any thread count. `batchSize` is the most rows one
 * `run` takes (default 2048). Throws when {@link mlpKernelForwardSupport} gives a reason.
 *
 * @example
 * ```ts
 * import { createMlpKernelForward } from '@interp/models';
 * const forward = await createMlpKernelForward(model, { hook: 'hidden.post', threads: 2, batchSize: 4096 });
 * try {
 *   for (let r = 0; r < rows; r += forward.maxRows) {
 *     const n = Math.min(forward.maxRows, rows - r);
 *     const acts = await forward.run(inputs.subarray(r * 10, (r + n) * 10), n); // [n, 512]
 *   }
 * } finally {
 *   forward.dispose();
 * }
 * ```
 * @throws RangeError naming a bad option; Error when the kernels cannot run this model or hook.
 */
export async function createMlpKernelForward(
  model: { readonly config: MlpConfig; getWeights(): MlpWeights },
  options: { hook?: string; threads?: number; batchSize?: number } = {},
): Promise<MlpKernelForward> {
  const config = model.config;
  const hook = options.hook ?? 'hidden.post';
  const maxRows = options.batchSize ?? 2048;
  checkInteger(maxRows, 'createMlpKernelForward: batchSize', { min: 1, max: 1 << 22 });
  const support = resolveThreads(options.threads ?? 1, 'createMlpKernelForward: threads');
  const why = mlpKernelForwardSupport(config, hook);
  if (why) throw new Error(`createMlpKernelForward: ${why}`);
  const sharedSimd = support.threads > 1 ? simdModule(true) !== null : true;
  const threads = sharedSimd ? support.threads : 1;
  const note = support.note ?? (sharedSimd ? undefined : 'WebAssembly SIMD with shared memory is unavailable');
  const { inputSize: I, hiddenSize: H, bottleneckSize: C, outputSize: O } = config;
  const depth = hook.startsWith('hidden') ? 1 : hook.startsWith('bottleneck') ? 2 : 3;
  const bottleneckFlags = hook === 'bottleneck.pre' || config.bottleneckActivation === 'linear' ? 1 : 3;
  const flags: [number, number, number] = [hook === 'hidden.pre' ? 1 : 3, bottleneckFlags, 1];
  const width = depth === 1 ? H : depth === 2 ? C : O;
  const { layout, heap, init: poolInit, buffer } = createKernelMemory(
    {
      w1: I * H,
      b1: H,
      w2: H * C,
      b2: C,
      w3: C * O,
      b3: O,
      scale: I,
      shift: I,
      x: maxRows * I,
      h1: maxRows * H,
      h2: depth >= 2 ? maxRows * C : 0,
      out: depth >= 3 ? maxRows * O : 0,
    },
    threads,
  );
  const weights = model.getWeights();
  const put = (name: string, at: number): void => heap.set((weights[name] as { data: Float32Array }).data, at);
  put('hidden.weight', layout.w1);
  put('hidden.bias', layout.b1);
  put('bottleneck.weight', layout.w2);
  put('bottleneck.bias', layout.b2);
  put('output.weight', layout.w3);
  put('output.bias', layout.b3);
  heap.set(config.inputScale, layout.scale);
  heap.set(config.inputShift, layout.shift);
  const params = new Float64Array(buffer(8 * 4));
  const init: MlpForwardThreadInit = {
    ...poolInit,
    params,
    layout,
    sizes: { i: I, h: H, c: C, o: O },
    // Mlp.forward skips the scaling ops when every scale is 1 and every shift 0
    scaleInputs: !(config.inputScale.every((s) => s === 1) && config.inputShift.every((s) => s === 0)),
    depth,
    flags,
  };
  const pool: ThreadPool = await createThreadPool(init, createMlpForwardPhases, 'parallel MLP forward');
  const at = depth === 1 ? layout.h1 : depth === 2 ? layout.h2 : layout.out;
  let disposed = false;
  return {
    threads,
    ...(note === undefined ? {} : { note }),
    hook,
    width,
    maxRows,
    async run(inputs, rows) {
      if (disposed) throw new Error('MlpKernelForward.run: disposed');
      checkInteger(rows, 'MlpKernelForward.run: rows', { min: 0, max: maxRows });
      if (inputs.length < rows * I) throw new RangeError(`MlpKernelForward.run: inputs must hold rows x ${I} = ${rows * I} values, got ${inputs.length}`);
      heap.set(inputs.subarray(0, rows * I), layout.x);
      params[0] = rows;
      await pool.run(1, Math.max(1, Math.min(threads, Math.ceil(rows / 4))));
      // a new array filled by set(): Float32Array.prototype.slice copies a view on a wasm memory element by element
      const out = new Float32Array(rows * width);
      out.set(heap.subarray(at, at + rows * width));
      return out;
    },
    dispose() {
      disposed = true;
      pool.dispose();
    },
  };
}
