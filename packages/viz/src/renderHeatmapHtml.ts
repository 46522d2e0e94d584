import type { CircuitTrace } from '@interp/report-types';
import { escapeHtml } from './escapeHtml';
import { renderHeatmapSvg, type HeatmapSvgOptions } from './renderHeatmapSvg';
import { renderHtmlPage } from './renderHtmlPage';

/**
 * Renders `logic_circuit_map.html`: the circuit heatmap (input position =
 * value against the hidden neurons and SAE features they drive) as a
 * self-contained page with tooltips and a legend; d3 inlined, no network.
 *
 * @example
 * ```ts
 * import { createFixtureRun, renderHeatmapHtml } from '@interp/viz';
 * const html = renderHeatmapHtml(createFixtureRun({ features: 64 }).trace);
 * ```
 */
export function renderHeatmapHtml(trace: CircuitTrace, options: HeatmapSvgOptions = {}): string {
  const svg = renderHeatmapSvg(trace.heatmap, options);
  const nRows = trace.heatmap.rows.length;
  const nCols = trace.heatmap.columns.length;
  const body = `<h1>Logic circuit map</h1>
<p class="lead">Mean activation of the traced hidden neurons and SAE features over the rows where an input position holds a value (${nRows} position/value rows × ${nCols} units; each column coloured relative to its own maximum, viridis). Hover a cell for the exact value.</p>
<div class="figure" id="heatmap">${svg}</div>
<p class="muted">Inputs: ${escapeHtml(trace.inputNames.join(', '))}.</p>`;
  return renderHtmlPage({
    title: 'Logic circuit map · interp',
    current: 'heatmap',
    body,
    css: `#heatmap svg.chart { max-width: 1500px; margin: 0 auto; } rect.cell:hover { stroke: #fff; stroke-width: 2; }`,
  });
}
