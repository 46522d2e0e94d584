import * as tf from '@tensorflow/tfjs-core';
import { computeGeometricMedian } from './computeGeometricMedian';
import type { Random } from './createRandom';
import type { TrainingState } from './createTrainingState';
import { shuffleIndex } from './gatherRows';
import { selectDescending } from './selectDescending';
import { transposeInto } from './transposeInto';
import type { ActivationMatrix } from './toActivationSource';

/** Unit-norm decoder rows: centred sample rows plus 10% noise (`'data'`) or Gaussian directions. */
function initialiseDecoder(state: TrainingState, init: 'data' | 'random', sample: ActivationMatrix, rng: Random): void {
  const { heap, dIn: d, dSae: S, layout: L } = state;
  const order = Int32Array.from({ length: sample.rows }, (_, i) => i);
  shuffleIndex(order, rng);
  for (let j = 0; j < S; j++) {
    const w = L.wdec + j * d;
    let n2 = 0;
    for (let i = 0; i < d; i++) {
      const g = rng.normal();
      heap[w + i] = g;
      n2 += g * g;
    }
    const noise = 1 / Math.sqrt(n2);
    for (let i = 0; i < d; i++) heap[w + i]! *= noise;
    if (init === 'data') {
      const r = order[j % sample.rows]!;
      let c2 = 0;
      for (let i = 0; i < d; i++) c2 += (sample.data[r * d + i]! - heap[L.bdec + i]!) ** 2;
      const inv = c2 > 0 ? 1 / Math.sqrt(c2) : 0;
      for (let i = 0; i < d; i++) heap[w + i] = (sample.data[r * d + i]! - heap[L.bdec + i]!) * inv + 0.1 * heap[w + i]!;
      let m2 = 0;
      for (let i = 0; i < d; i++) m2 += heap[w + i]! ** 2;
      const m = 1 / Math.sqrt(m2);
      for (let i = 0; i < d; i++) heap[w + i]! *= m;
    }
  }
}

/**
 * Whether the decoder rows share a common direction: their mean |cosine| over the pairs among the first 256 rows
 * exceeds twice that of random directions in `dIn` dimensions (`sqrt(2 / (pi dIn))`). Data-initialised rows of
 * the reference MLP activations: 9.4 x random (mean |cos| 0.330 in 512 dims); of superposition data: 1.1 x (0.077 in 128).
 */
function decoderRowsAligned(state: TrainingState): boolean {
  const { heap, dIn: d, dSae: S, layout: L } = state;
  const m = Math.min(S, 256);
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += heap[L.wdec + a * d + i]! * heap[L.wdec + b * d + i]!;
      sum += Math.abs(dot);
      pairs++;
    }
  }
  return pairs > 0 && sum / pairs > 2 * Math.sqrt(2 / (Math.PI * d));
}

/**
 * Initialises the encoder from the decoder: `W_enc = c W_dec^T` (Gao et al. 2024's transpose). `b_enc` is 0,
 * except with data-initialised decoder rows (`quantileBias`), where `b_enc[j] = -c q_j` with `q_j` the
 * `(1 - k/dSae)` quantile of feature `j`'s projections on a sample, so that every feature starts out firing on
 * about its share of rows: on low-dimensional activations (an MLP's hidden layer) the rows of a data-initialised
 * decoder are nearly parallel and, without these biases, a third of 2048 latents never fired. With Gaussian
 * decoder rows the same biases single out the sample's directions and left most true features of superposition
 * data unfound (issue 12: about 20% recovered), hence 0 there. `c` is the least-squares scale of the initial reconstruction
 * on a sample (a closed form, because TopK and ReLU commute with a positive scale): without it the first
 * reconstructions from a data-initialised decoder overshoot about k-fold.
 */
