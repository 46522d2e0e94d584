import type { ThreadModules, ThreadPhases, ThreadPoolInit } from '@interp/kernels';
import type { HeapLayout } from './createTrainingState';
import type { SparseBuffers } from './runTopKStep';

/** Phases of the parallel TopK step, in the order {@link runTopKStepParallel} runs them. */
export const THREAD_PHASES = {
  /**
   * Features split: `pre = W_enc^T xc^T + b_enc` of every row of the batch (the gemm kernel, on the panels that
   * {@link THREAD_PHASES}.centreRows packed; the rows after the last whole panel from `xct`). Each thread reads only its
   * own features' rows of `W_enc`, the ones it updates.
   */
  encode: 1,
  /**
   * Rows split: TopK selection; then the chained decoding of every row (reconstruction, residual and per-row squared
   * error), each thread adding its own features' terms (see {@link SharedSparseBuffers.decodeProgress}).
   */
  selectAndDecode: 2,
  /**
   * Features split (and `b_dec` split by dimension): the latent gradients of the reconstruction loss, one per code
   * (into {@link SharedSparseBuffers.slotGrad}), and the `b_enc` and `b_dec` gradients. The weights' gradients are
   * formed in {@link THREAD_PHASES}.update, one feature at a time, from these and the batch.
   */
  gradients: 3,
  /** Rows split: AuxK selection among the dead features, aux residual and per-row squared error. */
  auxSelect: 4,
  /** Features split: the latent gradients of the AuxK loss (into {@link SharedSparseBuffers.auxSlotGrad}) and their `b_enc` gradients. */
  auxGradients: 5,
  /**
   * Dimensions split, after {@link THREAD_PHASES}.update: `b_dec`'s gradient through the encoder input, summed from the
   * update's partial sums (`layout.part`, one per block of features, each written by the thread that updates those
   * features while their `W_enc` rows are in its cache), then Adam on `b_dec`.
   */
  decoderBias: 6,
  /**
   * Features split: for each of the thread's features, its `W_dec` and `W_enc` gradients (the reconstruction's terms,
   * then the AuxK ones when `params[PARAMS.auxRan]` is 1, each in row order, as a row-by-row pass adds them) in a
   * scratch row that stays in cache, then the decoder-gradient projection, Adam and the decoder renormalisation;
   * then Adam on `b_enc`. Before a feature's update, its term of `b_dec`'s gradient through the encoder input goes to
   * its block's partial sum (`layout.part`, for {@link THREAD_PHASES}.decoderBias). No gradient of a weight is written
   * to the heap's gradient block.
   */
  update: 7,
  /**
   * Rows split, after an encode: each row decoded as `Sae.decodeSparse` decodes it (its codes sorted by value,
   * every term added in float64 and rounded once to float32) and its squared errors `(x - x_hat)^2` written in
   * float64 to the heap from `layout.aux` on (`[maxBatch, dIn]` float64 over the aux and transposed-input blocks,
   * free between steps), so that metrics summed from them equal the one-thread path's bit for bit.
   */
  exactErrors: 8,
  /**
   * Rows split: the thread's rows centred and packed (as {@link THREAD_PHASES}.centreRows does), their encoder product
   * (every feature), then `selectAndDecode` of the same rows. (Phase 9, which encoded rows centred before, had no caller
   * and is gone; its number is not reused.)
   */
  centreEncodeRowsSelectAndDecode: 10,
  /** Rows split: centring and the encoder product of the thread's rows, without selection (initialisation's projections). */
  centreEncodeRows: 11,
  /**
   * Rows split, before {@link THREAD_PHASES}.encode: the thread's rows centred (`xc`, as `centreBatch` writes it) and
   * packed for the gemm (`xpk`, whole panels of 8 rows; the rows after the last whole panel go to the transpose `xct`).
   */
  centreRows: 12,
} as const;

/**
 * Slots of {@link ThreadInit.busy} (per thread, after the phases' own) that split the fused encode phases
 * ({@link THREAD_PHASES}.centreEncodeRowsSelectAndDecode and centreEncodeRows) into their
 * parts: centring the thread's rows, the encoder product (the gemm kernel), the TopK selection, and the chained decoding
 * with the residual and squared error (its waits for the thread before included). For profiling: where a thread's share of the step's largest phase goes.
 */
export const ENCODE_PARTS = { centre: 16, gemm: 17, select: 18, decode: 19 } as const;

/** Number of slots (per thread) in {@link ThreadInit.busy}: one per phase, then {@link ENCODE_PARTS}. */
export const PHASE_SLOTS = 20;

/** Slots of {@link ThreadInit.params}. */
export const PARAMS = {
  rows: 0, k: 1, kAux: 2, scale: 3, nDead: 4, learningRate: 5, beta1: 6, beta2: 7, epsilon: 8, auxScale: 9, silentMax: 10,
  /**
   * 1: the centring phases ({@link THREAD_PHASES}.centreRows, centreEncodeRowsSelectAndDecode) also write the batch
   * variance's per-dimension sums to the heap's `layout.vsum`, each thread its dimensions.
   */
  wantVariance: 11,
  /** Milliseconds a thread of the chained decoding waits for the thread before it, then throws (a stopped thread). */
  stallMs: 13,
  /** 1 when the step ran the AuxK phases (their codes and latent gradients are this step's), else 0. */
  auxRan: 14,
  /**
   * 1: the selecting phases stop after the selection (encoding and measuring need the codes only; the exact-errors phase
   * decodes on its own), 0: they go on with the chained decoding (a step needs the residuals).
   */
  codesOnly: 15,
} as const;

