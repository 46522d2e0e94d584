import { createBusyWindow, createThreadPool, createWorkBalancer, type ThreadPool, type WorkBalancer } from '@interp/kernels';
import { createKernelMemory } from './createKernelMemory';
import { createMlpThreadPhases, MLP_PARAMS, MLP_PHASES, type MlpThreadInit } from './createMlpThreadPhases';
import type { MlpConfig } from './mlpConfig';

/**
 * The MLP training step on `@interp/kernels` (WebAssembly SIMD, split over a thread pool): the parameters,
 * Adam moments and the epoch's rows live on one heap shared by the threads.
 *
 * @internal
 */
export interface MlpKernelTrainer {
  readonly threads: number;
  /** Copies the epoch's rows in the order of `perm` (its first `rows` entries) onto the heap. */
  loadEpoch(inputs: Float32Array, targets: Float32Array, perm: ArrayLike<number>, rows: number): void;
  /**
   * One Adam step on batch `s` of the epoch, on `threads` of the pool's threads (default all; the floats are
   * the same on any count); returns the batch's sum of squared errors (f32).
   */
  step(s: number, stepSize: number, decay: number, threads?: number): number | Promise<number>;
  /** A copy of the flat parameter vector (storage order). */
  parameters(): Float32Array;
  /**
   * The splits of the steps on every thread of the pool (the rows of the activations phase, the hidden units of the
   * update), following the threads' measured speeds; undefined on one thread or without `balance`.
   */
  readonly balancers: { rows: WorkBalancer; units: WorkBalancer } | undefined;
  dispose(): void;
}

/**
 * Steps per measurement of the balancers: a step's phases last about 0.2-0.3 ms each on the reference model, so one
 * step's busy times are mostly noise; 16 steps' sums (4-5 ms per phase and thread) follow a core that runs slower.
 */
const BALANCE_EVERY = 16;

/** Whether the kernel step supports this configuration (ReLU hidden layer; ReLU or linear bottleneck). */
export function supportsMlpKernels(config: MlpConfig): boolean {
  return config.hiddenActivation === 'relu' && (config.bottleneckActivation === 'relu' || config.bottleneckActivation === 'linear');
}

/**
 * Sets up the kernel trainer: `flat` are the initial parameters (storage order), `inputs` the scaled inputs
 * with their ones column (`[rows, inputSize + 1]`), `epochRows` the rows an epoch uses.
 *
 * @internal
 * @example
 * ```ts
 * const trainer = await createMlpKernelTrainer(config, flat, { batchSize: 256, epochRows: 64000, threads: 2, beta1, beta2, epsilon });
 * ```
 */
