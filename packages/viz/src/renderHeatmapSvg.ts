import { interpolateViridis, scaleLinear, format } from 'd3';
import type { CircuitHeatmap, HeatmapColumn } from '@interp/report-types';
import { escapeHtml } from './escapeHtml';
import { round } from './renderAxis';

/**
 * Options of {@link renderHeatmapSvg}.
 *
 * @example
 * ```ts
 * import { renderHeatmapSvg, type HeatmapSvgOptions } from '@interp/viz';
 * const options: HeatmapSvgOptions = { width: 900, normalize: 'global', title: 'Logic circuit map' };
 * const svg = renderHeatmapSvg(trace.heatmap, options);
 * ```
 */
export interface HeatmapSvgOptions {
  /** Drawing width in px (the viewBox width; default 1200). */
  width?: number;
  /** Colour each column relative to its own maximum (`'column'`, default) or all cells on one scale (`'global'`). */
  normalize?: 'column' | 'global';
  /** Chart title drawn at the top (default none). */
  title?: string;
}

/**
 * Label of a heatmap column: `N12`, `F1649` (plus the feature's label in tooltips).
 *
 * @example
 * ```ts
 * import { formatHeatmapColumn } from '@interp/viz';
 * trace.heatmap.columns.map(formatHeatmapColumn); // ['N12', 'N40', ..., 'F1649', ...]
 * ```
 */
export function formatHeatmapColumn(column: HeatmapColumn): string {
  return `${column.kind === 'neuron' ? 'N' : 'F'}${column.index}`;
}

/**
 * Checks a heatmap's shape; throws naming the offending row.
 *
 * @example
 * ```ts
 * checkHeatmap({ rows: [], columns: [], values: [] }); // ok
 * ```
 * @throws RangeError naming `values[row]` or `values[row][column]` when the matrix does not match rows x columns or holds a non-finite number.
 */
export function checkHeatmap(heatmap: CircuitHeatmap): void {
  if (heatmap.values.length !== heatmap.rows.length) {
    throw new RangeError(`heatmap: values has ${heatmap.values.length} rows, expected ${heatmap.rows.length} (one per heatmap.rows entry)`);
  }
  heatmap.values.forEach((row, r) => {
    if (row.length !== heatmap.columns.length) {
      throw new RangeError(`heatmap: values[${r}] has ${row.length} columns, expected ${heatmap.columns.length} (one per heatmap.columns entry)`);
    }
    row.forEach((v, c) => {
      if (!Number.isFinite(v)) throw new RangeError(`heatmap: values[${r}][${c}] must be a finite number, got ${String(v)}`);
    });
  });
}

/**
 * Renders the circuit heatmap (input position = value rows against the hidden
 * neurons and SAE features they drive) as a standalone SVG string, without a
 * DOM. One `rect.cell` per matrix entry, each with a `data-tip` tooltip text;
 * viridis colours (colour-blind safe) with a legend.
 *
 * @example
 * ```ts
 * import { createFixtureRun, renderHeatmapSvg } from '@interp/viz';
 * const svg = renderHeatmapSvg(createFixtureRun({ features: 64 }).trace.heatmap);
 * ```
 * @throws RangeError when the values matrix does not match rows x columns.
 */
