import { createBusyWindow, createThreadPool, createWorkBalancer, type ThreadPool, type WorkBalancer } from '@interp/kernels';
import { createSharedSparseBuffers, createStepBuffer, createThreadKernels, PARAMS, PHASE_SLOTS, THREAD_PHASES } from './createThreadKernels';
import type { TrainingState } from './createTrainingState';
import type { EncodedChunk } from './evaluateSae';
import { combineVarianceSums, type StepStats } from './runTopKStep';

/** The TopK step and Adam update of {@link trainSae} on several threads (see {@link createThreadKernels}). */
export interface ParallelTopKTrainer {
  readonly threads: number;
  /** Seconds spent in each phase (indexed by {@link THREAD_PHASES} value; slot 0 is unused) since the trainer started; for profiling. */
  readonly phaseSeconds: Float64Array;
  /** Seconds each thread computed in each phase, `[thread * PHASE_SLOTS + phase]` (the rest of a phase's time is waiting). */
  readonly busySeconds: Float64Array;
  /**
   * One TopK (+ AuxK) step on the batch in the heap's x block; same results as `runTopKStep`. With `silentMax`,
   * the features marked in {@link ParallelTopKTrainer.silent} get their largest pre-activation over the batch in
   * the stats' `preMax` (computed on the threads; other entries are stale), else the stats hold `preT` when the step
   * ran on one thread or on a batch that is not a whole number of panels of 8 rows (else the pre-activations are laid
   * out in one block per thread, and the stats hold neither). With
   * `running` (1 to {@link ParallelTopKTrainer.threads}), the step's phases run on the first `running` threads only
   * (e.g. 1 on a busy machine), with the same results.
   */
  step(rows: number, k: number, kAux: number, auxCoefficient: number, silentMax?: boolean, running?: number): Promise<StepStats>;
  /** `[dSae]` marks (1) of the features whose `preMax` a `silentMax` step computes; the caller fills it before the step. */
  readonly silent: Uint8Array;
  /**
   * Encodes the first `rows` rows in the heap's x block with the current parameters (encoder product and
   * TopK selection: the codes only, no reconstruction) without touching the gradients; the codes are then in
   * {@link ParallelTopKTrainer.codes} (`idx`, `val`, `count`). For encoding and measuring between steps.
   */
  encode(rows: number): Promise<void>;
  /**
   * {@link ParallelTopKTrainer.encode}, then every row decoded as `Sae.decodeSparse` decodes it, with its squared
   * errors per element in {@link ParallelTopKTrainer.codes}' `sq` (and each row's, summed in order, in `rowSse`):
   * metrics summed from them equal those of the SAE's own `encodeSparse` and `decodeSparse` bit for bit, on any
   * thread count.
   */
  measure(rows: number): Promise<void>;
  /**
   * The sparse codes of the last step, {@link ParallelTopKTrainer.encode} or {@link ParallelTopKTrainer.measure}; the
   * per-row squared errors `rowSse` of the last step or measure (an encode leaves them); `sq` after a measure only.
   */
  readonly codes: EncodedChunk;
  /**
   * The decoder's projections `W_dec (x - b_dec)^T` of `n` rows, `[dSae, n]` (the encoder product kernel, bit for bit
   * as tfjs' wasm `matMul(W_dec, transpose(x - b_dec))`), for the encoder's initialisation: overwrites `W_enc`
   * (with `W_dec`), `b_enc` (zeros) and the batch buffers, which the caller initialises afterwards.
   */
  projectDecoder(rows: Float32Array, n: number): Promise<Float32Array>;
  /**
   * Projection, Adam and renormalisation with the accumulated gradients; same results as the one-thread update.
   * With `running`, on the first `running` threads only (as {@link ParallelTopKTrainer.step}).
   */
  update(lr: number, beta1: number, beta2: number, eps: number, t: number, running?: number): Promise<void>;
  /**
   * The features split of phases on every thread, following the threads' speeds (see {@link createParallelTopKTrainer}'s
   * `balance`); undefined on one thread or when not balancing.
   */
  readonly balancer: WorkBalancer | undefined;
  dispose(): void;
}