export async function createMlpKernelTrainer(
  config: MlpConfig,
  flat: Float32Array,
  options: { batchSize: number; epochRows: number; threads: number; beta1: number; beta2: number; epsilon: number; balance?: boolean },
): Promise<MlpKernelTrainer> {
  const { batchSize: B, epochRows, threads } = options;
  const ka = config.inputSize + 1;
  const ka4 = Math.ceil(ka / 4) * 4;
  const H = config.hiddenSize;
  const C = config.bottleneckSize;
  const O = config.outputSize;
  const size = flat.length;
  const { layout, heap, init: poolInit, buffer } = createKernelMemory(
    {
      p: size,
      m: size,
      v: size,
      g: size + (ka4 - ka) * H,
      w2t: C * H,
      xa: epochRows * ka4,
      y: epochRows * O,
      h1: B * H,
      h2: B * C,
      d: B * O + 4,
      sq: B * O,
      dz2: B * C,
      dz1: B * H,
      one: 4,
      gs: (4 + Math.ceil(O / 4) * 4) * C,
    },
    threads,
  );
  const params = new Float64Array(buffer(8 * 16));
  const init: MlpThreadInit = {
    ...poolInit,
    params,
    layout,
    sizes: { ka, ka4, h: H, c: C, o: O, b: B },
    bottleneckRelu: config.bottleneckActivation === 'relu',
    bounds: new Int32Array(buffer(4 * 2 * (threads + 1))),
    busy: new Float64Array(buffer(8 * 2 * threads)),
  };
  // the splits follow the threads' speeds (both start even), measured over BALANCE_EVERY steps
  const balancing = threads > 1 && options.balance !== false;
  const rowsBalancer = createWorkBalancer({ total: B, threads, grain: 4, bounds: init.bounds.subarray(0, threads + 1) });
  const unitsBalancer = createWorkBalancer({ total: H, threads, grain: 8, bounds: init.bounds.subarray(threads + 1) });
  // each phase's busy milliseconds per thread over BALANCE_EVERY steps; a window with steps on fewer threads measures nothing
  const rowsWindow = createBusyWindow({ threads, every: BALANCE_EVERY });
  const unitsWindow = createBusyWindow({ threads, every: BALANCE_EVERY });
  // each phase's cumulative busy milliseconds, a row of the threads' per phase (as the thread phases write them)
  const rowsBusy = init.busy.subarray(0, threads);
  const unitsBusy = init.busy.subarray(threads, 2 * threads);
  /** After a step on `count` threads: every {@link BALANCE_EVERY} steps on all threads, their busy times go to the balancers. */
  const account = (count: number): void => {
    if (!balancing) return;
    if (count !== threads) {
      rowsWindow.invalidate();
      unitsWindow.invalidate();
    }
    const rows = rowsWindow.take(rowsBusy);
    if (rows) rowsBalancer.record(rows);
    const units = unitsWindow.take(unitsBusy);
    if (units) unitsBalancer.record(units);
  };
  heap.set(flat, layout.p);
  heap[layout.one] = 1;
  const w2 = layout.p + ka * H;
  for (let j = 0; j < H; j++) for (let c = 0; c < C; c++) heap[layout.w2t + c * H + j] = heap[w2 + j * C + c] as number;
  params[MLP_PARAMS.b1] = Math.fround(options.beta1);
  params[MLP_PARAMS.c1] = Math.fround(1 - options.beta1);
  params[MLP_PARAMS.b2] = Math.fround(options.beta2);
  params[MLP_PARAMS.c2] = Math.fround(1 - options.beta2);
  params[MLP_PARAMS.epsilon] = Math.fround(options.epsilon);
  const pool: ThreadPool = await createThreadPool(init, createMlpThreadPhases, 'parallel MLP step');
  /** After a step on `count` threads: its measurements to the balancers, and its sum of squared errors. */
  const finish = (count: number): number => {
    account(count);
    return params[MLP_PARAMS.sse] as number;
  };
  return {
    threads: pool.threads,
    loadEpoch(inputs, targets, perm, rows) {
      // plain loops: a row is a dozen floats, and a subarray + set per row took twice as long (25 vs 10-25 ms an epoch of 64,000 rows)
      for (let i = 0; i < rows; i++) {
        const r = perm[i] as number;
        const row = layout.xa + i * ka4;
        const from = r * ka;
        for (let c = 0; c < ka; c++) heap[row + c] = inputs[from + c] as number;
        for (let c = ka; c < ka4; c++) heap[row + c] = 0;
        const y = layout.y + i * O;
        for (let o = 0; o < O; o++) heap[y + o] = targets[r * O + o] as number;
      }
    },
    step(s, stepSize, decay, count = pool.threads) {
      params[MLP_PARAMS.rowBase] = s * B;
      params[MLP_PARAMS.stepSize] = Math.fround(stepSize);
      params[MLP_PARAMS.decay] = Math.fround(decay);
      const first = pool.run(MLP_PHASES.activations, count);
      if (first) return first.then(() => pool.run(MLP_PHASES.update, count)).then(() => finish(count));
      const second = pool.run(MLP_PHASES.update, count);
      return second ? second.then(() => finish(count)) : finish(count);
    },
    parameters() {
      return heap.slice(layout.p, layout.p + size);
    },
    balancers: balancing ? { rows: rowsBalancer, units: unitsBalancer } : undefined,
    dispose() {
      pool.dispose();
    },
  };
}
