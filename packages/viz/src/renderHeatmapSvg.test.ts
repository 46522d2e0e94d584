import { describe, expect, it } from 'vitest';
import type { CircuitHeatmap } from '@interp/report-types';
import { createFixtureRun } from './createFixtureRun';
import { renderHeatmapSvg } from './renderHeatmapSvg';

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe('renderHeatmapSvg', () => {
  it('draws one cell per matrix entry, one label per row and column', () => {
    const { heatmap } = createFixtureRun({ features: 64, seed: 3 }).trace;
    const svg = renderHeatmapSvg(heatmap);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(count(svg, /class="cell"/g)).toBe(heatmap.rows.length * heatmap.columns.length);
    expect(count(svg, /class="row-label"/g)).toBe(heatmap.rows.length);
    expect(count(svg, /class="col-label"/g)).toBe(heatmap.columns.length);
  });

  it('escapes feature labels in tooltips', () => {
    const heatmap: CircuitHeatmap = {
      rows: [{ position: 4, name: 'p1', value: 2 }],
      columns: [{ kind: 'feature', index: 7, label: '</script><img src=x onerror=alert(1)> & a>=5' }],
      values: [[0.5]],
    };
    const svg = renderHeatmapSvg(heatmap);
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('</script>');
    expect(svg).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; a&gt;=5');
  });

  it('colours each column relative to its own maximum', () => {
    const heatmap: CircuitHeatmap = {
      rows: [
        { position: 0, name: 'c1_0', value: 0 },
        { position: 0, name: 'c1_0', value: 1 },
      ],
      columns: [
        { kind: 'neuron', index: 1 },
        { kind: 'neuron', index: 2 },
      ],
      values: [
        [1, 100],
        [0, 0],
      ],
    };
    const fills = [...renderHeatmapSvg(heatmap).matchAll(/class="cell"[^>]*fill="([^"]+)"/g)].map((m) => m[1]);
    expect(fills[0]).toBe(fills[1]);
    expect(fills[2]).toBe(fills[3]);
    expect(fills[0]).not.toBe(fills[2]);
  });

  it('throws naming the row whose length does not match the columns', () => {
    const heatmap: CircuitHeatmap = {
      rows: [{ position: 0, name: 'c1_0', value: 0 }],
      columns: [{ kind: 'neuron', index: 1 }],
      values: [[1, 2]],
    };
    expect(() => renderHeatmapSvg(heatmap)).toThrow(/values\[0\] has 2 columns, expected 1/);
  });
});
