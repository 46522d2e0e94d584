import type { CircuitTrace } from '@interp/report-types';
import { computeSankeyLayout, type SankeyLayoutOptions } from './computeSankeyLayout';
import { renderHtmlPage } from './renderHtmlPage';
import { renderSankeyLayoutSvg, sankeyLinkColours } from './renderSankeySvg';

const SANKEY_SCRIPT = `(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var svg = d3.select('svg.sankey');
  var nodes = data.nodes, links = data.links;
  nodes.forEach(function (n) { n.sourceLinks = []; n.targetLinks = []; });
  links.forEach(function (l) {
    l.source = nodes[l.source]; l.target = nodes[l.target];
    l.source.sourceLinks.push(l); l.target.targetLinks.push(l);
  });
  var layout = d3.sankey().nodeWidth(18);
  var linkPath = d3.sankeyLinkHorizontal();
  var linkSel = svg.selectAll('path.link').data(links);
  var nodeSel = svg.selectAll('rect.node').data(nodes);
  var labelSel = svg.selectAll('text.node-label').data(nodes);
  function highlight(node) {
    var near = new Set();
    if (node) { near.add(node); node.sourceLinks.forEach(function (l) { near.add(l.target); }); node.targetLinks.forEach(function (l) { near.add(l.source); }); }
    linkSel.classed('dim', function (l) { return !!node && l.source !== node && l.target !== node; })
      .classed('hl', function (l) { return !!node && (l.source === node || l.target === node); });
    nodeSel.classed('dim', function (n) { return !!node && !near.has(n); });
    labelSel.classed('dim', function (n) { return !!node && !near.has(n); });
  }
  nodeSel.on('mouseenter.hl', function (ev, d) { highlight(d); }).on('mouseleave.hl', function () { highlight(null); });
  labelSel.on('mouseenter.hl', function (ev, d) { highlight(d); }).on('mouseleave.hl', function () { highlight(null); });
  function byY0(key) { return function (a, b) { return a[key].y0 - b[key].y0; }; }
  nodeSel.style('cursor', 'ns-resize').call(d3.drag().on('drag', function (ev, d) {
    var h = d.y1 - d.y0;
    var y0 = Math.max(0, Math.min(data.height - h, d.y0 + ev.dy));
    d.y0 = y0; d.y1 = y0 + h;
    d3.select(this).attr('y', d.y0);
    labelSel.filter(function (n) { return n === d; }).attr('y', (d.y0 + d.y1) / 2);
    nodes.forEach(function (n) { n.sourceLinks.sort(byY0('target')); n.targetLinks.sort(byY0('source')); });
    layout.update({ nodes: nodes, links: links });
    linkSel.attr('d', linkPath);
  }));
})();`;

/**
 * Renders `uhd_bold_sankey.html`: the circuit as a d3-sankey diagram (input
 * positions -> hidden neurons -> SAE features, link width by |attribution|)
 * with bold haloed labels, tooltips, hover highlighting of a node's links and
 * vertical node dragging (links re-routed by d3-sankey in the page). d3 and
 * d3-sankey inlined; no network.
 *
 * @example
 * ```ts
 * import { createFixtureRun, renderSankeyHtml } from '@interp/viz';
 * const html = renderSankeyHtml(createFixtureRun({ features: 64 }).trace);
 * ```
 */
export function renderSankeyHtml(trace: CircuitTrace, options: SankeyLayoutOptions = {}): string {
  const layout = computeSankeyLayout(trace, options);
  const svg = renderSankeyLayoutSvg(layout, options.fontSize === undefined ? {} : { fontSize: options.fontSize });
  const counts = [0, 1, 2].map((layer) => layout.nodes.filter((n) => n.layer === layer).length);
  const body = `<h1>Circuit Sankey</h1>
<p class="lead">Attribution flow from ${counts[0]} input positions through ${counts[1]} hidden neurons to ${counts[2]} SAE features; link width is |attribution|, <span style="color:${sankeyLinkColours.positive};font-weight:700">blue</span> positive, <span style="color:${sankeyLinkColours.negative};font-weight:700">vermillion</span> negative. Hover a node to highlight its links; drag a node vertically to untangle.</p>
<div class="figure" id="sankey">${svg}</div>`;
  return renderHtmlPage({
    title: 'Circuit Sankey · interp',
    current: 'sankey',
    body,
    sankey: true,
    data: {
      width: layout.width,
      height: layout.height,
      nodes: layout.nodes.map((n) => ({ x0: n.x0, x1: n.x1, y0: n.y0, y1: n.y1 })),
      links: layout.links.map((l) => ({ source: l.source, target: l.target, width: l.width, value: l.value })),
    },
    script: SANKEY_SCRIPT,
    css: `#sankey svg.chart { max-width: 1800px; margin: 0 auto; }
path.link { transition: stroke-opacity 0.15s; } path.link:hover, path.link.hl { stroke-opacity: 0.85; }
path.link.dim { stroke-opacity: 0.06; } rect.node.dim, text.node-label.dim { opacity: 0.25; }`,
  });
}
