import { createKernels, type Kernels } from '@interp/kernels';

/** Offsets (in floats) of every block of the training heap. */
export interface HeapLayout {
  /** Parameters: W_enc stored transposed `[dSae, dIn]`, W_dec `[dSae, dIn]`, b_enc, b_dec. */
  wenc: number;
  wdec: number;
  benc: number;
  bdec: number;
  /** Architecture parameters, `extraPerFeature` blocks of `[dSae]` (e.g. JumpReLU's log thresholds). */
  extra: number;
  /** Floats of the parameter block (padded to 4). */
  nParams: number;
  /** Bases of the gradient and Adam moment blocks (same inner layout as the parameters). */
  grad: number;
  m: number;
  v: number;
  /** Batch buffers `[maxBatch, dIn]`: input, centred input, residual, aux scratch. */
  x: number;
  xc: number;
  r: number;
  aux: number;
  /** The centred batch transposed, `[dIn, maxBatch]` (column `b` = row `b`; only the first `rows` columns are used). */
  xct: number;
  /** One-row scratch. */
  row: number;
  /** The batch's pre-activations, column-major `[dSae, maxBatch]`. */
  pre: number;
  /** TopK selection scratch: per-row thresholds (f32) and candidate rows (i32), `[maxBatch]` each. */
  thr: number;
  cand: number;
  /** The centred batch packed for the gemm (`gemmPacked` of @interp/kernels): panels of 8 rows, each `[dIn][8]`, `[maxBatch, dIn]` floats. */
  xpk: number;
  /**
   * Partial sums of `b_dec`'s gradient through the encoder input, one `[dIn]` row per block of {@link HeapLayout.biasBlock}
   * features (`[ceil(dSae / biasBlock), dIn]`): block `q` holds `-sum_j g_j W_enc[j]` over its features in order, and
   * the blocks are then added to the gradient in order, so that the sum is the same whichever thread owns a block.
   */
  part: number;
  /**
   * The batch variance's per-dimension sums (float64, `[2, dIn]` from this even float offset: the sums of `x - b_dec`,
   * then of its squares; see `combineVarianceSums`), written by the parallel trainer's centring phases.
   */
  vsum: number;
  /** Features per block of {@link HeapLayout.part} ({@link DECODER_BIAS_BLOCK}). */
  biasBlock: number;
  total: number;
}

/**
 * Features per partial sum of `b_dec`'s gradient through the encoder input ({@link HeapLayout.part}); the parallel
 * trainer's feature split is a multiple of it, so that each block is summed by one thread.
 */
export const DECODER_BIAS_BLOCK = 64;

/** The heap, its kernels and the per-step bookkeeping shared by the architecture steps. */
export interface TrainingState {
  kernels: Kernels;
  heap: Float32Array;
  dIn: number;
  dSae: number;
  maxBatch: number;
  layout: HeapLayout;
  /** Set to 1 for every feature that fired in the current step. */
  fired: Uint8Array;
  /** Features that have not fired over the dead window (first `nDead` entries). */
  dead: Int32Array;
  nDead: number;
}

const pad4 = (n: number): number => Math.ceil(n / 4) * 4;

/**
 * Allocates the heap for an SAE of `dIn -> dSae` trained on batches of up to `maxBatch` rows (on a shared
 * WebAssembly memory with `shared`, for the worker threads of {@link createThreadPool}), with
 * `extraPerFeature` more `[dSae]` parameter blocks after `b_dec` (optimised by Adam with the rest).
 */
export function createTrainingState(
  dIn: number,
  dSae: number,
  maxBatch: number,
  prefer: 'auto' | 'js',
  shared = false,
  extraPerFeature = 0,
): TrainingState {
  const sd = dSae * dIn;
  const wenc = 0;
  const wdec = pad4(sd);
  const benc = wdec + pad4(sd);
  const bdec = benc + pad4(dSae);
  const extra = bdec + pad4(dIn);
  const nParams = extra + pad4(extraPerFeature * dSae);
  const grad = nParams;
  const m = grad + nParams;
  const v = m + nParams;
  const x = v + nParams;
  const bd = pad4(maxBatch * dIn);
  const xc = x + bd;
  const r = xc + bd;
  const aux = r + bd;
  // aux and xct stay adjacent: between steps they hold the exact-errors phase's [maxBatch, dIn] float64 errors
  const xct = aux + bd;
  const row = xct + bd;
  const pre = row + pad4(dIn);
  const thr = pre + pad4(dSae * maxBatch);
  const cand = thr + pad4(maxBatch);
  const xpk = cand + pad4(maxBatch);
  const part = xpk + pad4(Math.ceil(maxBatch / 8) * 8 * dIn);
  const vsum = part + pad4(Math.ceil(dSae / DECODER_BIAS_BLOCK) * dIn);
  const total = vsum + 4 * dIn;
  const kernels = createKernels(total, prefer, shared);
  return {
    kernels,
    heap: kernels.heap,
    dIn,
    dSae,
    maxBatch,
    layout: { wenc, wdec, benc, bdec, extra, nParams, grad, m, v, x, xc, r, aux, xct, row, pre, thr, cand, xpk, part, vsum, biasBlock: DECODER_BIAS_BLOCK, total },
    fired: new Uint8Array(dSae),
    dead: new Int32Array(dSae),
    nDead: 0,
  };
}