async function initialiseEncoder(state: TrainingState, sample: ActivationMatrix, k: number, quantileBias: boolean, project?: ProjectDecoder): Promise<void> {
  const { heap, dIn: d, dSae: S, layout: L } = state;
  const n = Math.min(sample.rows, 2048);
  let p: Float32Array;
  if (project) p = await project(sample.data.subarray(0, n * d), n);
  else {
    const proj = tf.tidy(() => {
      const x = tf.tensor2d(sample.data.subarray(0, n * d), [n, d]);
      const xc = tf.sub(x, tf.tensor1d(heap.subarray(L.bdec, L.bdec + d)));
      const wDec = tf.tensor2d(heap.subarray(L.wdec, L.wdec + S * d), [S, d]);
      return tf.matMul(wDec, tf.transpose(xc)); // [S, n]
    });
    p = proj.dataSync() as Float32Array;
    proj.dispose();
  }
  const q = new Float32Array(S);
  if (k > 0 && quantileBias) {
    const rank = Math.min(n - 1, Math.max(0, Math.floor((n * k) / S)));
    const col = new Float32Array(n);
    for (let j = 0; j < S; j++) q[j] = selectDescending(p, j * n, n, rank, col);
  }
  const [a, b] = tf.getBackend() === 'wasm' ? fitScaleOnHost(state, sample, n, p, q, k) : fitScaleWithTf(state, sample, n, p, q, k);
  const c = b > 0 && a > 0 ? a / b : 1;
  for (let i = 0; i < S * d; i++) heap[L.wenc + i] = c * heap[L.wdec + i]!;
  for (let j = 0; j < S; j++) heap[L.benc + j] = -c * q[j]!;
}

/** Rows of projections {@link fitScaleOnHost} gathers at a time from the `[S, n]` projections: four cache lines of each feature per pass. */
const FIT_ROWS = 64;

/**
 * The least-squares scale's numerator `sum xc . x_hat` and denominator `sum x_hat . x_hat` of the initial TopK (or
 * ReLU) reconstruction `x_hat` from the projections minus the quantile biases, with tfjs ops.
 */
function fitScaleWithTf(state: TrainingState, sample: ActivationMatrix, n: number, p: Float32Array, q: Float32Array, k: number): [number, number] {
  const { heap, dIn: d, dSae: S, layout: L } = state;
  // the projections [S, n] -> [n, S] on the host (a pure copy: tfjs' wasm transpose took 0.2 s at dSae 2048, 1.6 s at 16384)
  const pT = new Float32Array(n * S);
  transposeInto(p, 0, S, n, pT, 0);
  const [num, den] = tf.tidy(() => {
    const x = tf.tensor2d(sample.data.subarray(0, n * d), [n, d]);
    const xc = tf.sub(x, tf.tensor1d(heap.subarray(L.bdec, L.bdec + d)));
    const wDec = tf.tensor2d(heap.subarray(L.wdec, L.wdec + S * d), [S, d]);
    const pre = tf.sub(tf.tensor2d(pT, [n, S]), tf.tensor1d(q));
    let f = tf.relu(pre);
    if (k > 0) {
      const kth = tf.slice(tf.topk(pre, k).values, [0, k - 1], [-1, 1]);
      f = tf.mul(f, tf.cast(tf.greaterEqual(pre, kth), 'float32'));
    }
    const xh = tf.matMul(f, wDec);
    return [tf.sum(tf.mul(xc, xh)), tf.sum(tf.square(xh))];
  });
  const a = (num.dataSync() as Float32Array)[0]!;
  const b = (den.dataSync() as Float32Array)[0]!;
  tf.dispose([num, den]);
  return [a, b];
}

/**
 * {@link fitScaleWithTf} on the host with the wasm backend's float32 rounding (its `sub`, `relu`, `topk`, the
 * XNNPACK `matMul`, which sums its terms in order, and `sum`, a float32 running sum), bit for bit: the codes are
 * sparse, so each reconstruction adds only its nonzero terms (a zero term leaves a float32 sum unchanged), 40 times
 * fewer operations than the dense product.
 */
