import { DEFAULT_HOOK_POINT } from '@interp/models';
import { checkInteger } from '@interp/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from '@interp/models';
import type { Sae } from '@interp/sae';
import { checkProbeData } from './checkProbeData';
import { runFeatureActivations, type FeatureActivations } from './computeFeatureActivations';
import { createLinearEffects } from './createLinearEffects';
import type { EffectPairs } from './EffectPairs';
import { columnsFromCodes } from './toFeatureColumns';
import type { AlignedNeuron, FeatureSummary, Histogram, TopRow } from '@interp/report-types';
import type { ProbeData } from './ProbeData';
import { checkBatchSize, resolveHook } from './resolveHook';

/**
 * Dataset statistics of one feature: the non-scoring fields of a {@link FeatureSummary} (the MLP's output effect always measured).
 *
 * @example
 * ```ts
 * import { computeFeatureStats, type FeatureStats } from '@interp/probe';
 * const alive = computeFeatureStats(model, sae, train).features.filter((f: FeatureStats) => f.firingCount > 0);
 * alive[0]?.topRows; // the rows it fires most on
 * ```
 */
export type FeatureStats = Pick<
  FeatureSummary,
  'id' | 'firingCount' | 'frequency' | 'meanActivation' | 'stdActivation' | 'maxActivation' | 'histogram' | 'topRows' | 'alignedNeurons'
> &
  Required<Pick<FeatureSummary, 'outputEffect'>>;

/**
 * What {@link computeFeatureStats} returns.
 *
 * @example
 * ```ts
 * import { computeFeatureStats, type FeatureStatsResult } from '@interp/probe';
 * const stats: FeatureStatsResult = computeFeatureStats(model, sae, train);
 * stats.features.length === sae.config.dSae; // true: dead features included
 * ```
 */
export interface FeatureStatsResult {
  /** The hook. */
  hook: string;
  /** Rows the statistics cover. */
  rows: number;
  /** One entry per feature, dead ones included. */
  features: FeatureStats[];
}

/**
 * Options of {@link computeFeatureStats}.
 *
 * @example
 * ```ts
 * import { computeFeatureStats, runFeatureActivations, type FeatureStatsOptions } from '@interp/probe';
 * const options: FeatureStatsOptions = { bins: 40, topRows: 5, activations: runFeatureActivations(model, sae, train) };
 * const stats = computeFeatureStats(model, sae, train, options);
 * ```
 */
export interface FeatureStatsOptions {
  /** Hook point the SAE reads (default `hidden.post`). */
  hook?: string;
  /** Histogram bins (default 20). */
  bins?: number;
  /** Top-activating rows per feature (default 10). */
  topRows?: number;
  /** Aligned neurons per feature (default 5). */
  alignedNeurons?: number;
  /** Rows per feature the output effects average over (default 64). */
  effectRows?: number;
  /** Rows (or feature-row pairs) per forward pass (default 4096). */
  batchSize?: number;
  /** Activations already computed by `runFeatureActivations` on the same rows and hook. */
  activations?: FeatureActivations;
}

/**
 * The first model output of every (feature, row) pair: the model run from the hook on `h[row[p]] + coef[p] *
 * W_dec[feat[p]]`, batched. The hook activations are built in JavaScript (a float32 product, then a float32 sum:
 * what `tf.add` of the delta gives) and the model runs from the hook on (`forwardFrom`), so the layers before it
 * are not run again for every pair.
 *
 * @internal
 */
