import type { FeatureStatsResult } from './computeFeatureStats';
import type { FeatureSummary } from '@interp/report-types';
import type { FeatureScores } from './scoreFeatures';

/**
 * Joins dataset statistics and ground-truth scores into one `FeatureSummary` per feature, the shape
 * `@interp/viz` renders (pass the array as `ReportData.features`).
 *
 * @example
 * ```ts
 * const acts = runFeatureActivations(model, sae, train);
 * const features = combineFeatureSummaries(
 *   computeFeatureStats(model, sae, train, { activations: acts }),
 *   scoreFeatures(acts.features, train),
 * );
 * ```
 * @throws RangeError when the two cover different features or rows.
 */
export function combineFeatureSummaries(stats: FeatureStatsResult, scores: FeatureScores): FeatureSummary[] {
  if (stats.features.length !== scores.features.length || stats.rows !== scores.rows) {
    throw new RangeError(
      `combineFeatureSummaries: stats cover ${stats.features.length} features x ${stats.rows} rows, scores ${scores.features.length} x ${scores.rows}`,
    );
  }
  return stats.features.map((s, j) => {
    const sc = scores.features[j];
    if (!sc || sc.feature !== s.id) throw new RangeError(`combineFeatureSummaries: feature ${s.id} has no score`);
    return {
      id: s.id,
      label: sc.label,
      bestConcept: sc.bestConcept,
      precision: sc.precision,
      recall: sc.recall,
      f1: sc.f1,
      frequency: s.frequency,
      firingCount: s.firingCount,
      meanActivation: s.meanActivation,
      stdActivation: s.stdActivation,
      maxActivation: s.maxActivation,
      histogram: s.histogram,
      topRows: s.topRows,
      alignedNeurons: s.alignedNeurons,
      outputEffect: s.outputEffect,
      correlations: sc.correlations,
    };
  });
}
