import { format, interpolateViridis, line, scaleLinear } from 'd3';
import { escapeHtml } from './escapeHtml';
import type { FeatureSummary } from '@interp/report-types';
import { renderAxisBottom, renderAxisLeft, round } from './renderAxis';

/**
 * Options of {@link renderBellCurvesSvg}.
 *
 * @example
 * ```ts
 * import { renderBellCurvesSvg, selectCircuitFeatures, type BellCurvesSvgOptions } from '@interp/viz';
 * const options: BellCurvesSvgOptions = { width: 800, panelHeight: 80, title: 'Circuit features' };
 * const svg = renderBellCurvesSvg(selectCircuitFeatures(data, 6), options);
 * ```
 */
export interface BellCurvesSvgOptions {
  /** Drawing width (default 1200). */
  width?: number;
  /** Height of one feature's panel (default 104). */
  panelHeight?: number;
  /** Chart title (default none). */
  title?: string;
}

/**
 * Renders stacked activation distributions, one panel per feature: the
 * histogram of its activations (as a density, over the rows where it fires)
 * with the fitted normal curve N(mean, std) drawn over it, each panel with
 * its own x-axis. One `rect.bar` per histogram bin and one `path.normal-fit`
 * per feature, each with a `data-tip`. DOM-free.
 *
 * @example
 * ```ts
 * import { createFixtureRun, renderBellCurvesSvg } from '@interp/viz';
 * const svg = renderBellCurvesSvg(createFixtureRun({ features: 32 }).features.slice(0, 6));
 * ```
 */
export function renderBellCurvesSvg(features: FeatureSummary[], options: BellCurvesSvgOptions = {}): string {
  const width = options.width ?? 1200;
  const panelH = options.panelHeight ?? 104;
  const titleH = (options.title ? 34 : 0) + 22; // legend row
  const labelW = 260;
  const rightPad = 30;
  const height = titleH + Math.max(1, features.length) * panelH + 12;
  const f4 = format('.4f');
  const f3 = format('.3f');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart bell-curves" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" role="img" aria-label="${escapeHtml(options.title ?? 'Activation distributions per feature')}">`,
  ];
  if (options.title) parts.push(`<text class="chart-title" x="12" y="24" font-size="18" font-weight="700" fill="#111">${escapeHtml(options.title)}</text>`);
  if (features.length === 0) {
    parts.push(`<text x="12" y="${titleH + 40}" font-size="14" fill="#444">No alive features to show.</text>`);
  }
  const legendColour = (i: number) => interpolateViridis(0.1 + (0.75 * i) / Math.max(1, features.length - 1));
  features.forEach((f, i) => {
    const top = titleH + i * panelH;
    const plotTop = top + 10;
    const plotBottom = top + panelH - 34;
    const h = f.histogram;
    const n = h.counts.length;
    const lo = h.min;
    const hi = h.max > h.min ? h.max : h.min + 1;
    const binW = (hi - lo) / Math.max(1, n);
    const total = h.counts.reduce((s, c) => s + c, 0);
    const density = h.counts.map((c) => (total > 0 ? c / (total * binW) : 0));
    const mean = f.meanActivation;
    const std = f.stdActivation;
    const pdf = (x: number) => (std > 0 ? Math.exp(-0.5 * ((x - mean) / std) ** 2) / (std * Math.sqrt(2 * Math.PI)) : 0);
    const yMax = Math.max(1e-9, ...density, std > 0 ? pdf(mean) : 0);
    const x = scaleLinear().domain([lo, hi]).range([labelW, width - rightPad]);
    const y = scaleLinear().domain([0, yMax * 1.08]).range([plotBottom, plotTop]);
    const colour = legendColour(i);
    parts.push(`<g class="panel" data-feature="${f.id}">`);
    if (i > 0) parts.push(`<line x1="12" x2="${width - 12}" y1="${top}" y2="${top}" stroke="#ddd"/>`);
    parts.push(`<text class="panel-title" x="12" y="${top + 28}" font-size="15" font-weight="700" fill="#111">Feature #${f.id}</text>`);
    const concept = f.label ?? (f.bestConcept ? `best: ${f.bestConcept}` : 'unlabelled');
    parts.push(`<text class="panel-label" x="12" y="${top + 47}" font-size="12" fill="${f.label ? '#004d80' : '#555'}">${escapeHtml(truncate(concept, 34))}</text>`);
    parts.push(`<text class="panel-stats" x="12" y="${top + 64}" font-size="11" fill="#444">μ ${f3(mean)} · σ ${f3(std)} · n ${total}</text>`);
    density.forEach((d, b) => {
      const x0 = x(lo + b * binW);
      const x1 = x(lo + (b + 1) * binW);
      const tip = `Feature #${f.id}: activation [${f4(lo + b * binW)}, ${f4(lo + (b + 1) * binW)})\n${h.counts[b] ?? 0} row${h.counts[b] === 1 ? '' : 's'} (density ${f3(d)})`;
      parts.push(
        `<rect class="bar" x="${round(x0)}" y="${round(y(d))}" width="${round(Math.max(0.5, x1 - x0 - 1))}" height="${round(Math.max(0, plotBottom - y(d)))}" fill="${colour}" fill-opacity="0.75" data-tip="${escapeHtml(tip)}"/>`,
      );
    });
    if (std > 0) {
      const samples = Array.from({ length: 97 }, (_, k) => lo + ((hi - lo) * k) / 96);
      const path = line<number>()
        .x((v) => round(x(v)))
        .y((v) => round(y(pdf(v))))(samples);
      parts.push(
        `<path class="normal-fit" d="${path ?? ''}" fill="none" stroke="#111" stroke-width="2" data-tip="${escapeHtml(`Feature #${f.id}: fitted normal N(${f4(mean)}, ${f4(std)}²)`)}"/>`,
      );
    }
    parts.push(renderAxisBottom(x, plotBottom, { ticks: 6, fontSize: 10 }));
    parts.push(renderAxisLeft(y, labelW, { ticks: 2, fontSize: 10, tickFormat: format('.2~r') }));
    parts.push('</g>');
  });
  parts.push(`<g class="legend" font-size="11" fill="#333"><rect x="${width - 270}" y="${titleH - 18}" width="12" height="10" fill="${legendColour(0)}" fill-opacity="0.75"/><text x="${width - 254}" y="${titleH - 9}">histogram (density)</text><line x1="${width - 135}" x2="${width - 115}" y1="${titleH - 13}" y2="${titleH - 13}" stroke="#111" stroke-width="2"/><text x="${width - 110}" y="${titleH - 9}">fitted normal</text></g>`);
  parts.push('</svg>');
  return parts.join('');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