export function runFirstOutputs(model: Mlp, sae: Sae, hook: string, hookActs: Float32Array, pairs: EffectPairs, batchSize: number): Float32Array {
  const { outputSize } = model.config;
  const result = new Float32Array(pairs.length);
  const Wdec = sae.W_dec.dataSync() as Float32Array;
  const dIn = sae.config.dIn;
  // One buffer for every batch: a fresh 8 MB array per batch cost more than the rest of the loop
  // (allocation, zeroing and page faults: about 1.5 s for the reference run's 260,000 pairs).
  const maxN = Math.min(batchSize, pairs.length);
  const xsAll = new Float32Array(maxN * dIn);
  for (let start = 0; start < pairs.length; start += batchSize) {
    const n = Math.min(batchSize, pairs.length - start);
    // The rows are gathered in JS: tf.gather of 4096 decoder rows takes ~200 ms on wasm, this ~5 ms.
    const xs = xsAll.subarray(0, n * dIn);
    for (let p = 0; p < n; p++) {
      const h = (pairs.row[start + p] as number) * dIn;
      const w = (pairs.feat[start + p] as number) * dIn;
      const c = pairs.coef[start + p] as number;
      const o = p * dIn;
      // fround(c * w) is the float32 delta; the float32 store rounds the exact double sum h + delta
      // to the float32 sum (double rounding is exact for a sum of two floats).
      for (let i = 0; i < dIn; i++) xs[o + i] = (hookActs[h + i] as number) + Math.fround(c * (Wdec[w + i] as number));
    }
    const y = tf.tidy(() => model.forwardFrom(hook, tf.tensor2d(xs, [n, dIn], 'float32')));
    const out = y.dataSync() as Float32Array;
    y.dispose();
    for (let p = 0; p < n; p++) result[start + p] = out[p * outputSize] as number;
  }
  return result;
}

/**
 * Per feature, the sum over its pairs (in pair order) of the change of the first output from the clean one.
 *
 * @internal
 */
export function sumEffects(outputs: Float32Array, cleanOutputs: Float32Array, outputSize: number, pairs: EffectPairs, dSae: number): Float64Array {
  const sums = new Float64Array(dSae);
  for (let p = 0; p < pairs.length; p++) {
    const r = pairs.row[p] as number;
    const f = pairs.feat[p] as number;
    sums[f] = (sums[f] as number) + ((outputs[p] as number) - (cleanOutputs[r * outputSize] as number));
  }
  return sums;
}

/**
 * The indices of the `count` largest `|w[offset + i]|`, `i < n`, largest first and the lower index first among
 * equal magnitudes (the first `count` of a stable sort by descending magnitude), into `out`; returns the filled
 * part of `out`. With `keep`, only the `i` with `keep[i]` set are candidates. An insertion into the short list
 * instead of sorting all `n`.
 *
 * @internal
 */
export function selectLargestMagnitudes(w: Float32Array, offset: number, n: number, count: number, out: Int32Array, keep?: Uint8Array): Int32Array {
  const m = Math.min(count, n, out.length);
  let len = 0;
  for (let i = 0; i < n; i++) {
    if (keep && !keep[i]) continue;
    const a = Math.abs(w[offset + i] as number);
    // Kept only when strictly larger than the last kept one (a later index loses ties).
    if (len === m && !(a > Math.abs(w[offset + (out[m - 1] as number)] as number))) continue;
    let q = len < m ? len++ : m - 1;
    while (q > 0 && a > Math.abs(w[offset + (out[q - 1] as number)] as number)) {
      out[q] = out[q - 1] as number;
      q--;
    }
    out[q] = i;
  }
  return out.subarray(0, len);
}

/**
 * Statistics of every SAE feature over a dataset: firing frequency, mean/std/max activation, an
 * activation histogram, the top-activating rows, the hidden neurons most aligned with the decoder
 * direction (`|W_dec[j, n]| / |W_dec[j]|`), and the effect on the MLP's first output:
 *
 * - `ablateDelta`: mean over (up to `effectRows` of, the first in row order) the rows where the feature
 *   fires of `y(h - f_j W_dec[j]) - y(h)`, h the hook activation;
 * - `addDelta`: mean over the first `effectRows` rows of `y(h + c W_dec[j]) - y(h)`, with `c` the feature's
 *   max activation (1 for a dead feature).
 *
 * At the hook `hidden.post` of an MLP with a ReLU or linear bottleneck, the effects use the bottleneck's linearity
 * (the products `h W2` and `W_dec W2` made once, then `c` multiply-adds per (feature, row) pair, in float64: equal to
 * running the model up to float32 rounding); elsewhere they run as batched forward passes over the pairs.
 *
 * @example
 * ```ts
 * const acts = runFeatureActivations(model, sae, train);
 * const stats = computeFeatureStats(model, sae, train, { activations: acts });
 * const summaries = combineFeatureSummaries(stats, scoreFeatures(acts.features, train));
 * ```
 * @throws RangeError for an unknown hook, a bad option, or a dataset of the wrong width.
 */
