import { format, interpolateViridis } from 'd3';
import type { CircuitTrace } from '@interp/report-types';
import { computeSankeyLayout, type SankeyLayout, type SankeyLayoutOptions } from './computeSankeyLayout';
import { escapeHtml } from './escapeHtml';
import { round } from './renderAxis';

/**
 * Options of {@link renderSankeySvg}.
 *
 * @example
 * ```ts
 * import { renderSankeySvg, type SankeySvgOptions } from '@interp/viz';
 * const options: SankeySvgOptions = { width: 1200, title: 'Circuit Sankey' };
 * const svg = renderSankeySvg(trace, options);
 * ```
 */
export interface SankeySvgOptions extends SankeyLayoutOptions {
  /** Chart title (default none). */
  title?: string;
}

/**
 * Colours of the three Sankey columns, sampled from viridis (colour-blind safe).
 *
 * @example
 * ```ts
 * import { sankeyLayerColours } from '@interp/viz';
 * const [inputs, neurons, features] = sankeyLayerColours; // viridis colours of the three columns
 * ```
 */
export const sankeyLayerColours: readonly string[] = [interpolateViridis(0.15), interpolateViridis(0.5), interpolateViridis(0.85)];
/**
 * Link colours: positive and negative attribution (Okabe-Ito blue / vermillion, colour-blind safe).
 *
 * @example
 * ```ts
 * import { sankeyLinkColours } from '@interp/viz';
 * const legend = `<span style="color:${sankeyLinkColours.positive}">excites</span> <span style="color:${sankeyLinkColours.negative}">inhibits</span>`;
 * ```
 */
export const sankeyLinkColours = { positive: '#0072b2', negative: '#d55e00' } as const;

/**
 * Renders the circuit trace as a Sankey diagram SVG string (input positions ->
 * hidden neurons -> SAE features, link width by |attribution|, blue positive /
 * vermillion negative), with bold haloed labels, without a DOM. One
 * `rect.node` per node and one `path.link` per link, each with a `data-tip`.
 *
 * @example
 * ```ts
 * import { createFixtureRun, renderSankeySvg } from '@interp/viz';
 * const svg = renderSankeySvg(createFixtureRun({ features: 64 }).trace);
 * ```
 */
export function renderSankeySvg(trace: CircuitTrace, options: SankeySvgOptions = {}): string {
  return renderSankeyLayoutSvg(computeSankeyLayout(trace, options), options);
}

/**
 * Renders an already computed {@link SankeyLayout} as an SVG string.
 *
 * @example
 * ```ts
 * const svg = renderSankeyLayoutSvg(computeSankeyLayout(trace));
 * ```
 */
export function renderSankeyLayoutSvg(layout: SankeyLayout, options: { title?: string; fontSize?: number } = {}): string {
  const fs = options.fontSize ?? 17;
  const fmt = format('.3f');
  const { width, height, nodes, links } = layout;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart sankey" viewBox="0 0 ${round(width)} ${round(height)}" width="${round(width)}" height="${round(height)}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" role="img" aria-label="${escapeHtml(options.title ?? 'Circuit Sankey diagram')}">`,
  ];
  if (options.title) parts.push(`<text class="chart-title" x="12" y="24" font-size="18" font-weight="700" fill="#111">${escapeHtml(options.title)}</text>`);
  const columnTitles = ['Input positions', 'Hidden neurons', 'SAE features'];
  for (let layer = 0; layer < 3; layer++) {
    const inLayer = nodes.filter((n) => n.layer === layer);
    if (inLayer.length === 0) continue;
    const x = round(((inLayer[0]?.x0 ?? 0) + (inLayer[0]?.x1 ?? 0)) / 2);
    const anchor = layer === 0 ? 'start' : layer === 2 ? 'end' : 'middle';
    const tx = layer === 0 ? (inLayer[0]?.x0 ?? 0) : layer === 2 ? (inLayer[0]?.x1 ?? 0) : x;
    parts.push(`<text class="column-title" x="${round(tx)}" y="${options.title ? 44 : 26}" text-anchor="${anchor}" font-size="13" font-weight="700" fill="#444" letter-spacing="0.04em">${escapeHtml(columnTitles[layer]!.toUpperCase())}</text>`);
  }
  parts.push('<g class="links" fill="none" stroke-opacity="0.45">');
  links.forEach((l, i) => {
    const s = nodes[l.source];
    const t = nodes[l.target];
    const tip = `${s ? describeNode(s) : '?'} → ${t ? describeNode(t) : '?'}\nattribution ${fmt(l.weight)}`;
    parts.push(
      `<path class="link" d="${l.path}" stroke="${l.weight >= 0 ? sankeyLinkColours.positive : sankeyLinkColours.negative}" stroke-width="${round(Math.max(1, l.width))}" data-link="${i}" data-source="${l.source}" data-target="${l.target}" data-tip="${escapeHtml(tip)}"/>`,
    );
  });
  parts.push('</g><g class="nodes">');
  nodes.forEach((n, i) => {
    parts.push(
      `<rect class="node" x="${round(n.x0)}" y="${round(n.y0)}" width="${round(n.x1 - n.x0)}" height="${round(Math.max(1, n.y1 - n.y0))}" fill="${sankeyLayerColours[n.layer]}" stroke="#222" stroke-width="0.5" data-node="${i}" data-tip="${escapeHtml(`${describeNode(n)}\ntotal |attribution| ${fmt(n.value)}`)}"/>`,
    );
  });
  parts.push(`</g><g class="labels" font-size="${fs}" font-weight="700" fill="#111" stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">`);
  nodes.forEach((n, i) => {
    const right = n.layer === 2;
    const x = right ? n.x1 + 8 : n.layer === 0 ? n.x0 - 8 : n.x1 + 6;
    const anchor = n.layer === 0 ? 'end' : 'start';
    const text = n.label ? `${n.name} ${n.label}` : n.name;
    parts.push(`<text class="node-label" x="${round(x)}" y="${round((n.y0 + n.y1) / 2)}" dy="0.35em" text-anchor="${anchor}" data-node="${i}">${escapeHtml(text)}</text>`);
  });
  parts.push('</g></svg>');
  return parts.join('');
}

function describeNode(n: { layer: number; name: string; label: string | null }): string {
  const kind = n.layer === 0 ? 'input' : n.layer === 1 ? 'hidden neuron' : 'SAE feature';
  return `${kind} ${n.name}${n.label ? ` (${n.label})` : ''}`;
}