/**
 * Starts the worker threads of a TopK trainer on a state created with a shared heap
 * (`createTrainingState(..., shared = true)`; one thread runs on the caller alone, on any wasm heap).
 *
 * With `balance` (default) on more than one thread, the features split of the features phases (encoding, gradients,
 * update) follows each thread's measured speed ({@link WorkBalancer} of `@interp/kernels`, whole blocks of
 * `layout.biasBlock` features), so that a thread on a slower core gets fewer features; any bounds give the same floats.
 * On this 2-vCPU VM one vCPU ran the encoder product 1.4x slower than the other for hours on 4 December 2026.
 *
 * `encodeSplit` chooses how more than one thread shares the encoder product (one thread always runs the fused
 * rows path): `'features'` (default) centres and packs each thread's rows, then each thread encodes every row through
 * its own features, the ones whose `W_enc` rows it updates, then selects its own rows; `'rows'` has each thread centre,
 * encode and select its own rows in one phase, through every feature. The floats are the same. On this 2-vCPU VM
 * (`node bench/step.mjs --threads 2 --batch 256 --activations FILE --split rows|features`, 4 interleaved pairs, 4
 * December 2026) features ran 25,357-25,552 rows/s and rows 22,412-23,418: with rows, each thread reads the other's
 * `W_enc` rows, and the update's writes to them then wait for the other core's copies to be invalidated (the update
 * took 2.8 ms per step instead of 2.0).
 *
 * @example
 * ```ts
 * const state = createTrainingState(512, 2048, 512, 'auto', true);
 * const trainer = await createParallelTopKTrainer(state, 2, 32, 512);
 * const stats = await trainer.step(rows, 32, 512, 1 / 32);
 * await trainer.update(1e-3, 0.9, 0.999, 1e-8, 1);
 * trainer.dispose();
 * ```
 */