/** The sparse buffers of the parallel step (all on `SharedArrayBuffer`s): the one-thread step's codes, and the threads' own. */
export interface SharedSparseBuffers extends SparseBuffers {
  /** Squared error of each row of the batch (reconstruction), and of its AuxK reconstruction. */
  rowSse: Float32Array;
  rowAuxSse: Float32Array;
  /** The dead features (first `nDead`), for the AuxK selection. */
  dead: Int32Array;
  /**
   * `[dSae]` features marked by the caller (1) whose largest pre-activation over the batch the gradients phase
   * writes to `preMax` when `params[PARAMS.silentMax]` is 1 (bias revival's silent features).
   */
  silent: Uint8Array;
  preMax: Float32Array;
  /**
   * `[ceil(maxBatch / 8) + 1]`: the chained decoding's progress per block of 8 rows (0: not selected yet; 1: its rows
   * are selected; `t + 2`: thread `t` has added its features' terms to them), and in the last slot a
   * failure flag (a thread that throws in a phase sets it, so that the others stop waiting). The caller zeroes it before
   * every phase that decodes. A thread takes the rows in chunks of 32 (4 blocks) once the thread before it is done
   * with them, and adds its features' terms feature by feature (each of its decoder rows read once per chunk, the
   * chunk's rows staying in cache). Each thread decodes only through its own rows of `W_dec` (the ones it updates): on this
   * machine's two vCPUs, rows read by the other core made the update phase 3.5x slower whenever the host placed the
   * vCPUs far apart.
   */
  decodeProgress: Int32Array;
  /**
   * The latent gradient of each code (`[maxBatch * k]`, same slots as `idx`) and of each AuxK code (`[maxBatch * kAux]`,
   * same slots as `auxIdx`), in float64 as the gradients phases compute them: the update forms the weights'
   * gradients from them.
   */
  slotGrad: Float64Array;
  auxSlotGrad: Float64Array;
}

/**
 * A buffer of at least `bytes` bytes (8 at least) for the parallel step's threads: a `SharedArrayBuffer` when `shared`
 * (more than one thread), else a plain `ArrayBuffer` (one thread needs no cross-origin isolation).
 *
 * @example
 * ```ts
 * const params = new Float64Array(createStepBuffer(8 * 16, true));
 * ```
 */
export function createStepBuffer(bytes: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  return shared ? new SharedArrayBuffer(Math.max(8, bytes)) : new ArrayBuffer(Math.max(8, bytes));
}

/**
 * The sparse buffers of a parallel TopK step for batches of up to `maxBatch` rows, `k` codes per row, `kAux` AuxK codes
 * (at least 1 slot) and `dSae` features: on `SharedArrayBuffer`s when `shared` (more than one thread), else on
 * plain `ArrayBuffer`s (one thread needs no cross-origin isolation).
 *
 * @example
 * ```ts
 * const sparse = createSharedSparseBuffers(256, 32, 512, 2048, true);
 * sparse.idx.length; // 256 * 32
 * ```
 */
export function createSharedSparseBuffers(maxBatch: number, k: number, kAux: number, dSae: number, shared: boolean): SharedSparseBuffers {
  const buffer = (bytes: number): ArrayBuffer | SharedArrayBuffer => createStepBuffer(bytes, shared);
  const B = maxBatch;
  const kA = Math.max(kAux, 1);
  return {
    idx: new Int32Array(buffer(4 * B * k)),
    val: new Float32Array(buffer(4 * B * k)),
    count: new Int32Array(buffer(4 * B)),
    auxIdx: new Int32Array(buffer(4 * B * kA)),
    auxVal: new Float32Array(buffer(4 * B * kA)),
    auxCount: new Int32Array(buffer(4 * B)),
    rowSse: new Float32Array(buffer(4 * B)),
    rowAuxSse: new Float32Array(buffer(4 * B)),
    dead: new Int32Array(buffer(4 * dSae)),
    silent: new Uint8Array(buffer(dSae)),
    preMax: new Float32Array(buffer(4 * dSae)),
    decodeProgress: new Int32Array(buffer(4 * (Math.ceil(B / 8) + 1))),
    slotGrad: new Float64Array(buffer(8 * B * k)),
    auxSlotGrad: new Float64Array(buffer(8 * B * kA)),
  };
}

/** What every thread of the pool receives; everything but the numbers and modules is shared memory. */
export interface ThreadInit extends ThreadPoolInit {
  params: Float64Array;
  sparse: SharedSparseBuffers;
  layout: HeapLayout;
  dIn: number;
  dSae: number;
  /** Seconds each thread spent computing in each phase and in each of {@link ENCODE_PARTS}, `[thread * PHASE_SLOTS + slot]` (profiling). */
  busy: Float64Array;
  /**
   * `[threads + 1]`: the features split when every thread of the pool runs a phase (thread `t` computes features
   * `[featureBounds[t], featureBounds[t + 1])`), in whole blocks of `layout.biasBlock`; the caller sets it between
   * phases (a `WorkBalancer`'s bounds, following the threads' speeds). A phase on fewer threads splits evenly.
   */
  featureBounds: Int32Array;
}


