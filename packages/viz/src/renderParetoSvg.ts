import { format, scaleLinear } from 'd3';
import { escapeHtml } from './escapeHtml';
import { renderAxisBottom, renderAxisLeft, round } from './renderAxis';

/**
 * One point of a {@link renderParetoSvg} chart: an SAE's L0 and FVE.
 *
 * @example
 * ```ts
 * import type { ParetoPoint } from '@interp/viz';
 * const points: ParetoPoint[] = sweep.rows.map((r) => ({ label: r.label, l0: r.l0, fve: r.fve }));
 * ```
 */
export interface ParetoPoint {
  label: string;
  /** Mean active features per row (x). */
  l0: number;
  /** Fraction of variance explained (y). */
  fve: number;
}

/**
 * Options of {@link renderParetoSvg}.
 *
 * @example
 * ```ts
 * import { renderParetoSvg, type ParetoSvgOptions } from '@interp/viz';
 * const options: ParetoSvgOptions = { title: 'Sparsity vs reconstruction', width: 480 };
 * const svg = renderParetoSvg([{ label: 'k=8', l0: 8, fve: 0.8 }], options);
 * ```
 */
export interface ParetoSvgOptions {
  /** Drawing width (default 560). */
  width?: number;
  /** Drawing height (default 320). */
  height?: number;
  /** Chart title. */
  title?: string;
}

/**
 * Indices of the points on the Pareto frontier of sparsity against reconstruction: the points no other point
 * dominates (another point dominates when its L0 is no higher and its FVE no lower, one of them strictly).
 * Sorted by L0. Equal points are all on the frontier.
 *
 * @example
 * ```ts
 * import { computeParetoFrontier } from '@interp/viz';
 * computeParetoFrontier([{ label: 'a', l0: 8, fve: 0.8 }, { label: 'b', l0: 16, fve: 0.7 }, { label: 'c', l0: 32, fve: 0.9 }]); // [0, 2]
 * ```
 */
export function computeParetoFrontier(points: readonly ParetoPoint[]): number[] {
  const order = points.map((_, i) => i).sort((a, b) => points[a]!.l0 - points[b]!.l0 || points[b]!.fve - points[a]!.fve);
  const frontier: number[] = [];
  // sorted by L0, the earlier points hold every possible dominator: a point is on the frontier when its FVE beats
  // them all, or when it equals the point that set the best FVE so far
  let best = -Infinity;
  let bestL0 = Number.NaN;
  for (const i of order) {
    const p = points[i]!;
    if (p.fve > best || (p.fve === best && p.l0 === bestL0)) {
      frontier.push(i);
      best = p.fve;
      bestL0 = p.l0;
    }
  }
  return frontier;
}

/**
 * Renders SAEs as points of L0 (x) against FVE (y), one labelled `circle.point` per SAE with a `data-tip`; the
 * points on the Pareto frontier ({@link computeParetoFrontier}) are drawn as `circle.point.frontier` and joined by
 * `path.frontier`. DOM-free.
 *
 * @example
 * ```ts
 * import { renderParetoSvg } from '@interp/viz';
 * const svg = renderParetoSvg([
 *   { label: 'topk k=8', l0: 8, fve: 0.81 },
 *   { label: 'topk k=16', l0: 16, fve: 0.9 },
 *   { label: 'relu', l0: 22, fve: 0.85 },
 * ], { title: 'L0 vs FVE' });
 * ```
 * @throws RangeError naming the point whose L0 or FVE is not finite.
 */
export function renderParetoSvg(points: readonly ParetoPoint[], options: ParetoSvgOptions = {}): string {
  points.forEach((p, i) => {
    if (!Number.isFinite(p.l0) || !Number.isFinite(p.fve)) {
      throw new RangeError(`renderParetoSvg: points[${i}] (${p.label}) must have a finite l0 and fve, got l0 ${String(p.l0)}, fve ${String(p.fve)}`);
    }
  });
  const width = options.width ?? 560;
  const height = options.height ?? 320;
  const titleH = options.title ? 26 : 0;
  const m = { top: titleH + 14, right: 24, bottom: 48, left: 68 };
  const l0s = points.map((p) => p.l0);
  const fves = points.map((p) => p.fve);
  const xMax = Math.max(1, ...l0s);
  const yMin = Math.min(0, ...fves);
  const yMax = Math.max(1, ...fves);
  const x = scaleLinear().domain([0, xMax]).nice().range([m.left, width - m.right]);
  const y = scaleLinear().domain([yMin, yMax]).nice().range([height - m.bottom, m.top]);
  const f = format('.4~g');
  const frontier = computeParetoFrontier(points);
  const onFrontier = new Set(frontier);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart pareto" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" role="img" aria-label="${escapeHtml(options.title ?? 'L0 against FVE')}">`,
  ];
  if (options.title) parts.push(`<text class="chart-title" x="${m.left}" y="18" font-size="14" font-weight="700" fill="#111">${escapeHtml(options.title)}</text>`);
  parts.push(renderAxisBottom(x, height - m.bottom, { ticks: 6, title: 'L0 (active features per row)' }));
  parts.push(renderAxisLeft(y, m.left, { ticks: 5, title: 'FVE' }));
  if (frontier.length > 1) {
    const d = frontier.map((i, n) => `${n === 0 ? 'M' : 'L'}${round(x(points[i]!.l0))},${round(y(points[i]!.fve))}`).join('');
    parts.push(`<path class="frontier" d="${d}" fill="none" stroke="#d55e00" stroke-width="2" stroke-dasharray="5 3"/>`);
  }
  points.forEach((p, i) => {
    const cx = round(x(p.l0));
    const cy = round(y(p.fve));
    const best = onFrontier.has(i);
    const tip = `${p.label}\nL0 ${f(p.l0)}, FVE ${f(p.fve)}${best ? '\non the Pareto frontier' : ''}`;
    parts.push(
      `<circle class="point${best ? ' frontier' : ''}" cx="${cx}" cy="${cy}" r="${best ? 5.5 : 4}" fill="${best ? '#d55e00' : '#0072b2'}" data-index="${i}" data-tip="${escapeHtml(tip)}"/>`,
      `<text class="point-label" x="${round(cx + 7)}" y="${round(cy - 7)}" font-size="11" fill="#222">${escapeHtml(p.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