export async function createParallelTopKTrainer(
  state: TrainingState,
  threads: number,
  k: number,
  kAux: number,
  encodeSplit: 'rows' | 'features' = 'features',
  balance = true,
): Promise<ParallelTopKTrainer> {
  const memory = state.kernels.memory;
  if (!memory || (threads > 1 && !(memory.buffer instanceof SharedArrayBuffer))) {
    throw new Error('createParallelTopKTrainer: the training state needs wasm kernels, on a shared heap for more than one thread (createTrainingState(..., true))');
  }
  // one thread needs no SharedArrayBuffer (pages that are not cross-origin isolated)
  const shared = (bytes: number): ArrayBuffer | SharedArrayBuffer => createStepBuffer(bytes, threads > 1);
  const { maxBatch: B, dSae: S, dIn: d, layout: L, heap } = state;
  const sparse = createSharedSparseBuffers(B, k, kAux, S, threads > 1);
  const control = new Int32Array(shared(64));
  const params = new Float64Array(shared(8 * 16));
  params[PARAMS.stallMs] = 60_000;
  const busySeconds = new Float64Array(shared(8 * PHASE_SLOTS * threads));
  const featureBounds = new Int32Array(shared(4 * (threads + 1)));
  // the even split of whole bias blocks; with `balance`, the bounds then follow the threads' speeds
  const balancer = createWorkBalancer({ total: S, threads, grain: L.biasBlock, bounds: featureBounds });
  const pool: ThreadPool = await createThreadPool({
    busy: busySeconds,
    featureBounds,
    memory,
    control,
    params,
    errorText: new Uint8Array(shared(1024)),
    sparse,
    layout: L,
    dIn: d,
    dSae: S,
    threads,
  }, createThreadKernels, 'parallel SAE step');
  const { idx, val, count, rowSse, rowAuxSse } = sparse;
  // the exact-errors phase writes its f64 squared errors over the heap's aux and transposed-input blocks
  const sq = new Float64Array(memory.buffer, L.aux * 4, B * d);
  // the batch variance's per-dimension sums, which the centring phases write
  const varianceSums = new Float64Array(memory.buffer, L.vsum * 4, 2 * d);
  const phaseSeconds = new Float64Array(PHASE_SLOTS);
  // the phases split by features, whose busy seconds measure each thread's speed on its share
  const featurePhases: readonly number[] = [THREAD_PHASES.encode, THREAD_PHASES.gradients, THREAD_PHASES.auxGradients, THREAD_PHASES.update];
  const balancing = balance && threads > 1;
  // each thread's busy seconds in the features phases since the last balancing (a window run partly on fewer threads,
  // on an even split of fewer, measures nothing)
  const featureWindow = createBusyWindow({ threads });
  const featureBusy = new Float64Array(threads);
  /** Gives the balancer each thread's busy seconds in the features phases since the last call. */
  const rebalance = (): void => {
    if (!balancing) return;
    for (let t = 0; t < threads; t++) {
      let s = 0;
      for (const p of featurePhases) s += busySeconds[t * PHASE_SLOTS + p]!;
      featureBusy[t] = s;
    }
    const seconds = featureWindow.take(featureBusy);
    if (seconds) balancer.record(seconds);
  };
  const run = async (phase: number, running = threads): Promise<void> => {
    const started = performance.now();
    if (running !== threads && featurePhases.includes(phase)) featureWindow.invalidate();
    await pool.run(phase, running);
    phaseSeconds[phase]! += (performance.now() - started) / 1000;
  };
  /** Centres and encodes the batch; with `variance`, returns its total variance (else 0). */
  const encodeBatch = async (rows: number, variance: boolean, running = threads, codesOnly = false): Promise<number> => {
    if (rows > B) throw new Error(`createParallelTopKTrainer: ${rows} rows exceed the batch size ${B}`);
    params[PARAMS.rows] = rows;
    params[PARAMS.k] = k;
    params[PARAMS.codesOnly] = codesOnly ? 1 : 0;
    sparse.decodeProgress.fill(0);
    // the centring threads write the batch variance's per-dimension sums, each its own dimensions
    params[PARAMS.wantVariance] = variance ? 1 : 0;
    if (encodeSplit === 'rows' || running === 1) {
      // every thread centres its own rows, encodes and selects them
      await run(THREAD_PHASES.centreEncodeRowsSelectAndDecode, running);
    } else {
      // every thread centres and packs its own rows; encodes every row through its own features; selects its own rows
      await run(THREAD_PHASES.centreRows, running);
      await run(THREAD_PHASES.encode, running);
      await run(THREAD_PHASES.selectAndDecode, running);
    }
    return variance ? combineVarianceSums(varianceSums, d, rows) : 0;
  };
  return {
    threads,
    phaseSeconds,
    codes: { idx, val, count, k, rowSse, sq },
    silent: sparse.silent,
    async encode(rows) {
      await encodeBatch(rows, false, threads, true);
      rebalance();
    },
    async measure(rows) {
      await encodeBatch(rows, false, threads, true);
      await run(THREAD_PHASES.exactErrors);
      rebalance();
    },
    balancer: balancing ? balancer : undefined,
    busySeconds,
    async step(rows, kk, kAuxStep, auxCoefficient, silentMax = false, running = threads) {
      if (kk !== k || kAuxStep > kAux) throw new Error(`createParallelTopKTrainer: built for k=${k}, kAux<=${kAux}, got k=${kk}, kAux=${kAuxStep}`);
      const variance = await encodeBatch(rows, true, running);
      let threshold = 0;
      let active = 0;
      let sse = 0;
      for (let b = 0; b < rows; b++) {
        const n = count[b]!;
        if (n > 0) threshold += val[b * k]!;
        active += n;
        for (let t = 0; t < n; t++) state.fired[idx[b * k + t]!] = 1;
        sse += rowSse[b]!;
      }
      threshold /= rows;
      params[PARAMS.scale] = 2 / variance;
      params[PARAMS.silentMax] = silentMax ? 1 : 0;
      params[PARAMS.auxRan] = 0;
      await run(THREAD_PHASES.gradients, running);
      let auxLoss = 0;
      const kAStep = Math.min(kAuxStep, state.nDead);
      if (kAStep > 0 && auxCoefficient > 0 && sse > 0) {
        sparse.dead.set(state.dead.subarray(0, state.nDead));
        params[PARAMS.kAux] = kAStep;
        params[PARAMS.nDead] = state.nDead;
        await run(THREAD_PHASES.auxSelect, running);
        let auxSse = 0;
        for (let b = 0; b < rows; b++) auxSse += rowAuxSse[b]!;
        auxLoss = auxSse / sse;
        params[PARAMS.auxScale] = (2 * auxCoefficient) / sse;
        await run(THREAD_PHASES.auxGradients, running);
        params[PARAMS.auxRan] = 1;
      }
      // (on more than one thread, with whole panels of 8 rows, each thread's rows have their own block of the
      // pre-activations: no [dSae, rows] array to hand out. The rule is createThreadKernels' blockedPre, written twice
      // because the thread code is shipped to the workers as source text; the bit-for-bit test of the step against the
      // one-thread step checks which layouts hand out preT, and fails if the two rules disagree)
      const blocked = running > 1 && rows % 8 === 0;
      const pre = silentMax ? { preMax: sparse.preMax } : blocked ? {} : { preT: heap.subarray(L.pre, L.pre + S * rows) };
      return { loss: sse / variance, auxLoss, sparsityLoss: 0, active, threshold, ...pre };
    },
    async projectDecoder(data, n) {
      heap.copyWithin(L.wenc, L.wdec, L.wdec + S * d);
      heap.fill(0, L.benc, L.benc + S);
      const p = new Float32Array(S * n);
      for (let r0 = 0; r0 < n; r0 += B) {
        const rows = Math.min(B, n - r0);
        heap.set(data.subarray(r0 * d, (r0 + rows) * d), L.x);
        params[PARAMS.rows] = rows;
        await run(THREAD_PHASES.centreEncodeRows);
        for (let j = 0; j < S; j++) p.set(heap.subarray(L.pre + j * rows, L.pre + (j + 1) * rows), j * n + r0);
      }
      return p;
    },
    async update(lr, beta1, beta2, eps, t, running = threads) {
      const c1 = 1 - beta1 ** t;
      const c2 = Math.sqrt(1 - beta2 ** t);
      params[PARAMS.learningRate] = (lr * c2) / c1;
      params[PARAMS.beta1] = beta1;
      params[PARAMS.beta2] = beta2;
      params[PARAMS.epsilon] = eps * c2;
      await run(THREAD_PHASES.update, running);
      await run(THREAD_PHASES.decoderBias, running);
      rebalance();
    },
    dispose() {
      pool.dispose();
    },
  };
}
