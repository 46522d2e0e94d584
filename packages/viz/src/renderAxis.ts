import { format } from 'd3';
import { escapeHtml } from './escapeHtml';

/** A continuous scale as the axis helpers need it (d3 linear/log scales fit). */
export interface AxisScale {
  (value: number): number;
  ticks(count?: number): number[];
  range(): number[];
}

/**
 * SVG markup of a horizontal axis at `y` (ticks below the line), with an
 * optional title centred under it.
 *
 * @example
 * ```ts
 * renderAxisBottom(scaleLinear().domain([0, 1]).range([40, 400]), 200, { title: 'activation' });
 * ```
 *
 * @internal
 */
export function renderAxisBottom(scale: AxisScale, y: number, options: { ticks?: number; title?: string; tickFormat?: (v: number) => string; fontSize?: number } = {}): string {
  const [r0 = 0, r1 = 0] = scale.range();
  const fmt = options.tickFormat ?? format('~g');
  const fs = options.fontSize ?? 11;
  const ticks = scale.ticks(options.ticks ?? 5);
  const parts = [`<g class="axis axis-x" font-size="${fs}"><line x1="${r0}" x2="${r1}" y1="${y}" y2="${y}" stroke="#555"/>`];
  for (const t of ticks) {
    const x = round(scale(t));
    parts.push(`<line x1="${x}" x2="${x}" y1="${y}" y2="${y + 4}" stroke="#555"/><text x="${x}" y="${y + 6 + fs}" text-anchor="middle" fill="#333">${escapeHtml(fmt(t))}</text>`);
  }
  if (options.title) {
    parts.push(`<text class="axis-title" x="${round((r0 + r1) / 2)}" y="${y + 12 + 2 * fs}" text-anchor="middle" fill="#222" font-weight="600">${escapeHtml(options.title)}</text>`);
  }
  parts.push('</g>');
  return parts.join('');
}

/**
 * SVG markup of a vertical axis at `x` (ticks to the left), with an optional
 * rotated title.
 *
 * @example
 * ```ts
 * renderAxisLeft(scaleLinear().domain([0, 1]).range([300, 20]), 40, { title: 'MSE' });
 * ```
 *
 * @internal
 */
export function renderAxisLeft(scale: AxisScale, x: number, options: { ticks?: number; tickValues?: number[]; title?: string; tickFormat?: (v: number) => string; fontSize?: number } = {}): string {
  const [r0 = 0, r1 = 0] = scale.range();
  const fmt = options.tickFormat ?? format('~g');
  const fs = options.fontSize ?? 11;
  const ticks = options.tickValues ?? scale.ticks(options.ticks ?? 5);
  const parts = [`<g class="axis axis-y" font-size="${fs}"><line x1="${x}" x2="${x}" y1="${r0}" y2="${r1}" stroke="#555"/>`];
  let widest = 0;
  for (const t of ticks) {
    const y = round(scale(t));
    const label = fmt(t);
    widest = Math.max(widest, label.length);
    parts.push(`<line x1="${x - 4}" x2="${x}" y1="${y}" y2="${y}" stroke="#555"/><text x="${x - 6}" y="${y}" dy="0.32em" text-anchor="end" fill="#333">${escapeHtml(label)}</text>`);
  }
  if (options.title) {
    const tx = round(x - 12 - widest * fs * 0.6);
    const ty = round((r0 + r1) / 2);
    parts.push(`<text class="axis-title" transform="translate(${tx},${ty}) rotate(-90)" text-anchor="middle" fill="#222" font-weight="600">${escapeHtml(options.title)}</text>`);
  }
  parts.push('</g>');
  return parts.join('');
}

/** Rounds a coordinate to 2 decimals for compact markup. */
export function round(v: number): number {
  return Math.round(v * 100) / 100;
}
