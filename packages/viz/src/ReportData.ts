import type { CircuitTrace } from '@interp/report-types';
import type { FeatureSummary } from '@interp/report-types';
import type { RunSummary } from '@interp/report-types';

/**
 * Everything the five reports are rendered from.
 *
 * @example
 * ```ts
 * import { createFixtureRun, renderReports } from '@interp/viz';
 * const data: ReportData = createFixtureRun({ features: 256, seed: 7 });
 * const pages = renderReports(data); // { 'index.html': '<!doctype html>...', ... }
 * ```
 */
export interface ReportData {
  /** The run summary (index.html). */
  run: RunSummary;
  /** The circuit trace (heatmap and Sankey). */
  trace: CircuitTrace;
  /** Every SAE feature, dead ones included (frequency 0). */
  features: FeatureSummary[];
}
