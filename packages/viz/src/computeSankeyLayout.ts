import { sankey, sankeyLinkHorizontal } from 'd3-sankey';
import type { CircuitTrace } from '@interp/report-types';

/**
 * A laid-out node of the circuit Sankey.
 *
 * @example
 * ```ts
 * import { computeSankeyLayout, type SankeyLayoutNode } from '@interp/viz';
 * const features = computeSankeyLayout(trace).nodes.filter((n: SankeyLayoutNode) => n.layer === 2);
 * features.map((n) => `${n.name}: ${n.label ?? 'unlabelled'}`); // e.g. ['F1649: p1=3', ...]
 * ```
 */
export interface SankeyLayoutNode {
  /** Stable id: `in:<position>`, `n:<neuron>` or `f:<feature>`. */
  id: string;
  /** Column: 0 inputs, 1 hidden neurons, 2 SAE features. */
  layer: 0 | 1 | 2;
  /** Short bold label (`c1_0`, `N12`, `F1649`). */
  name: string;
  /** Ground-truth concept label of a feature, or `null`. */
  label: string | null;
  /** Total attribution through the node. */
  value: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * A laid-out link of the circuit Sankey.
 *
 * @example
 * ```ts
 * import { computeSankeyLayout, type SankeyLayoutLink } from '@interp/viz';
 * const { nodes, links } = computeSankeyLayout(trace);
 * const inhibiting = links.filter((l: SankeyLayoutLink) => l.weight < 0).map((l) => `${nodes[l.source]!.name} -> ${nodes[l.target]!.name}`);
 * ```
 */
export interface SankeyLayoutLink {
  /** Index of the source node in `nodes`. */
  source: number;
  /** Index of the target node in `nodes`. */
  target: number;
  /** Signed attribution weight. */
  weight: number;
  /** `|weight|`, the link's flow. */
  value: number;
  /** Stroke width in px. */
  width: number;
  /** SVG path data of the link's centre line. */
  path: string;
}

/**
 * The circuit Sankey's geometry, computed without a DOM by d3-sankey.
 *
 * @example
 * ```ts
 * import { computeSankeyLayout, renderSankeyLayoutSvg, type SankeyLayout } from '@interp/viz';
 * const layout: SankeyLayout = computeSankeyLayout(trace);
 * console.log(`${layout.nodes.length} nodes, ${layout.links.length} links in ${layout.width} x ${layout.height}`);
 * const svg = renderSankeyLayoutSvg(layout);
 * ```
 */
export interface SankeyLayout {
  width: number;
  height: number;
  nodes: SankeyLayoutNode[];
  links: SankeyLayoutLink[];
}

/**
 * Options of {@link computeSankeyLayout}.
 *
 * @example
 * ```ts
 * import { computeSankeyLayout, type SankeyLayoutOptions } from '@interp/viz';
 * const options: SankeyLayoutOptions = { width: 1000, fontSize: 12 };
 * const layout = computeSankeyLayout(trace, options);
 * ```
 */
export interface SankeyLayoutOptions {
  /** Drawing width (default 1400). */
  width?: number;
  /** Drawing height (default: grows with the busiest column, at least 560). */
  height?: number;
  /** Label font size in px; node spacing keeps labels from overlapping (default 17). */
  fontSize?: number;
}

/**
 * Lays out the circuit trace as a three-column Sankey (input positions ->
 * hidden neurons -> SAE features, link width by |attribution|) with
 * d3-sankey, without a DOM. Repeated neuron -> feature pairs are merged
 * (largest |weight| kept).
 *
 * @example
 * ```ts
 * import { computeSankeyLayout, createFixtureRun } from '@interp/viz';
 * const layout = computeSankeyLayout(createFixtureRun({ features: 64 }).trace);
 * layout.nodes.length; // inputs + distinct neurons + distinct features
 * ```
 * @throws RangeError naming the trace entry whose weight is not finite.
 */
export function computeSankeyLayout(trace: CircuitTrace, options: SankeyLayoutOptions = {}): SankeyLayout {
  const fontSize = options.fontSize ?? 17;
  const nodes: Array<{ id: string; layer: 0 | 1 | 2; name: string; label: string | null }> = [];
  const index = new Map<string, number>();
  const addNode = (id: string, layer: 0 | 1 | 2, name: string, label: string | null) => {
    const found = index.get(id);
    if (found !== undefined) {
      const node = nodes[found];
      if (node && label && !node.label) node.label = label;
      return found;
    }
    index.set(id, nodes.length);
    nodes.push({ id, layer, name, label });
    return nodes.length - 1;
  };
  const linkMap = new Map<string, { source: number; target: number; weight: number }>();
  const addLink = (source: number, target: number, weight: number, where: string) => {
    if (!Number.isFinite(weight)) throw new RangeError(`computeSankeyLayout: ${where}.weight must be a finite number, got ${String(weight)}`);
    if (weight === 0) return;
    const key = `${source}>${target}`;
    const prev = linkMap.get(key);
    if (!prev || Math.abs(weight) > Math.abs(prev.weight)) linkMap.set(key, { source, target, weight });
  };
  trace.positions.forEach((p, pi) => {
    const s = addNode(`in:${p.position}`, 0, p.name, null);
    p.neurons.forEach((n, ni) => {
      const t = addNode(`n:${n.neuron}`, 1, `N${n.neuron}`, null);
      addLink(s, t, n.weight, `trace.positions[${pi}].neurons[${ni}]`);
      n.features.forEach((f, fi) => {
        const u = addNode(`f:${f.feature}`, 2, `F${f.feature}`, f.label ?? null);
        addLink(t, u, f.weight, `trace.positions[${pi}].neurons[${ni}].features[${fi}]`);
      });
    });
  });
  const rawLinks = [...linkMap.values()];
  // Drop nodes without links (a position with no neurons would break the layout).
  const linked = new Set(rawLinks.flatMap((l) => [l.source, l.target]));
  const keep = nodes.map((_, i) => linked.has(i));
  const remap = new Map<number, number>();
  const keptNodes = nodes.filter((_, i) => keep[i]);
  nodes.forEach((_, i) => {
    if (keep[i]) remap.set(i, remap.size);
  });
  const perLayer = [0, 0, 0];
  for (const n of keptNodes) perLayer[n.layer] = (perLayer[n.layer] ?? 0) + 1;
  const busiest = Math.max(1, ...perLayer);
  const nodePadding = Math.round(fontSize * 1.35);
  const width = options.width ?? 1400;
  const height = options.height ?? Math.max(560, busiest * (nodePadding + 12) + 80);
  const maxLabel = Math.max(0, ...keptNodes.filter((n) => n.layer === 2).map((n) => (n.name.length + (n.label ? n.label.length + 1 : 0))));
  const left = Math.round(fontSize * 5);
  const right = Math.round(Math.min(width * 0.35, 24 + maxLabel * fontSize * 0.66));
  if (keptNodes.length === 0) return { width, height, nodes: [], links: [] };

  type N = (typeof keptNodes)[number];
  type L = { source: number; target: number; weight: number; value: number };
  const generator = sankey<N, L>()
    .nodeId((d) => d.id)
    .nodeWidth(18)
    .nodePadding(nodePadding)
    .nodeAlign((d) => (d as unknown as N).layer)
    .extent([
      [left, 40],
      [width - right, height - 20],
    ]);
  const graph = generator({
    nodes: keptNodes.map((n) => ({ ...n })),
    links: rawLinks.map((l) => ({ source: keptNodes[remap.get(l.source)!]!.id as unknown as number, target: keptNodes[remap.get(l.target)!]!.id as unknown as number, weight: l.weight, value: Math.abs(l.weight) })),
  });
  const linkPath = sankeyLinkHorizontal();
  const outNodes: SankeyLayoutNode[] = graph.nodes.map((n) => ({
    id: n.id,
    layer: n.layer,
    name: n.name,
    label: n.label,
    value: n.value ?? 0,
    x0: n.x0 ?? 0,
    x1: n.x1 ?? 0,
    y0: n.y0 ?? 0,
    y1: n.y1 ?? 0,
  }));
  const nodeIndex = new Map(graph.nodes.map((n, i) => [n, i]));
  const outLinks: SankeyLayoutLink[] = graph.links.map((l) => ({
    source: nodeIndex.get(l.source as unknown as N & object) ?? -1,
    target: nodeIndex.get(l.target as unknown as N & object) ?? -1,
    weight: l.weight,
    value: l.value,
    width: l.width ?? 1,
    path: linkPath(l as never) ?? '',
  }));
  return { width, height, nodes: outNodes, links: outLinks };
}
