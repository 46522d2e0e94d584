import type { FeatureSummary } from '@interp/report-types';
import { renderBellCurvesSvg, type BellCurvesSvgOptions } from './renderBellCurvesSvg';
import { renderHtmlPage } from './renderHtmlPage';

/**
 * Renders `circuit_bell_curves.html`: stacked activation distributions of the
 * given features, each histogram with its fitted normal curve, tooltips on
 * every bar; self-contained (d3 inlined).
 *
 * @example
 * ```ts
 * import { createFixtureRun, renderBellCurvesHtml, selectCircuitFeatures } from '@interp/viz';
 * const data = createFixtureRun({ features: 64 });
 * const html = renderBellCurvesHtml(selectCircuitFeatures(data));
 * ```
 */
export function renderBellCurvesHtml(features: FeatureSummary[], options: BellCurvesSvgOptions = {}): string {
  const body = `<h1>Circuit bell curves</h1>
<p class="lead">Activation distribution of ${features.length} circuit features over the rows where each fires: histogram as a density, with the normal curve fitted to the feature's mean and standard deviation drawn over it. Hover a bar for its bin and row count.</p>
<div class="figure" id="bell-curves">${renderBellCurvesSvg(features, options)}</div>`;
  return renderHtmlPage({
    title: 'Circuit bell curves · interp',
    current: 'bellCurves',
    body,
    css: `#bell-curves svg.chart { max-width: 1500px; margin: 0 auto; } rect.bar:hover { fill-opacity: 1; stroke: #111; }`,
  });
}
