import { computeDensityHistogram, summarizeFiring, type SaeMetrics } from './evaluateSae';

/**
 * The firing figures of {@link SaeMetrics} (what a liveness pass over the rows reports).
 *
 * @example
 * ```ts
 * import { mergeFeatureFrequencies, type SaeLiveness } from '@interp/sae';
 * const liveness: SaeLiveness = mergeFeatureFrequencies([partA, partB]);
 * console.log(`${(100 * liveness.deadFraction).toFixed(1)}% dead over ${liveness.rows} rows`);
 * ```
 */
export type SaeLiveness = Pick<SaeMetrics, 'rows' | 'featureFrequency' | 'deadFraction' | 'denseFraction' | 'densityHistogram'>;

/**
 * The firing figures over the union of disjoint row sets, from each set's metrics of the same SAE (e.g. trainSae's
 * `history.trainMetrics` on the training rows and its last held-out evaluation): each feature's firing count is
 * recovered exactly from its float32 frequency (`round(frequency x rows)`, exact below 2^23 rows per set), so the
 * result equals `evaluateSae` over all the rows bit for bit (frequencies, dead and dense fractions, histogram),
 * without encoding them again.
 *
 * @example
 * ```ts
 * import { evaluateSae, mergeFeatureFrequencies } from '@interp/sae';
 * const a = await evaluateSae(sae, firstRows);
 * const b = await evaluateSae(sae, otherRows);
 * const all = mergeFeatureFrequencies([a, b]); // all.featureFrequency as evaluateSae(sae, every row) gives it
 * ```
 */
export function mergeFeatureFrequencies(parts: ReadonlyArray<Pick<SaeMetrics, 'rows' | 'featureFrequency'>>): SaeLiveness {
  const first = parts[0];
  if (!first) throw new Error('mergeFeatureFrequencies: parts is empty; pass the metrics of at least one row set');
  const dSae = first.featureFrequency.length;
  const fires = new Float64Array(dSae);
  let rows = 0;
  parts.forEach((part, p) => {
    if (part.featureFrequency.length !== dSae) {
      throw new Error(`mergeFeatureFrequencies: parts[${p}].featureFrequency has ${part.featureFrequency.length} features, parts[0] has ${dSae}`);
    }
    if (!Number.isInteger(part.rows) || part.rows < 1 || part.rows >= 2 ** 23) {
      throw new Error(`mergeFeatureFrequencies: parts[${p}].rows must be an integer from 1 to 2^23 - 1 (counts are exact below 2^23), got ${part.rows}`);
    }
    for (let j = 0; j < dSae; j++) fires[j]! += Math.round(part.featureFrequency[j]! * part.rows);
    rows += part.rows;
  });
  // as evaluateSae's result() computes them
  const { featureFrequency, deadFraction, denseFraction } = summarizeFiring(fires, rows);
  return { rows, featureFrequency, deadFraction, denseFraction, densityHistogram: computeDensityHistogram(featureFrequency) };
}