export function computeFeatureStats(model: Mlp, sae: Sae, data: ProbeData, options: FeatureStatsOptions = {}): FeatureStatsResult {
  const s = prepareFeatureStats(model, sae, data, options, 'computeFeatureStats');
  const linear = s.abl.length + s.add.length > 0 ? createLinearEffects(model, sae, s.hook, s.acts.hookActivations) : undefined;
  const effects = (pairs: EffectPairs): Float64Array =>
    linear
      ? linear(pairs)
      : sumEffects(runFirstOutputs(model, sae, s.hook, s.acts.hookActivations, pairs, s.batchSize), s.acts.outputs, model.config.outputSize, pairs, s.dSae);
  return s.finish(effects(s.abl), effects(s.add));
}

/**
 * The part of {@link computeFeatureStats} before the output effects (checks, moments, histograms, top rows and the
 * (feature, row) pairs of the effects), and `finish`, which builds the result from the effects' per-feature sums.
 *
 * @internal
 */
export function prepareFeatureStats(
  model: Mlp,
  sae: Sae,
  data: ProbeData,
  options: FeatureStatsOptions,
  where: string,
): { hook: string; batchSize: number; dSae: number; acts: FeatureActivations; abl: EffectPairs; add: EffectPairs; finish(ablSums: Float64Array, addSums: Float64Array): FeatureStatsResult } {
  const hook = options.hook ?? DEFAULT_HOOK_POINT;
  const bins = options.bins ?? 20;
  const K = options.topRows ?? 10;
  const A = options.alignedNeurons ?? 5;
  const effectRows = options.effectRows ?? 64;
  const batchSize = options.batchSize ?? 4096;
  checkInteger(bins, `${where}: options.bins`, { min: 1 });
  checkInteger(K, `${where}: options.topRows`, { min: 0 });
  checkInteger(A, `${where}: options.alignedNeurons`, { min: 0 });
  checkInteger(effectRows, `${where}: options.effectRows`, { min: 0 });
  checkBatchSize(batchSize, where);
  const dIn = resolveHook(model, sae, hook, where);
  const d = checkProbeData(data, where, model.config.inputSize);
  const acts = options.activations ?? runFeatureActivations(model, sae, d, { hook, batchSize });
  const { rows } = d;
  const dSae = sae.config.dSae;
  if (acts.rows !== rows || acts.dSae !== dSae || acts.codes.rows !== rows || acts.codes.dSae !== dSae || acts.hookActivations.length !== rows * dIn) {
    throw new RangeError(`${where}: options.activations covers ${acts.rows} rows x ${acts.dSae} features, expected ${rows} x ${dSae}`);
  }
  // Per feature, its non-zero activations in row order: every sum below runs in the order of a row-major loop.
  const { start, row: colRow, value: colValue } = columnsFromCodes(acts.codes, where);
  const count = new Int32Array(dSae);
  const sum = new Float64Array(dSae);
  const sumSq = new Float64Array(dSae);
  const max = new Float64Array(dSae);
  const min = new Float64Array(dSae).fill(Infinity);
  const topVal = new Float64Array(dSae * K);
  const topIdx = new Int32Array(dSae * K);
  const topLen = new Int32Array(dSae);
  // Ablation pairs: the first `effectRows` firing rows of each feature.
  const ablRow = new Int32Array(dSae * effectRows);
  const ablCoef = new Float32Array(dSae * effectRows);
  const ablLen = new Int32Array(dSae);
  const hist = new Int32Array(dSae * bins);
  for (let j = 0; j < dSae; j++) {
    let n = 0;
    let s1 = 0;
    let s2 = 0;
    let hi = 0;
    let lo = Infinity;
    let al = 0;
    let len = 0;
    const o = j * K;
    const e = start[j + 1]!;
    for (let p = start[j]!; p < e; p++) {
      const v = colValue[p]!;
      if (!(v > 0)) continue;
      const r = colRow[p]!;
      n++;
      s1 += v;
      s2 += v * v;
      if (v > hi) hi = v;
      if (v < lo) lo = v;
      if (al < effectRows) {
        ablRow[j * effectRows + al] = r;
        ablCoef[j * effectRows + al] = -v;
        al++;
      }
      if (K === 0) continue;
      if (len === K && v <= (topVal[o + K - 1] as number)) continue;
      // Insert keeping descending order (earlier rows win ties).
      let q = len < K ? len : K - 1;
      if (len < K) len++;
      while (q > 0 && (topVal[o + q - 1] as number) < v) {
        topVal[o + q] = topVal[o + q - 1] as number;
        topIdx[o + q] = topIdx[o + q - 1] as number;
        q--;
      }
      topVal[o + q] = v;
      topIdx[o + q] = r;
    }
    count[j] = n;
    sum[j] = s1;
    sumSq[j] = s2;
    max[j] = hi;
    min[j] = lo;
    ablLen[j] = al;
    topLen[j] = len;
    const w = hi - lo;
    for (let p = start[j]!; p < e; p++) {
      const v = colValue[p]!;
      if (!(v > 0)) continue;
      const b = w > 0 ? Math.min(bins - 1, Math.floor(((v - lo) / w) * bins)) : 0;
      hist[j * bins + b]!++;
    }
  }

  // Output effects.
  let ablTotal = 0;
  for (let j = 0; j < dSae; j++) ablTotal += ablLen[j] as number;
  const abl = { row: new Int32Array(ablTotal), feat: new Int32Array(ablTotal), coef: new Float32Array(ablTotal), length: ablTotal };
  let q = 0;
  for (let j = 0; j < dSae; j++) {
    for (let k = 0; k < (ablLen[j] as number); k++, q++) {
      abl.row[q] = ablRow[j * effectRows + k] as number;
      abl.feat[q] = j;
      abl.coef[q] = ablCoef[j * effectRows + k] as number;
    }
  }
  const addRows = Math.min(effectRows, rows);
  const addTotal = addRows * dSae;
  const add = { row: new Int32Array(addTotal), feat: new Int32Array(addTotal), coef: new Float32Array(addTotal), length: addTotal };
  q = 0;
  for (let j = 0; j < dSae; j++) {
    const c = (max[j] as number) > 0 ? (max[j] as number) : 1;
    for (let r = 0; r < addRows; r++, q++) {
      add.row[q] = r;
      add.feat[q] = j;
      add.coef[q] = c;
    }
  }
  const finish = (ablSums: Float64Array, addSums: Float64Array): FeatureStatsResult => {
    const Wdec = sae.W_dec.dataSync() as Float32Array;
    const { numInputs, inputs, latents } = d;
    const features: FeatureStats[] = [];
    const topNeurons = new Int32Array(Math.min(A, dIn));
    for (let j = 0; j < dSae; j++) {
      const n = count[j] as number;
      const mean = n > 0 ? (sum[j] as number) / n : 0;
      const variance = n > 0 ? Math.max(0, (sumSq[j] as number) / n - mean * mean) : 0;
      const topRows: TopRow[] = [];
      for (let k = 0; k < (topLen[j] as number); k++) {
        const r = topIdx[j * K + k] as number;
        topRows.push({
          inputs: Array.from(inputs.subarray(r * numInputs, (r + 1) * numInputs)),
          activation: topVal[j * K + k] as number,
          p1: latents.p1[r] as number,
          p2: latents.p2[r] as number,
          target: latents.target[r] as number,
        });
      }
      let norm = 0;
      for (let i = 0, o = j * dIn; i < dIn; i++) {
        const w = Wdec[o + i] as number;
        norm += w * w;
      }
      norm = Math.sqrt(norm);
      const alignedNeurons: AlignedNeuron[] = [];
      if (norm > 0 && A > 0) {
        for (const i of selectLargestMagnitudes(Wdec, j * dIn, dIn, A, topNeurons)) {
          alignedNeurons.push({ neuron: i, cosine: (Wdec[j * dIn + i] as number) / norm });
        }
      }
      features.push({
        id: j,
        firingCount: n,
        frequency: n / rows,
        meanActivation: mean,
        stdActivation: Math.sqrt(variance),
        maxActivation: max[j] as number,
        histogram: {
          min: n > 0 ? (min[j] as number) : 0,
          max: max[j] as number,
          counts: Array.from(hist.subarray(j * bins, (j + 1) * bins)),
        },
        topRows,
        alignedNeurons,
        outputEffect: {
          ablateDelta: (ablLen[j] as number) > 0 ? (ablSums[j] as number) / (ablLen[j] as number) : 0,
          addDelta: addRows > 0 ? (addSums[j] as number) / addRows : 0,
        },
      });
    }
    return { hook, rows, features };
  };
  return { hook, batchSize, dSae, acts, abl, add, finish };
}
