import { format, interpolateViridis, scaleLinear } from 'd3';
import { escapeHtml } from './escapeHtml';
import type { Histogram } from '@interp/report-types';
import { renderAxisBottom, renderAxisLeft, round } from './renderAxis';

/**
 * Options of {@link renderHistogramSvg}.
 *
 * @example
 * ```ts
 * import { renderHistogramSvg, type HistogramSvgOptions } from '@interp/viz';
 * const options: HistogramSvgOptions = { width: 400, height: 200, title: 'Feature 12', xLabel: 'activation' };
 * const svg = renderHistogramSvg(feature.histogram, options);
 * ```
 */
export interface HistogramSvgOptions {
  /** Drawing width (default 560). */
  width?: number;
  /** Drawing height (default 280). */
  height?: number;
  /** Chart title. */
  title?: string;
  /** X-axis title. */
  xLabel?: string;
  /** Y-axis title (default `count`). */
  yLabel?: string;
  /** Bar colour (default viridis mid-tone). */
  colour?: string;
}

/**
 * Renders an equal-width {@link Histogram} as an SVG bar chart with axes; one
 * `rect.bar` per bin, each with a `data-tip`. DOM-free.
 *
 * @example
 * ```ts
 * renderHistogramSvg({ min: -4, max: 0, counts: [1, 4, 9, 3] }, { xLabel: 'log10 firing frequency' });
 * ```
 * @throws RangeError when `max < min` or a count is negative or not finite.
 */
export function renderHistogramSvg(histogram: Histogram, options: HistogramSvgOptions = {}): string {
  const { min, max, counts } = histogram;
  if (!(Number.isFinite(min) && Number.isFinite(max) && max >= min)) {
    throw new RangeError(`renderHistogramSvg: histogram.min/max must be finite with max >= min, got [${String(min)}, ${String(max)}]`);
  }
  counts.forEach((c, i) => {
    if (!Number.isFinite(c) || c < 0) throw new RangeError(`renderHistogramSvg: histogram.counts[${i}] must be a finite count >= 0, got ${String(c)}`);
  });
  const width = options.width ?? 560;
  const height = options.height ?? 280;
  const titleH = options.title ? 26 : 0;
  const m = { top: titleH + 12, right: 16, bottom: options.xLabel ? 48 : 30, left: 62 };
  const hi = max > min ? max : min + 1;
  const binW = (hi - min) / Math.max(1, counts.length);
  const x = scaleLinear().domain([min, hi]).range([m.left, width - m.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...counts)])
    .nice()
    .range([height - m.bottom, m.top]);
  const colour = options.colour ?? interpolateViridis(0.35);
  const f = format('.3~f');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart histogram" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" role="img" aria-label="${escapeHtml(options.title ?? 'Histogram')}">`,
  ];
  if (options.title) parts.push(`<text class="chart-title" x="${m.left}" y="18" font-size="14" font-weight="700" fill="#111">${escapeHtml(options.title)}</text>`);
  counts.forEach((c, i) => {
    const x0 = x(min + i * binW);
    const x1 = x(min + (i + 1) * binW);
    parts.push(
      `<rect class="bar" x="${round(x0)}" y="${round(y(c))}" width="${round(Math.max(0.5, x1 - x0 - 1))}" height="${round(y(0) - y(c))}" fill="${colour}" data-tip="${escapeHtml(`[${f(min + i * binW)}, ${f(min + (i + 1) * binW)}): ${c}`)}"/>`,
    );
  });
  parts.push(renderAxisBottom(x, height - m.bottom, { ticks: 6, ...(options.xLabel ? { title: options.xLabel } : {}) }));
  parts.push(renderAxisLeft(y, m.left, { ticks: 5, title: options.yLabel ?? 'count' }));
  parts.push('</svg>');
  return parts.join('');
}
