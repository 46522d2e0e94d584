import { describe, expect, it } from 'vitest';
import type { CircuitTrace } from '@interp/report-types';
import { computeSankeyLayout } from './computeSankeyLayout';
import { createFixtureRun } from './createFixtureRun';
import { renderSankeySvg } from './renderSankeySvg';

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

const trace: CircuitTrace = {
  inputNames: ['c1_0', 'p1'],
  positions: [
    { position: 0, name: 'c1_0', neurons: [{ neuron: 3, weight: 0.8, features: [{ feature: 10, weight: 0.5, label: 'p1=2' }, { feature: 11, weight: -0.2 }] }] },
    { position: 1, name: 'p1', neurons: [{ neuron: 3, weight: -0.4, features: [{ feature: 10, weight: 0.9 }] }, { neuron: 4, weight: 0.3, features: [] }] },
  ],
  heatmap: { rows: [], columns: [], values: [] },
};

describe('computeSankeyLayout', () => {
  it('merges repeated neurons and features into one node each and repeated links into one', () => {
    const layout = computeSankeyLayout(trace);
    expect(layout.nodes.map((n) => n.id).sort()).toEqual(['f:10', 'f:11', 'in:0', 'in:1', 'n:3', 'n:4']);
    // c1_0->N3, p1->N3, p1->N4, N3->F10 (merged, |0.9| kept), N3->F11
    expect(layout.links).toHaveLength(5);
    const n3f10 = layout.links.find((l) => layout.nodes[l.source]?.id === 'n:3' && layout.nodes[l.target]?.id === 'f:10');
    expect(n3f10?.weight).toBe(0.9);
    expect(layout.nodes.find((n) => n.id === 'f:10')?.label).toBe('p1=2');
  });

  it('places inputs, neurons and features in three columns inside the drawing', () => {
    const layout = computeSankeyLayout(createFixtureRun({ features: 128, seed: 4 }).trace, { width: 1000 });
    const xs = [0, 1, 2].map((layer) => new Set(layout.nodes.filter((n) => n.layer === layer).map((n) => n.x0)));
    for (const set of xs) expect(set.size).toBe(1);
    const [x0, x1, x2] = xs.map((s) => [...s][0] as number);
    expect(x0).toBeLessThan(x1 as number);
    expect(x1).toBeLessThan(x2 as number);
    for (const n of layout.nodes) {
      expect(n.y0).toBeGreaterThanOrEqual(0);
      expect(n.y1).toBeLessThanOrEqual(layout.height);
      expect(n.x1).toBeLessThanOrEqual(1000);
    }
  });

  it('throws naming the trace entry with a non-finite weight', () => {
    const bad: CircuitTrace = { ...trace, positions: [{ position: 0, name: 'c1_0', neurons: [{ neuron: 1, weight: Number.NaN, features: [] }] }] };
    expect(() => computeSankeyLayout(bad)).toThrow(/trace\.positions\[0\]\.neurons\[0\]\.weight/);
  });
});

describe('renderSankeySvg', () => {
  it('draws one rect per node, one path per link and one bold label per node', () => {
    const fixture = createFixtureRun({ features: 128, seed: 4 }).trace;
    const layout = computeSankeyLayout(fixture);
    const svg = renderSankeySvg(fixture);
    expect(count(svg, /class="node"/g)).toBe(layout.nodes.length);
    expect(count(svg, /class="link"/g)).toBe(layout.links.length);
    expect(count(svg, /class="node-label"/g)).toBe(layout.nodes.length);
    expect(svg).toContain('font-weight="700"');
  });

  it('escapes feature labels', () => {
    const evil: CircuitTrace = {
      ...trace,
      positions: [{ position: 0, name: 'c1_0', neurons: [{ neuron: 1, weight: 1, features: [{ feature: 2, weight: 1, label: '<b>a>=5 & "x"</b>' }] }] }],
    };
    const svg = renderSankeySvg(evil);
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('F2 &lt;b&gt;a&gt;=5 &amp; &quot;x&quot;&lt;/b&gt;');
  });
});
