import { format, line, scaleLinear, scaleLog } from 'd3';
import { escapeHtml } from './escapeHtml';
import { renderAxisBottom, renderAxisLeft, round, type AxisScale } from './renderAxis';

/**
 * One named series of a {@link renderLineChartSvg} chart.
 *
 * @example
 * ```ts
 * import { renderLineChartSvg, type LineSeries } from '@interp/viz';
 * const fve: LineSeries = { name: 'FVE', points: history.evaluations.map((e) => [e.epoch, e.metrics.fve] as [number, number]) };
 * const svg = renderLineChartSvg([fve], { xLabel: 'epoch' });
 * ```
 */
export interface LineSeries {
  /** Legend name. */
  name: string;
  /** Points `[x, y]`, sorted by x. */
  points: Array<[number, number]>;
}

/**
 * Options of {@link renderLineChartSvg}.
 *
 * @example
 * ```ts
 * import { renderLineChartSvg, type LineChartSvgOptions } from '@interp/viz';
 * const options: LineChartSvgOptions = { title: 'Validation MSE', xLabel: 'epoch', yLabel: 'MSE', logY: true };
 * const svg = renderLineChartSvg([{ name: 'val', points: [[1, 0.5], [2, 0.2], [3, 0.1]] }], options);
 * ```
 */
export interface LineChartSvgOptions {
  /** Drawing width (default 560). */
  width?: number;
  /** Drawing height (default 280). */
  height?: number;
  /** Chart title. */
  title?: string;
  /** X-axis title. */
  xLabel?: string;
  /** Y-axis title. */
  yLabel?: string;
  /** Log-scale y axis (all y must be > 0; default false). */
  logY?: boolean;
}

/** Okabe-Ito colours (colour-blind safe) for line series. */
const SERIES_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];

/**
 * Renders line series (e.g. a training curve) as an SVG chart with axes, a
 * legend and one `circle.point` per point carrying a `data-tip`. DOM-free.
 *
 * @example
 * ```ts
 * renderLineChartSvg([{ name: 'val MSE', points: [[50, 0.71], [100, 0.81], [150, 0.45]] }], { xLabel: 'epoch' });
 * ```
 * @throws RangeError naming the series and point that is not finite (or not > 0 with `logY`).
 */
export function renderLineChartSvg(series: LineSeries[], options: LineChartSvgOptions = {}): string {
  const width = options.width ?? 560;
  const height = options.height ?? 280;
  const logY = options.logY ?? false;
  series.forEach((s, si) =>
    s.points.forEach(([px, py], pi) => {
      if (!Number.isFinite(px) || !Number.isFinite(py) || (logY && py <= 0)) {
        throw new RangeError(`renderLineChartSvg: series[${si}] (${s.name}) point ${pi} must be finite${logY ? ' with y > 0 (log scale)' : ''}, got [${String(px)}, ${String(py)}]`);
      }
    }),
  );
  const titleH = options.title ? 26 : 0;
  const m = { top: titleH + 26, right: 16, bottom: options.xLabel ? 48 : 30, left: 68 };
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const xMin = xs.length ? Math.min(...xs) : 0;
  const xMax = xs.length ? Math.max(...xs) : 1;
  const yMin = ys.length ? Math.min(...ys) : logY ? 0.1 : 0;
  const yMax = ys.length ? Math.max(...ys) : 1;
  const x = scaleLinear().domain([xMin, xMax > xMin ? xMax : xMin + 1]).range([m.left, width - m.right]);
  const y: AxisScale = logY
    ? scaleLog().domain([yMin, yMax > yMin ? yMax : yMin * 10]).nice().range([height - m.bottom, m.top])
    : scaleLinear().domain([Math.min(0, yMin), yMax > 0 ? yMax : 1]).nice().range([height - m.bottom, m.top]);
  const f = format('.4~g');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart line-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" role="img" aria-label="${escapeHtml(options.title ?? 'Line chart')}">`,
  ];
  if (options.title) parts.push(`<text class="chart-title" x="${m.left}" y="18" font-size="14" font-weight="700" fill="#111">${escapeHtml(options.title)}</text>`);
  parts.push(renderAxisBottom(x, height - m.bottom, { ticks: 6, ...(options.xLabel ? { title: options.xLabel } : {}) }));
  parts.push(renderAxisLeft(y, m.left, { ticks: 5, ...(logY ? { tickValues: logTicks(y.ticks(5)), tickFormat: format('~g') } : {}), ...(options.yLabel ? { title: options.yLabel } : {}) }));
  let legendX = m.left;
  series.forEach((s, si) => {
    const colour = SERIES_COLOURS[si % SERIES_COLOURS.length] as string;
    const d = line<[number, number]>()
      .x((p) => round(x(p[0])))
      .y((p) => round(y(p[1])))(s.points);
    parts.push(`<path class="series" d="${d ?? ''}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    const step = Math.max(1, Math.ceil(s.points.length / 60));
    s.points.forEach((p, pi) => {
      if (pi % step !== 0 && pi !== s.points.length - 1) return;
      parts.push(`<circle class="point" cx="${round(x(p[0]))}" cy="${round(y(p[1]))}" r="3.5" fill="${colour}" data-tip="${escapeHtml(`${s.name}\n${options.xLabel ?? 'x'} ${f(p[0])}: ${f(p[1])}`)}"/>`);
    });
    parts.push(`<g class="legend" font-size="11"><line x1="${legendX}" x2="${legendX + 18}" y1="${titleH + 10}" y2="${titleH + 10}" stroke="${colour}" stroke-width="2"/><text x="${legendX + 22}" y="${titleH + 14}" fill="#333">${escapeHtml(s.name)}</text></g>`);
    legendX += 34 + s.name.length * 6.5;
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Log-axis ticks that never crowd: powers of ten, plus 2x and 5x when there are fewer than three decades. */
function logTicks(candidates: number[]): number[] {
  const isDecade = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;
  const decades = candidates.filter(isDecade);
  if (decades.length >= 3) return decades;
  const lead = (v: number) => Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
  const some = candidates.filter((v) => [1, 2, 5].includes(lead(v)));
  return some.length >= 2 ? some : candidates.slice(0, 6);
}