/**
 * Builds one thread's kernels of the parallel TopK trainer on the shared heap. The main thread calls
 * it directly, and worker threads run its source text (`createThreadKernels.toString()`), so this
 * function must stay self-contained: no imports, no module-level names, only globals (`Math`,
 * `Atomics`, `WebAssembly`, typed arrays).
 *
 * Work is split so that every float is computed by the same operations in the same order as in the
 * one-thread step: the dense product by features (every output sums its terms in order), selection by rows
 * (rows are independent), decoding by features in a chain (each row's terms added in ascending feature order, every
 * thread adding its own features' after the thread before it), gradients by features (each feature's gradient sums over the
 * rows in row order, by the one thread that owns it) and by dimension (`b_dec`), Adam by features. The
 * results are therefore identical for every thread count, including a step whose phases run on fewer threads
 * than the pool has (`ThreadPool.run(phase, n)`: the splits follow the running count `n`).
 *
 * @example
 * ```ts
 * const kernels = createThreadKernels(init); // init: see ThreadInit
 * kernels.runPhase(THREAD_PHASES.encode, 0, 1); // thread 0's share when 1 thread runs the phase: all of it
 * ```
 */
export function createThreadKernels(init: ThreadInit & ThreadModules): ThreadPhases {
  const { memory, layout: L, dIn: d, dSae: S, params, sparse, threads: T } = init;
  type KernelExports = {
    axpy(dst: number, src: number, n: number, a: number): void;
    dot(x: number, y: number, n: number): number;
    adam(p: number, g: number, m: number, v: number, n: number, lr: number, b1: number, b2: number, eps: number): void;
    dotAxpy(x: number, y: number, z: number, n: number, a: number): number;
    dotPaired(x: number, y: number, n: number): number;
    filterAbove(s: number, t: number, n: number, out: number): number;
    axpyWide(dst: number, src: number, n: number, a: number): void;
    squaredDiffWide(x: number, y: number, out: number, n: number): void;
    adamZero(p: number, g: number, m: number, v: number, n: number, lr: number, b1: number, b2: number, eps: number): void;
    centredSums(x: number, c: number, sum: number, sq: number, n: number): void;
  };
  const kx = new WebAssembly.Instance(init.kernelModule, { env: { memory } }).exports as unknown as KernelExports;
  const gx = new WebAssembly.Instance(init.gemmModule, { env: { memory } }).exports as unknown as {
    gemm(w: number, x: number, bias: number, out: number, nj: number, nb: number, d: number, stride: number): void;
    gemmPacked(w: number, x: number, bias: number, out: number, nj: number, nb: number, d: number, stride: number): void;
  };
  const heap = new Float32Array(memory.buffer);
  const heapI32 = new Int32Array(memory.buffer);
  // the exact errors' float64 block (from layout.aux on, which is 8-byte aligned)
  const heap64 = new Float64Array(memory.buffer);
  const G = L.grad;
  // busy slots per thread (PHASE_SLOTS)
  const SLOTS = init.busy.length / T;
  const { idx, val, count, auxIdx, auxVal, auxCount, rowSse, rowAuxSse, dead, silent, preMax, decodeProgress: progress, slotGrad, auxSlotGrad } = sparse;
  const failedSlot = progress.length - 1;
  // exactErrors' scratch: one row's sorted codes
  const slotIdx = new Int32Array(Math.max(1, sparse.idx.length / Math.max(1, count.length)));
  const slotVal = new Float32Array(slotIdx.length);
  // rows per chunk of the chained decoding (a multiple of 8, the progress blocks): each thread reads its decoder rows
  // once per chunk, the next thread following a chunk behind. On 2 threads (bench/step.mjs, batch 256, against the
  // row-by-row blocks of 8 before, 8 interleaved runs each) chunks of 16 and 32 rows ran as fast as those blocks, 64
  // slower (9,867 against 10,706 rows/s, the next thread waiting longer for its first chunk); one thread decodes the
  // whole batch as one chunk, its reconstructions in cache: 2.1-2.7 against 3.1-3.7 ms per step.
  const DECODE_CHUNK = 32;
  // the first chunk is one block of 8 rows, so that the next thread starts sooner: on 2 threads its wait for the first
  // chunk fell from 0.20-0.22 to 0.10-0.16 ms per step and the selection-and-decoding phase from 1.56-1.72 to 1.49-1.62 ms
  // (bench/step.mjs --threads 2 --batch 256, 3 interleaved pairs, 4 December 2026)
  const FIRST_DECODE_CHUNK = 8;
  // the thread's features' codes grouped by feature, in row order (listByFeature): the codes and the AuxK codes
  const mainList = { start: new Int32Array(S + 1), slot: new Int32Array(Math.max(1, idx.length)), row: new Int32Array(Math.max(1, idx.length)) };
  const auxList = { start: new Int32Array(S + 1), slot: new Int32Array(Math.max(1, auxIdx.length)), row: new Int32Array(Math.max(1, auxIdx.length)) };

  // the splits among the `n` threads running a phase (the pool's count, or fewer: ThreadPool.run(phase, n)); every
  // split is order-preserving (each float is computed by one thread, in the same order), so any n gives the same floats
  // features: whole blocks of layout.biasBlock (each block of b_dec's partial sums is summed by one thread)
  // (on the pool's count, the caller's featureBounds: any bounds in whole blocks give the same floats)
  const { featureBounds } = init;
  const featureStart = (t: number, n: number): number =>
    n === T ? featureBounds[t]! : Math.min(S, t * Math.ceil(S / n / L.biasBlock) * L.biasBlock);
  const dimStart = (t: number, n: number): number => Math.min(d, t * Math.ceil(d / n / 4) * 4);
  const rowStart = (t: number, rows: number, n: number): number => Math.min(rows, t * Math.ceil(rows / n));
  // the row split of the fused encode phase: blocks of 8 rows (whole column tiles of the gemm), the remainder on the last thread
  const rowStart8 = (t: number, rows: number, n: number): number => Math.min(rows, t * Math.ceil(rows / n / 8) * 8);
  // the pre-activations' layout: `pre[j, b]` at `preBase + j * preStride + b`, for the block of rows holding `b`. On more
  // than one thread, with whole panels of 8 rows, each thread's rows of the selection (rowStart8) form a block of their
  // own, `[dSae, its rows]` from `L.pre + b0 * dSae`: its selection reads one contiguous array instead of dSae short
  // segments a batch apart (0.46-0.51 against 0.59-0.66 ms per step for 128 rows, 2 threads; the step 0.4-2.0% faster in
  // 4 in-process A/B runs, 4 December 2026). Else `[dSae, rows]`.
  const blockedPre = (rows: number, n: number): boolean => n > 1 && rows % 8 === 0;
  /** `preBase` of the block that starts at row `b0` and ends at `b1` (see blockedPre). */
  const preBaseOf = (rows: number, n: number, b0: number): number => (blockedPre(rows, n) ? L.pre + b0 * S - b0 : L.pre);
  const preStrideOf = (rows: number, n: number, b0: number, b1: number): number => (blockedPre(rows, n) ? b1 - b0 : rows);

  /**
   * Interleaves the panel of the 8 centred rows of `xc` from row `p` (a multiple of 8) into `xpk` (`[d][8]`), for
   * `gemmPacked`, whose inner loop then reads consecutive bytes instead of rows of `xct` a batch apart (a power-of-two
   * stride that maps them onto few cache sets).
   */
  function packPanel(p: number): void {
    const r0 = heap.subarray(L.xc + p * d, L.xc + (p + 1) * d);
    const r1 = heap.subarray(L.xc + (p + 1) * d, L.xc + (p + 2) * d);
    const r2 = heap.subarray(L.xc + (p + 2) * d, L.xc + (p + 3) * d);
    const r3 = heap.subarray(L.xc + (p + 3) * d, L.xc + (p + 4) * d);
    const r4 = heap.subarray(L.xc + (p + 4) * d, L.xc + (p + 5) * d);
    const r5 = heap.subarray(L.xc + (p + 5) * d, L.xc + (p + 6) * d);
    const r6 = heap.subarray(L.xc + (p + 6) * d, L.xc + (p + 7) * d);
    const r7 = heap.subarray(L.xc + (p + 7) * d, L.xc + (p + 8) * d);
    const dst = heap.subarray(L.xpk + p * d, L.xpk + (p + 8) * d);
    for (let i = 0, t = 0; i < d; i++, t += 8) {
      dst[t] = r0[i]!;
      dst[t + 1] = r1[i]!;
      dst[t + 2] = r2[i]!;
      dst[t + 3] = r3[i]!;
      dst[t + 4] = r4[i]!;
      dst[t + 5] = r5[i]!;
      dst[t + 6] = r6[i]!;
      dst[t + 7] = r7[i]!;
    }
  }

  /**
   * `pre[j, b]` for features [j0, j1) and rows [b0, b1), at `pb + j * ps + b` (see blockedPre): the gemm kernel (its own tails at the edges), the same floats
   * on packed panels and on `xct`. The rows' whole panels from `b0` (a multiple of 8) were packed by the centring
   * (centrePacked); the other rows come from `xct`.
   */
  function encode(j0: number, j1: number, rows: number, b0: number, b1: number, pb = L.pre, ps = rows): void {
    if (!(j1 > j0 && b1 > b0)) return;
    const nbP = b0 % 8 === 0 ? (b1 - b0) & ~7 : 0;
    if (nbP > 0) {
      gx.gemmPacked((L.wenc + j0 * d) << 2, (L.xpk + b0 * d) << 2, (L.benc + j0) << 2, (pb + j0 * ps + b0) << 2, j1 - j0, nbP, d, ps);
    }
    const c0 = b0 + nbP;
    // (rows after the last whole panel: only in the [dSae, rows] layout, whose stride is xct's)
    if (c0 < b1) gx.gemm((L.wenc + j0 * d) << 2, (L.xct + c0) << 2, (L.benc + j0) << 2, (pb + j0 * ps + c0) << 2, j1 - j0, b1 - c0, d, rows);
  }

  function offer(outIdx: Int32Array, outVal: Float32Array, outCount: Int32Array, b: number, k: number, j: number, v: number): number {
    // a copy of offerToHeap (selectTopK.ts): workers run this function's source text, which cannot import; change both (createParallelTopKTrainer.test.ts, 'equals the one-thread tfjs step and update bit for bit, step after step', compares them)
    const o = b * k;
    const size = outCount[b]!;
    if (size < k) {
      let p = size;
      while (p > 0) {
        const parent = (p - 1) >> 1;
        if (outVal[o + parent]! <= v) break;
        outVal[o + p] = outVal[o + parent]!;
        outIdx[o + p] = outIdx[o + parent]!;
        p = parent;
      }
      outVal[o + p] = v;
      outIdx[o + p] = j;
      outCount[b] = size + 1;
      return size + 1 === k ? outVal[o]! : Number.NaN;
    }
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) break;
      const r = l + 1;
      const c = r < k && outVal[o + r]! < outVal[o + l]! ? r : l;
      if (outVal[o + c]! >= v) break;
      outVal[o + i] = outVal[o + c]!;
      outIdx[o + i] = outIdx[o + c]!;
      i = c;
    }
    outVal[o + i] = v;
    outIdx[o + i] = j;
    return outVal[o]!;
  }

  /** The k largest positive pre-activations of rows [b0, b1) among the listed (or all) features (`pre[j, b]` at `pb + j * ps + b`). */
  function select(
    rows: number, b0: number, b1: number, nFeatures: number, k: number,
    outIdx: Int32Array, outVal: Float32Array, outCount: Int32Array, features: Int32Array | null, pb = L.pre, ps = rows,
  ): void {
    // a copy of selectTopKInHeap (selectTopK.ts) on a block of rows: workers run this function's source text, which cannot import; change both (createParallelTopKTrainer.test.ts, 'equals the one-thread tfjs step and update bit for bit, step after step', compares them)
    outCount.fill(0, b0, b1);
    if (k <= 0 || b1 <= b0) return;
    heap.fill(0, L.thr + b0, L.thr + b1);
    const n = b1 - b0;
    for (let jj = 0; jj < nFeatures; jj++) {
      const j = features ? features[jj]! : jj;
      const base = pb + j * ps;
      const nc = kx.filterAbove((base + b0) << 2, (L.thr + b0) << 2, n, (L.cand + b0) << 2);
      for (let c = 0; c < nc; c++) {
        const b = b0 + heapI32[L.cand + b0 + c]!;
        const v = heap[base + b]!;
        if (!(v > heap[L.thr + b]!)) continue;
        const t = offer(outIdx, outVal, outCount, b, k, j, v);
        if (!Number.isNaN(t)) heap[L.thr + b] = t;
      }
    }
  }

  /**
   * Groups the codes of features [j0, j1) of rows [b0, b1) by feature, each feature's in row order: feature `j`'s
   * are `list.slot[list.start[j - j0] .. list.start[j - j0 + 1])` (slots of `latIdx`), on rows `list.row[...]`.
   */
  function listByFeature(
    list: { start: Int32Array; slot: Int32Array; row: Int32Array },
    latIdx: Int32Array, latCount: Int32Array, stride: number, j0: number, j1: number, b0: number, b1: number,
  ): void {
    const { start, slot, row } = list;
    start.fill(0, 0, j1 - j0 + 1);
    for (let b = b0; b < b1; b++) {
      for (let t = b * stride, e = t + latCount[b]!; t < e; t++) {
        const j = latIdx[t]!;
        if (j >= j0 && j < j1) start[j - j0 + 1]!++;
      }
    }
    const n = j1 - j0;
    for (let j = 1; j <= n; j++) start[j]! += start[j - 1]!;
    const total = start[n]!;
    // filled from each feature's end backwards, over the rows in reverse: row order within a feature, no cursor array
    for (let b = b1 - 1; b >= b0; b--) {
      for (let t = b * stride + latCount[b]! - 1; t >= b * stride; t--) {
        const j = latIdx[t]!;
        if (j < j0 || j >= j1) continue;
        const at = --start[j - j0 + 1]!;
        slot[at] = t;
        row[at] = b;
      }
    }
    // the fill left start[i + 1] at feature j0 + i's first entry: shifted down, start[i] is it and start[i + 1] its end
    for (let i = 0; i < n; i++) start[i] = start[i + 1]!;
    start[n] = total;
  }

  /**
   * The latent gradients of the codes of features [j0, j1) (`scale` times the residual row's dot product with the
   * feature's decoder row, in dotAxpy's order), into `grad` per slot, and the features' `b_enc` gradients, in row order:
   * feature by feature, so that each decoder row is read once.
   */
  function latentGradients(
    list: { start: Int32Array; slot: Int32Array; row: Int32Array }, resBase: number, grad: Float64Array,
    scale: number, j0: number, j1: number,
  ): void {
    const { start, slot, row } = list;
    for (let j = j0; j < j1; j++) {
      const e = start[j - j0 + 1]!;
      let q = start[j - j0]!;
      if (q === e) continue;
      const w = (L.wdec + j * d) << 2;
      for (; q < e; q++) {
        const g = kx.dotPaired((resBase + row[q]! * d) << 2, w, d) * scale;
        grad[slot[q]!] = g;
        heap[G + L.benc + j]! += g;
      }
    }
  }

  /**
   * Adds feature `j`'s gradient terms from the listed codes, in row order: `scale * val` times the residual rows to
   * the decoder gradient at `gDec`, the latent gradients times the centred input rows to the encoder gradient at `gEnc`.
   */
  function addWeightGradients(
    list: { start: Int32Array; slot: Int32Array; row: Int32Array }, j: number, j0: number,
    resBase: number, latVal: Float32Array, grad: Float64Array, scale: number, gDec: number, gEnc: number,
  ): void {
    const { start, slot, row } = list;
    const e = start[j - j0 + 1]!;
    for (let q = start[j - j0]!; q < e; q++) kx.axpy(gDec << 2, (resBase + row[q]! * d) << 2, d, latVal[slot[q]!]! * scale);
    for (let q = start[j - j0]!; q < e; q++) kx.axpy(gEnc << 2, (L.xc + row[q]! * d) << 2, d, grad[slot[q]!]!);
  }

  /**
   * Adds the terms of features [j0, j1) to the reconstructions of rows [b0, b1), feature by feature (each decoder row
   * read once for the rows, whose reconstructions stay in cache), so that each row's terms are added in ascending
   * feature order, as a pass row by row adds them: the same floats. `first` starts each row from `b_dec`, `last`
   * subtracts the input and writes the row's squared error. Lists the codes in the main list (free during decoding).
   */
  function decodeChunk(k: number, b0: number, b1: number, j0: number, j1: number, first: boolean, last: boolean): void {
    if (first) for (let b = b0; b < b1; b++) heap.copyWithin(L.r + b * d, L.bdec, L.bdec + d);
    listByFeature(mainList, idx, count, k, j0, j1, b0, b1);
    const { start, slot, row } = mainList;
    for (let j = j0; j < j1; j++) {
      const e = start[j - j0 + 1]!;
      const w = (L.wdec + j * d) << 2;
      for (let q = start[j - j0]!; q < e; q++) kx.axpy((L.r + row[q]! * d) << 2, w, d, val[slot[q]!]!);
    }
    if (last) {
      for (let b = b0; b < b1; b++) {
        const r = L.r + b * d;
        kx.axpy(r << 2, (L.x + b * d) << 2, d, -1);
        rowSse[b] = kx.dot(r << 2, r << 2, d);
      }
    }
  }

  /**
   * Spins until `progress[slot]` is `value` and returns true; returns false once another thread has failed mid-chain
   * (the pool reports that thread's error), and throws after `params[PARAMS.stallMs]` ms without progress.
   */
  function waitForProgress(slot: number, value: number): boolean {
    let since = 0;
    for (let spins = 1; Atomics.load(progress, slot) !== value; spins++) {
      if ((spins & 1023) !== 0) continue;
      if (Atomics.load(progress, failedSlot) !== 0) return false;
      const now = performance.now();
      if (since === 0) since = now;
      else if (now - since > params[13]!) {
        throw new Error(`the chained decoding waited ${params[13]!} ms for rows ${8 * slot} to ${8 * slot + 7} from the thread before (it stopped)`);
      }
    }
    return true;
  }

  /**
   * Thread `t`'s share of decoding all `rows` rows when `n` threads run (see SharedSparseBuffers.decodeProgress): rows
   * [b0, b1) (the thread's own, a multiple of 8 from b0) are selected; the thread adds its features' terms
   * to every row, block by block, after the thread before it. Each row's terms are added in ascending feature order
   * on any thread count, so the floats do not depend on it.
   */
  function decodeRows(k: number, rows: number, b0: number, b1: number, t: number, n: number): void {
    if (n === 1) {
      decodeChunk(k, b0, b1, 0, S, true, true);
      return;
    }
    // (a thread without rows marks nothing: its empty range may start inside another thread's last block)
    if (b1 > b0) for (let blk = b0 >> 3, end = Math.ceil(b1 / 8); blk < end; blk++) Atomics.store(progress, blk, 1);
    const j0 = featureStart(t, n);
    const j1 = featureStart(t + 1, n);
    // chunks of DECODE_CHUNK rows after a first of FIRST_DECODE_CHUNK: each thread reads its decoder rows once per chunk;
    // the next thread follows a chunk behind
    for (let c0 = 0, c1 = 0; c0 < rows; c0 = c1) {
      c1 = Math.min(rows, c0 === 0 ? FIRST_DECODE_CHUNK : c0 + DECODE_CHUNK);
      const end = Math.ceil(c1 / 8);
      for (let blk = c0 >> 3; blk < end; blk++) if (Atomics.load(progress, blk) !== t + 1 && !waitForProgress(blk, t + 1)) return;
      decodeChunk(k, c0, c1, j0, j1, t === 0, t === n - 1);
      for (let blk = c0 >> 3; blk < end; blk++) Atomics.store(progress, blk, t + 2);
    }
  }

  /**
   * Rows [b0, b1) decoded from their codes as `Sae.decodeSparse` does, and their squared errors (see
   * THREAD_PHASES.exactErrors): each row is decoded into its residual row of the heap (free once the codes are
   * selected) with the f64 kernels (`axpyWide`: every term added in f64 and rounded once, as JavaScript's
   * `xh[i] += v * w[i]` on Float32Arrays), and its squared errors are written in f64 to the heap's aux and
   * transposed-input blocks (`[maxBatch, dIn]` f64 from `layout.aux` on, free between steps).
   */
  function exactErrors(k: number, b0: number, b1: number): void {
    for (let b = b0; b < b1; b++) {
      const n = count[b]!;
      // the codes in Sae.encodeSparse's order (sortRowSlots: by value, descending; an insertion sort, so ties keep their order)
      for (let a = 0; a < n; a++) {
        const v = val[b * k + a]!;
        const j = idx[b * k + a]!;
        let c = a - 1;
        while (c >= 0 && slotVal[c]! < v) {
          slotVal[c + 1] = slotVal[c]!;
          slotIdx[c + 1] = slotIdx[c]!;
          c--;
        }
        slotVal[c + 1] = v;
        slotIdx[c + 1] = j;
      }
      const xh = L.r + b * d;
      heap.copyWithin(xh, L.bdec, L.bdec + d);
      for (let a = 0; a < n; a++) {
        const v = slotVal[a]!;
        if (v === 0) continue;
        kx.axpyWide(xh << 2, (L.wdec + slotIdx[a]! * d) << 2, d, v);
      }
      kx.squaredDiffWide((L.x + b * d) << 2, xh << 2, (L.aux + 2 * b * d) << 2, d);
      // the row's squared error: its squared errors summed in order (float64), rounded once to float32
      let e = 0;
      for (let i = (L.aux >> 1) + b * d, end = i + d; i < end; i++) e += heap64[i]!;
      rowSse[b] = e;
    }
  }

  /**
   * `xc = x - b_dec` (float32) for rows [b0, b1); each whole panel of 8 rows from `b0` (a multiple of 8, else none) is
   * then packed into `xpk` ({@link packPanel}) while its rows are in cache, and the rows after the last whole panel go
   * to the transpose `xct` (`gemm` reads them there; `encode` finds the split by the same rule). It replaces centring
   * into `xct` and packing from it, whose writes a batch apart touched 512 cache lines per row.
   */
  function centrePacked(rows: number, b0: number, b1: number): void {
    const nbP = b0 % 8 === 0 ? (b1 - b0) & ~7 : 0;
    for (let p = b0; p < b0 + nbP; p += 8) {
      // the panel's rows centred (f32: x + (-1) b_dec rounds as x - b_dec), then interleaved into the panel
      for (let b = p; b < p + 8; b++) {
        heap.copyWithin(L.xc + b * d, L.x + b * d, L.x + (b + 1) * d);
        kx.axpy((L.xc + b * d) << 2, L.bdec << 2, d, -1);
      }
      packPanel(p);
    }
    if (b0 + nbP < b1) centre(rows, b0 + nbP, b1);
  }

  /**
   * The batch variance's per-dimension sums for dimensions `[i0, i1)`: the float64 sums over the rows, in row order, of
   * `c = x - b_dec` (unrounded) and of `c * c`, into the heap's `layout.vsum` (see centredBatchVariance, which sums
   * the same way, and combineVarianceSums).
   */
  function varianceSumsOf(rows: number, i0: number, i1: number): void {
    if (i1 <= i0) return;
    heap64.fill(0, (L.vsum >> 1) + i0, (L.vsum >> 1) + i1);
    heap64.fill(0, (L.vsum >> 1) + d + i0, (L.vsum >> 1) + d + i1);
    for (let b = 0; b < rows; b++) kx.centredSums((L.x + b * d + i0) << 2, (L.bdec + i0) << 2, (L.vsum + 2 * i0) << 2, (L.vsum + 2 * (d + i0)) << 2, i1 - i0);
  }

  /** `xc = x - b_dec` (float32) and its transpose `xct` for rows [b0, b1), as `centreBatch` writes them. */
  function centre(rows: number, b0: number, b1: number): void {
    for (let b = b0; b < b1; b++) {
      const o = L.x + b * d;
      const oc = L.xc + b * d;
      for (let i = 0, t = L.xct + b; i < d; i++, t += rows) {
        const c = heap[o + i]! - heap[L.bdec + i]!;
        heap[oc + i] = c;
        heap[t] = c;
      }
    }
  }

  /** Adam on `n` parameters from `o`, zeroing their gradients as it reads them (`adamZero`). */
  function adamRange(o: number, n: number): void {
    if (n <= 0) return;
    kx.adamZero(o << 2, (G + o) << 2, (L.m + o) << 2, (L.v + o) << 2, n, params[5]!, params[6]!, params[7]!, params[8]!);
  }

  function runPhase(phase: number, t: number, n: number): void {
    const rows = params[0]!;
    const k = params[1]!;
    const j0 = featureStart(t, n);
    const j1 = featureStart(t + 1, n);
    const b0 = rowStart(t, rows, n);
    const b1 = rowStart(t + 1, rows, n);
    const i0 = dimStart(t, n);
    const i1 = dimStart(t + 1, n);
    switch (phase) {
      case 1:
        if (!blockedPre(rows, n)) encode(j0, j1, rows, 0, rows);
        else {
          // each selecting thread's block of rows in its own [dSae, its rows] array
          for (let u = 0; u < n; u++) {
            const r0 = rowStart8(u, rows, n);
            const r1 = rowStart8(u + 1, rows, n);
            encode(j0, j1, rows, r0, r1, preBaseOf(rows, n, r0), preStrideOf(rows, n, r0, r1));
          }
        }
        return;
      case 12: {
        const r0 = rowStart8(t, rows, n);
        const r1 = rowStart8(t + 1, rows, n);
        centrePacked(rows, r0, r1);
        if (params[11] === 1) varianceSumsOf(rows, i0, i1);
        return;
      }
      case 2: {
        const r0 = rowStart8(t, rows, n);
        const r1 = rowStart8(t + 1, rows, n);
        select(rows, r0, r1, S, k, idx, val, count, null, preBaseOf(rows, n, r0), preStrideOf(rows, n, r0, r1));
        if (params[15] === 1) return; // the codes only
        decodeRows(k, rows, r0, r1, t, n);
        return;
      }
      case 11:
      case 10: {
        const r0 = rowStart8(t, rows, n);
        const r1 = rowStart8(t + 1, rows, n);
        // each part's seconds go to the thread's ENCODE_PARTS slots (16 to 19 of its 20)
        let mark = performance.now();
        const lap = (slot: number): void => {
          const now = performance.now();
          init.busy[t * SLOTS + slot]! += (now - mark) / 1000;
          mark = now;
        };
        centrePacked(rows, r0, r1);
        if (phase === 10 && params[11] === 1) varianceSumsOf(rows, i0, i1);
        lap(16);
        // (phase 11's projections are read back as [dSae, rows] by projectDecoder)
        const pb = phase === 11 ? L.pre : preBaseOf(rows, n, r0);
        const ps = phase === 11 ? rows : preStrideOf(rows, n, r0, r1);
        encode(0, S, rows, r0, r1, pb, ps);
        lap(17);
        if (phase === 11) return;
        select(rows, r0, r1, S, k, idx, val, count, null, pb, ps);
        lap(18);
        if (params[15] === 1) return; // the codes only
        decodeRows(k, rows, r0, r1, t, n);
        lap(19);
        return;
      }
      case 3: {
        const scale = params[3]!;
        listByFeature(mainList, idx, count, k, j0, j1, 0, rows);
        latentGradients(mainList, L.r, slotGrad, scale, j0, j1);
        if (i1 > i0) for (let b = 0; b < rows; b++) kx.axpy((G + L.bdec + i0) << 2, (L.r + b * d + i0) << 2, i1 - i0, scale);
        if (params[10] === 1) {
          // the marked features' largest pre-activation over the batch (as reviveSilentFeatures scans it)
          const blocks = blockedPre(rows, n) ? n : 1;
          for (let j = j0; j < j1; j++) {
            if (!silent[j]) continue;
            let best = -Infinity;
            for (let u = 0; u < blocks; u++) {
              const r0 = rowStart8(u, rows, blocks);
              const r1 = rowStart8(u + 1, rows, blocks);
              const from = preBaseOf(rows, n, r0) + j * preStrideOf(rows, n, r0, r1);
              for (let b = from + r0, e = from + r1; b < e; b++) if (heap[b]! > best) best = heap[b]!;
            }
            preMax[j] = best;
          }
        }
        return;
      }
      case 4: {
        const kA = params[2]!;
        // the rows of the selection's split (whole panels): each thread's block of the pre-activations
        const a0 = rowStart8(t, rows, n);
        const a1 = rowStart8(t + 1, rows, n);
        select(rows, a0, a1, params[4]!, kA, auxIdx, auxVal, auxCount, dead, preBaseOf(rows, n, a0), preStrideOf(rows, n, a0, a1));
        for (let b = a0; b < a1; b++) {
          const n = auxCount[b]!;
          const a = L.aux + b * d;
          heap.copyWithin(a, L.r + b * d, L.r + (b + 1) * d);
          for (let q = 0; q < n; q++) kx.axpy(a << 2, (L.wdec + auxIdx[b * kA + q]! * d) << 2, d, auxVal[b * kA + q]!);
          rowAuxSse[b] = kx.dot(a << 2, a << 2, d);
        }
        return;
      }
      case 5:
        listByFeature(auxList, auxIdx, auxCount, params[2]!, j0, j1, 0, rows);
        latentGradients(auxList, L.aux, auxSlotGrad, params[9]!, j0, j1);
        return;
      case 6: {
        if (i1 <= i0) return;
        // the update's partial sums, block by block (as addEncoderInputBiasGradient adds them), then Adam on b_dec
        const blocks = Math.ceil(S / L.biasBlock);
        for (let q = 0; q < blocks; q++) kx.axpy((G + L.bdec + i0) << 2, (L.part + q * d + i0) << 2, i1 - i0, 1);
        adamRange(L.bdec + i0, i1 - i0);
        return;
      }
      case 8:
        exactErrors(k, b0, b1);
        return;
      case 7: {
        // the lists again: this update may run on another thread count than its step
        const aux = params[14] === 1;
        listByFeature(mainList, idx, count, k, j0, j1, 0, rows);
        if (aux) listByFeature(auxList, auxIdx, auxCount, params[2]!, j0, j1, 0, rows);
        // the thread's scratch rows: the (unused) gradient rows of its first feature, zero between updates (adamZero)
        const gDec = G + L.wdec + j0 * d;
        const gEnc = G + L.wenc + j0 * d;
        const scale = params[3]!, auxScale = params[9]!;
        const lr = params[5]!, b1 = params[6]!, b2 = params[7]!, eps = params[8]!;
        let part = 0;
        for (let j = j0; j < j1; j++) {
          // b_dec's gradient through the encoder input, with W_enc[j] before its update: -g_j W_enc[j] into j's block's partial sum
          if ((j - j0) % L.biasBlock === 0) {
            part = L.part + (j / L.biasBlock) * d;
            heap.fill(0, part, part + d);
          }
          const gb = heap[G + L.benc + j]!;
          if (gb !== 0) kx.axpy(part << 2, (L.wenc + j * d) << 2, d, -gb);
          addWeightGradients(mainList, j, j0, L.r, val, slotGrad, scale, gDec, gEnc);
          if (aux) addWeightGradients(auxList, j, j0, L.aux, auxVal, auxSlotGrad, auxScale, gDec, gEnc);
          const w = L.wdec + j * d;
          const c = kx.dot(gDec << 2, w << 2, d);
          if (c !== 0) kx.axpy(gDec << 2, w << 2, d, -c);
          const we = L.wenc + j * d;
          kx.adamZero(we << 2, gEnc << 2, (L.m + we) << 2, (L.v + we) << 2, d, lr, b1, b2, eps);
          kx.adamZero(w << 2, gDec << 2, (L.m + w) << 2, (L.v + w) << 2, d, lr, b1, b2, eps);
          const n2 = kx.dot(w << 2, w << 2, d);
          if (n2 > 0) kx.axpy(w << 2, w << 2, d, 1 / Math.sqrt(n2) - 1);
        }
        adamRange(L.benc + j0, j1 - j0);
        return;
      }
      default:
        throw new Error(`createThreadKernels: unknown phase ${phase}`);
    }
  }

  function timedPhase(phase: number, t: number, n: number = T): void {
    const started = performance.now();
    try {
      runPhase(phase, t, n);
    } catch (e) {
      // a thread that fails tells the others, which may be waiting for its rows in the chained decoding
      Atomics.store(progress, failedSlot, 1);
      throw e;
    }
    init.busy[t * SLOTS + phase]! += (performance.now() - started) / 1000;
  }

  return { runPhase: timedPhase };
}