function fitScaleOnHost(state: TrainingState, sample: ActivationMatrix, n: number, p: Float32Array, q: Float32Array, k: number): [number, number] {
  const { heap, dIn: d, dSae: S, layout: L } = state;
  const fround = Math.fround;
  const work = new Float32Array(S);
  // the pre-activations of FIT_ROWS rows at a time, read feature by feature from the [S, n] projections: no
  // [n, S] transpose of them all (16 MB at dSae 2048, 128 MB at 16384, whose fresh pages took most of the time)
  const block = new Float32Array(FIT_ROWS * S);
  // on the wasm kernels the reconstruction is their axpy (a float32 product, then a float32 sum: the statement
  // below, with SIMD), into the residual block's first row (free during initialisation); the JavaScript kernels'
  // axpy rounds once, so they keep the statement
  const simd = state.kernels.kind === 'wasm-simd';
  const xh = simd ? heap.subarray(L.r, L.r + d) : new Float32Array(d);
  let a = 0;
  let b = 0;
  for (let r = 0; r < n; r++) {
    const inBlock = r % FIT_ROWS;
    if (inBlock === 0) {
      const m = Math.min(FIT_ROWS, n - r);
      for (let j = 0; j < S; j++) {
        const qj = q[j]!;
        for (let t = 0, src = j * n + r; t < m; t++) block[t * S + j] = p[src + t]! - qj;
      }
    }
    const pre = block.subarray(inBlock * S, (inBlock + 1) * S);
    // tf.topk's k-th value (duplicates counted), then relu(pre) masked by pre >= kth
    const kth = k > 0 ? selectDescending(pre, 0, S, k - 1, work) : -Infinity;
    xh.fill(0);
    for (let j = 0; j < S; j++) {
      const v = pre[j]!;
      if (!(v > 0) || !(v >= kth)) continue;
      const w = L.wdec + j * d;
      if (simd) state.kernels.axpy(L.r, w, d, v);
      else for (let i = 0; i < d; i++) xh[i] = fround(xh[i]! + fround(v * heap[w + i]!));
    }
    const x = r * d;
    for (let i = 0; i < d; i++) {
      const xc = fround(sample.data[x + i]! - heap[L.bdec + i]!);
      const h = xh[i]!;
      a = fround(a + fround(xc * h));
      b = fround(b + fround(h * h));
    }
  }
  return [a, b];
}

/**
 * The decoder's projections of `n` rows, `[dSae, n]`: `W_dec (x - b_dec)^T` with the heap's `W_dec` and `b_dec`, as
 * tfjs' wasm `matMul` computes them (the threaded trainer's `projectDecoder`).
 */
export type ProjectDecoder = (rows: Float32Array, n: number) => Promise<Float32Array>;

/**
 * Initialises the parameters in the heap: `b_dec` (geometric median, mean or zeros of the sample), the
 * decoder (unit-norm rows from the data or Gaussian directions; draws from `rng`), then the encoder from
 * the decoder (its least-squares-scaled transpose; quantile biases with a data-initialised decoder, else 0).
 * `quantileBias` `'aligned'` (TopK) keeps the quantile biases only where the data-initialised rows
 * share a common direction ({@link decoderRowsAligned}), which is where they are needed: on the reference MLP
 * activations TopK without them ended with 46% of 2048 latents dead (0.2% with); on superposition data, whose
 * rows are about as spread as random directions, they cost held-out FVE (TopK, issue 12's bar: 0.8744 with, 0.8877
 * without, against 0.8856 for a plain dense TopK) and left 6% of the latents dead. `'always'` (the others: the
 * targetL0 architectures need them to start near their target L0; BatchTopK without them ended with 26% of its
 * latents dead on that superposition data, 0.7% with) keeps them whenever the decoder is data-initialised.
 * `project` computes the decoder's projections of the sample (default: tfjs' `matMul`).
 */
export async function initialiseSaeParameters(
  state: TrainingState,
  bDecInit: 'geometric-median' | 'mean' | 'zeros',
  decoderInit: 'data' | 'random',
  sample: ActivationMatrix,
  rng: Random,
  k: number,
  quantileBias: 'always' | 'aligned' = 'always',
  project?: ProjectDecoder,
): Promise<void> {
  const { heap, dIn, layout: L } = state;
  if (bDecInit === 'geometric-median') heap.set(computeGeometricMedian(sample.data, sample.rows, dIn), L.bdec);
  else if (bDecInit === 'mean') heap.set(computeGeometricMedian(sample.data, sample.rows, dIn, { maxIterations: 0 }), L.bdec);
  initialiseDecoder(state, decoderInit, sample, rng);
  await initialiseEncoder(state, sample, k, decoderInit === 'data' && (quantileBias === 'always' || decoderRowsAligned(state)), project);
}
