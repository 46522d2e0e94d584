import { describe, expect, it } from 'vitest';
import { renderHistogramSvg } from './renderHistogramSvg';
import { renderLineChartSvg } from './renderLineChartSvg';

describe('renderHistogramSvg', () => {
  it('draws one bar per bin, taller for larger counts', () => {
    const svg = renderHistogramSvg({ min: -4, max: 0, counts: [1, 4, 0, 2] }, { xLabel: 'log10 frequency' });
    const heights = [...svg.matchAll(/class="bar"[^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(4);
    expect(heights[1]).toBeGreaterThan(heights[3]!);
    expect(heights[3]).toBeGreaterThan(heights[0]!);
    expect(heights[2]).toBe(0);
    expect(svg).toContain('log10 frequency');
  });

  it('rejects a negative count naming the bin', () => {
    expect(() => renderHistogramSvg({ min: 0, max: 1, counts: [1, -1] })).toThrow(/counts\[1\]/);
  });
});

describe('renderLineChartSvg', () => {
  it('draws a path per series and a legend entry per series', () => {
    const svg = renderLineChartSvg(
      [
        { name: 'train', points: [[1, 0.9], [2, 0.5], [3, 0.2]] },
        { name: 'val', points: [[1, 1], [2, 0.6], [3, 0.3]] },
      ],
      { logY: true, xLabel: 'epoch' },
    );
    expect((svg.match(/class="series"/g) ?? []).length).toBe(2);
    expect((svg.match(/class="point"/g) ?? []).length).toBe(6);
    expect(svg).toContain('>val</text>');
  });

  it('rejects a non-positive value on a log axis naming the series', () => {
    expect(() => renderLineChartSvg([{ name: 'val', points: [[1, 0]] }], { logY: true })).toThrow(/series\[0\] \(val\) point 0/);
  });
});