export function renderHeatmapSvg(heatmap: CircuitHeatmap, options: HeatmapSvgOptions = {}): string {
  checkHeatmap(heatmap);
  const width = options.width ?? 1200;
  const normalize = options.normalize ?? 'column';
  const { rows, columns, values } = heatmap;
  const nNeurons = columns.filter((c) => c.kind === 'neuron').length;
  const hasBoth = nNeurons > 0 && nNeurons < columns.length;
  const titleH = options.title ? 30 : 0;
  const left = 78;
  const right = 96;
  const top = titleH + 118;
  const groupGap = hasBoth ? 14 : 0;
  const positionGap = 4;
  const nGroups = new Set(rows.map((r) => r.position)).size;
  const cellW = Math.max(4, (width - left - right - groupGap) / Math.max(1, columns.length));
  const cellH = 14;
  const height = top + rows.length * cellH + Math.max(0, nGroups - 1) * positionGap + 40;
  const colX = (c: number) => left + c * cellW + (hasBoth && c >= nNeurons ? groupGap : 0);
  const rowY: number[] = [];
  let y = top;
  rows.forEach((row, r) => {
    if (r > 0 && rows[r - 1]?.position !== row.position) y += positionGap;
    rowY.push(y);
    y += cellH;
  });

  const columnMax = columns.map((_, c) => Math.max(...values.map((row) => row[c] ?? 0)));
  const allValues = values.flat();
  const gMin = allValues.length ? Math.min(...allValues) : 0;
  const gMax = allValues.length ? Math.max(...allValues) : 1;
  const colour = (v: number, c: number) => {
    const t = normalize === 'column' ? (columnMax[c]! > 0 ? v / columnMax[c]! : 0) : gMax > gMin ? (v - gMin) / (gMax - gMin) : 0;
    return interpolateViridis(Math.max(0, Math.min(1, t)));
  };
  const fmt = format('.4f');
  const pct = format('.0%');
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart heatmap" viewBox="0 0 ${round(width)} ${round(height)}" width="${round(width)}" height="${round(height)}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" role="img" aria-label="${escapeHtml(options.title ?? 'Circuit heatmap')}">`,
  );
  if (options.title) parts.push(`<text class="chart-title" x="${left}" y="22" font-size="18" font-weight="700" fill="#111">${escapeHtml(options.title)}</text>`);
  // Column group titles.
  const groupTitle = (text: string, c0: number, c1: number) => {
    if (c1 <= c0) return;
    const x0 = colX(c0);
    const x1 = colX(c1 - 1) + cellW;
    parts.push(`<text class="group-title" x="${round((x0 + x1) / 2)}" y="${titleH + 16}" text-anchor="middle" font-size="13" font-weight="700" fill="#222">${escapeHtml(text)}</text>`);
    parts.push(`<line x1="${round(x0)}" x2="${round(x1)}" y1="${titleH + 22}" y2="${titleH + 22}" stroke="#999"/>`);
  };
  groupTitle(`Hidden neurons (${nNeurons})`, 0, nNeurons);
  groupTitle(`SAE features (${columns.length - nNeurons})`, nNeurons, columns.length);
  // Column labels, rotated.
  const colFont = Math.max(7, Math.min(11, cellW - 2));
  columns.forEach((col, c) => {
    const x = round(colX(c) + cellW / 2);
    const text = formatHeatmapColumn(col);
    parts.push(`<text class="col-label" transform="translate(${x},${top - 6}) rotate(-60)" font-size="${colFont}" fill="#222" data-tip="${escapeHtml(describeColumn(col))}">${escapeHtml(text)}</text>`);
  });
  // Row labels and cells.
  rows.forEach((row, r) => {
    const ry = rowY[r] as number;
    parts.push(`<text class="row-label" x="${left - 6}" y="${round(ry + cellH / 2)}" dy="0.32em" text-anchor="end" font-size="11" fill="#222">${escapeHtml(`${row.name}=${row.value}`)}</text>`);
    const rowValues = values[r] as number[];
    columns.forEach((col, c) => {
      const v = rowValues[c] as number;
      const rel = columnMax[c]! > 0 ? v / columnMax[c]! : 0;
      const tip = `${row.name}=${row.value} → ${describeColumn(col)}\nmean activation ${fmt(v)} (${pct(rel)} of column max)`;
      parts.push(
        `<rect class="cell" x="${round(colX(c))}" y="${round(ry)}" width="${round(Math.max(1, cellW - 1))}" height="${cellH - 1}" fill="${colour(v, c)}" data-row="${r}" data-col="${c}" data-tip="${escapeHtml(tip)}"/>`,
      );
    });
  });
  parts.push(
    `<text class="axis-title" transform="translate(14,${round(top + (y - top) / 2)}) rotate(-90)" text-anchor="middle" font-size="12" font-weight="600" fill="#222">input position = value</text>`,
  );
  // Legend: a vertical viridis ramp.
  const lx = width - right + 24;
  const ly = top;
  const lh = Math.min(220, Math.max(80, y - top));
  const steps = 32;
  parts.push(`<g class="legend" font-size="11"><text x="${lx}" y="${ly - 10}" font-weight="700" fill="#222">${normalize === 'column' ? 'of col. max' : 'mean act.'}</text>`);
  for (let i = 0; i < steps; i++) {
    const t = 1 - i / steps;
    parts.push(`<rect x="${lx}" y="${round(ly + (i * lh) / steps)}" width="14" height="${round(lh / steps + 0.5)}" fill="${interpolateViridis(t)}"/>`);
  }
  const legendScale = scaleLinear().domain(normalize === 'column' ? [0, 1] : [gMin, gMax]).range([ly + lh, ly]);
  const legendFmt = normalize === 'column' ? format('.0%') : format('.2~f');
  for (const t of legendScale.ticks(4)) {
    const ty = round(legendScale(t));
    parts.push(`<line x1="${lx + 14}" x2="${lx + 18}" y1="${ty}" y2="${ty}" stroke="#555"/><text x="${lx + 21}" y="${ty}" dy="0.32em" fill="#333">${escapeHtml(legendFmt(t))}</text>`);
  }
  parts.push('</g></svg>');
  return parts.join('');
}

function describeColumn(col: HeatmapColumn): string {
  const base = col.kind === 'neuron' ? `hidden neuron ${col.index}` : `SAE feature #${col.index}`;
  return col.label ? `${base} (${col.label})` : base;
}
