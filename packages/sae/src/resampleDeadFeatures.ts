import * as tf from '@tensorflow/tfjs-core';
import type { TrainingState } from './createTrainingState';
import type { Random } from './createRandom';
import type { ActivationMatrix } from './toActivationSource';

/** How {@link resampleDeadFeatures} starts the new features' encoder rows and biases. */
export interface ResampleOptions {
  /**
   * The encoder bias is minus the `(1 - share/dSae)` quantile of the new feature's projections on the sample,
   * so that it starts out firing on about `share / dSae` of the rows; 0 gives a zero bias. Default `k`.
   */
  share?: number;
  /** The new encoder rows' norm as a multiple of the mean alive encoder norm. Default 1 with `k > 0`, else 0.2. */
  encoderScale?: number;
}

/**
 * Towards Monosemanticity's resampling of dead features: rows of `sample` are drawn with probability
 * proportional to their squared reconstruction loss (of the SAE with its TopK `k`, or ReLU for `k` 0); each
 * dead feature's decoder row becomes the unit-norm centred input, its encoder row the same direction at 0.2 x
 * (ReLU) or 1 x (TopK) the mean alive encoder norm, and the Adam moments are reset. The encoder bias is 0
 * (ReLU with a fixed L1) or minus the `(1 - share/dSae)` quantile of the new feature's projections on the
 * sample (TopK: `share = k`; the `targetL0` architectures: the target), so it starts out firing on its share
 * of rows: with zero biases, each of hundreds of resampled ReLU features fired on half the rows and the
 * reference MLP activations' held-out FVE fell to -97 after the first resampling. Returns how many were resampled.
 */
export function resampleDeadFeatures(
  state: TrainingState,
  dead: Int32Array,
  nDead: number,
  sample: ActivationMatrix,
  rng: Random,
  k = 0,
  options: ResampleOptions = {},
): number {
  if (nDead === 0 || sample.rows === 0) return 0;
  const { heap, dIn: d, dSae: S, layout: L, kernels } = state;
  const losses = tf.tidy(() => {
    const x = tf.tensor2d(sample.data, [sample.rows, d]);
    const bDec = tf.tensor1d(heap.subarray(L.bdec, L.bdec + d));
    const wEncT = tf.tensor2d(heap.subarray(L.wenc, L.wenc + S * d), [S, d]);
    const wDec = tf.tensor2d(heap.subarray(L.wdec, L.wdec + S * d), [S, d]);
    const bEnc = tf.tensor1d(heap.subarray(L.benc, L.benc + S));
    const pre = tf.add(tf.matMul(tf.sub(x, bDec), tf.transpose(wEncT)), bEnc);
    let f = tf.relu(pre);
    if (k > 0) {
      const kth = tf.slice(tf.topk(pre, k).values, [0, k - 1], [-1, 1]);
      f = tf.mul(f, tf.cast(tf.greaterEqual(pre, kth), 'float32'));
    }
    const r = tf.sub(tf.add(tf.matMul(f, wDec), bDec), x);
    return tf.square(tf.sum(tf.square(r), 1));
  });
  const w = losses.dataSync() as Float32Array;
  losses.dispose();
  const cumulative = new Float64Array(sample.rows);
  let total = 0;
  for (let i = 0; i < sample.rows; i++) cumulative[i] = total += w[i]!;
  const deadSet = new Uint8Array(S);
  for (let t = 0; t < nDead; t++) deadSet[dead[t]!] = 1;
  let aliveNorm = 0;
  let alive = 0;
  for (let j = 0; j < S; j++) {
    if (deadSet[j]) continue;
    aliveNorm += Math.sqrt(kernels.dot(L.wenc + j * d, L.wenc + j * d, d));
    alive++;
  }
  const share = options.share ?? k;
  const encNorm = (options.encoderScale ?? (k > 0 ? 1 : 0.2)) * (alive > 0 ? aliveNorm / alive : 1);
  const rank = Math.min(sample.rows - 1, Math.floor((sample.rows * share) / S));
  for (let t = 0; t < nDead; t++) {
    const j = dead[t]!;
    let row: number;
    if (total > 0) {
      const u = rng.next() * total;
      let lo = 0;
      let hi = sample.rows - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < u) lo = mid + 1;
        else hi = mid;
      }
      row = lo;
    } else {
      row = rng.int(sample.rows);
    }
    let n2 = 0;
    for (let i = 0; i < d; i++) {
      const v = sample.data[row * d + i]! - heap[L.bdec + i]!;
      heap[L.wdec + j * d + i] = v;
      n2 += v * v;
    }
    if (n2 === 0) {
      for (let i = 0; i < d; i++) heap[L.wdec + j * d + i] = rng.normal();
      n2 = kernels.dot(L.wdec + j * d, L.wdec + j * d, d);
    }
    const inv = 1 / Math.sqrt(n2);
    for (let i = 0; i < d; i++) {
      const u = heap[L.wdec + j * d + i]! * inv;
      heap[L.wdec + j * d + i] = u;
      heap[L.wenc + j * d + i] = u * encNorm;
    }
    heap[L.benc + j] = 0;
    for (const base of [L.m, L.v]) {
      heap.fill(0, base + L.wdec + j * d, base + L.wdec + (j + 1) * d);
      heap.fill(0, base + L.wenc + j * d, base + L.wenc + (j + 1) * d);
      heap[base + L.benc + j] = 0;
    }
  }
  if (share > 0) {
    // b_enc[j] = -(the (1 - share/dSae) quantile of the new encoder row's projections on the sample)
    const n = sample.rows;
    const wNew = new Float32Array(nDead * d);
    for (let t = 0; t < nDead; t++) wNew.set(heap.subarray(L.wenc + dead[t]! * d, L.wenc + (dead[t]! + 1) * d), t * d);
    const proj = tf.tidy(() => {
      const xc = tf.sub(tf.tensor2d(sample.data, [n, d]), tf.tensor1d(heap.subarray(L.bdec, L.bdec + d)));
      return tf.matMul(tf.tensor2d(wNew, [nDead, d]), tf.transpose(xc));
    });
    const p = proj.dataSync() as Float32Array;
    proj.dispose();
    for (let t = 0; t < nDead; t++) {
      const col = p.slice(t * n, (t + 1) * n).sort();
      heap[L.benc + dead[t]!] = -col[n - 1 - rank]!;
    }
  }
  return nDead;
}
