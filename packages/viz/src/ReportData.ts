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
  /**
   * The circuit trace (heatmap, bell curves and Sankey). Without it (an SAE on activations of any model,
   * `interp report --sae`), only the run summary and the feature dashboard are rendered.
   */
  trace?: CircuitTrace;
  /** Column names of the features' top rows when there is no trace (default `['row']`). */
  inputNames?: string[];
  /** Every SAE feature, dead ones included (frequency 0). */
  features: FeatureSummary[];
}
