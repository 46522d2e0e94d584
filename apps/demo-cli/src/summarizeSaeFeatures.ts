import type { Sae } from '@interp/sae';
import { createFeatureSummarizer, type FeatureCodes, type SaeFeatureSummaries, type SummarizeSaeFeaturesOptions } from './createFeatureSummarizer';

export type { SaeFeatureSummaries, SummarizeSaeFeaturesOptions } from './createFeatureSummarizer';

/**
 * Per-feature statistics of an SAE on activations in memory, for the feature dashboard: what
 * {@link createFeatureSummarizer} measures, over blocks of 4096 rows.
 *
 * @example
 * ```ts
 * const { features, labels } = summarizeSaeFeatures(sae, acts, { labels: await readLabelsCsv('labels.csv', acts.rows) });
 * ```
 */
export function summarizeSaeFeatures(sae: Sae, acts: { data: Float32Array; rows: number; width: number }, options: SummarizeSaeFeaturesOptions = {}): SaeFeatureSummaries {
  const { rows, width } = acts;
  const summarizer = createFeatureSummarizer(sae, rows, options);
  const codes: FeatureCodes[] = [];
  const BLOCK = 4096;
  for (let start = 0; start < rows; start += BLOCK) {
    const n = Math.min(BLOCK, rows - start);
    codes.push(summarizer.add({ data: acts.data.subarray(start * width, (start + n) * width), rows: n }));
  }
  for (const c of codes) summarizer.addHistogram(c);
  return summarizer.finish();
}
