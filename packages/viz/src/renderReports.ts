import type { ReportData } from './ReportData';
import { reportFiles } from './reportFiles';
import { renderBellCurvesHtml } from './renderBellCurvesHtml';
import { renderFeatureDashboardHtml } from './renderFeatureDashboardHtml';
import { renderHeatmapHtml } from './renderHeatmapHtml';
import { renderRunSummaryHtml } from './renderRunSummaryHtml';
import { renderSankeyHtml } from './renderSankeyHtml';
import { selectCircuitFeatures } from './selectCircuitFeatures';

/**
 * Renders all five reports to HTML strings, keyed by file name
 * (`index.html`, `logic_circuit_map.html`, `circuit_bell_curves.html`,
 * `uhd_bold_sankey.html`, `features.html`), or, without `data.trace`, `index.html` and
 * `features.html` only. Pure and browser-safe; use
 * `writeReports` from `@interp/viz/node` to write them to disk.
 *
 * @example
 * ```ts
 * import { createFixtureRun, renderReports } from '@interp/viz';
 * const pages = renderReports(createFixtureRun({ features: 256 }));
 * Object.keys(pages); // ['index.html', 'logic_circuit_map.html', ...]
 * ```
 */
export function renderReports(data: ReportData): Record<string, string> {
  const { trace } = data;
  if (!trace) {
    // No circuit of a known model: the run summary and the feature dashboard only, linked to each other.
    const reports = ['index', 'features'] as const;
    return {
      [reportFiles.index]: renderRunSummaryHtml(data.run, { reports }),
      [reportFiles.features]: renderFeatureDashboardHtml(data.features, { inputNames: data.inputNames ?? ['row'], unitName: 'dimension', reports }),
    };
  }
  return {
    [reportFiles.index]: renderRunSummaryHtml(data.run),
    [reportFiles.heatmap]: renderHeatmapHtml(trace),
    [reportFiles.bellCurves]: renderBellCurvesHtml(selectCircuitFeatures(data)),
    [reportFiles.sankey]: renderSankeyHtml(trace),
    [reportFiles.features]: renderFeatureDashboardHtml(data.features, { inputNames: trace.inputNames }),
  };
}
