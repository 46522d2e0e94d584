import { describe, expect, it } from 'vitest';
import { computeParetoFrontier, renderParetoSvg, type ParetoPoint } from './renderParetoSvg';

/** The definition, point by point: not dominated by any other point. */
function bruteForceFrontier(points: ParetoPoint[]): number[] {
  const dominated = (p: ParetoPoint, q: ParetoPoint) => q.l0 <= p.l0 && q.fve >= p.fve && (q.l0 < p.l0 || q.fve > p.fve);
  return points.map((_, i) => i).filter((i) => !points.some((q, j) => j !== i && dominated(points[i]!, q)));
}

describe('computeParetoFrontier', () => {
  it('agrees with the definition on random points, ties and duplicates included', () => {
    let s = 7;
    const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(next() * 12);
      // few distinct values, so equal L0s, equal FVEs and duplicate points occur
      const points = Array.from({ length: n }, (_, i) => ({ label: `p${i}`, l0: Math.floor(next() * 5) * 4, fve: Math.floor(next() * 5) / 5 }));
      expect([...computeParetoFrontier(points)].sort((a, b) => a - b)).toEqual(bruteForceFrontier(points));
    }
  });
});

describe('renderParetoSvg', () => {
  const points: ParetoPoint[] = [
    { label: 'topk k=8', l0: 8, fve: 0.8 },
    { label: 'relu', l0: 20, fve: 0.75 }, // dominated by k=16: more active features, less explained
    { label: 'topk k=16', l0: 16, fve: 0.9 },
    { label: 'topk k=32', l0: 32, fve: 0.95 },
  ];

  it('draws one labelled point per SAE, highlights the frontier and joins it left to right', () => {
    const svg = renderParetoSvg(points, { title: 'L0 vs FVE' });
    const circles = [...svg.matchAll(/<circle class="point( frontier)?" cx="([\d.]+)" cy="([\d.]+)"[^>]*data-index="(\d+)"/g)].map((m) => ({
      frontier: m[1] !== undefined,
      cx: Number(m[2]),
      cy: Number(m[3]),
      index: Number(m[4]),
    }));
    expect(circles.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(circles.filter((c) => c.frontier).map((c) => c.index)).toEqual([0, 2, 3]);
    for (const label of points.map((p) => p.label)) expect(svg).toContain(`>${label}</text>`);
    // larger L0 further right, larger FVE higher up (smaller y)
    const byIndex = (i: number) => circles.find((c) => c.index === i)!;
    expect(byIndex(3).cx).toBeGreaterThan(byIndex(1).cx);
    expect(byIndex(1).cx).toBeGreaterThan(byIndex(2).cx);
    expect(byIndex(3).cy).toBeLessThan(byIndex(2).cy);
    expect(byIndex(1).cy).toBeGreaterThan(byIndex(0).cy);
    // the frontier path visits the frontier points' centres in order of L0
    const d = /<path class="frontier" d="([^"]+)"/.exec(svg)![1]!;
    const vertices = [...d.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(vertices).toEqual([0, 2, 3].map((i) => [byIndex(i).cx, byIndex(i).cy]));
    expect(svg).toContain('L0 (active features per row)');
  });

  it('escapes labels', () => {
    const svg = renderParetoSvg([{ label: '<script>x</script>', l0: 1, fve: 0.5 }]);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });

  it('rejects a point that is not finite, naming it', () => {
    expect(() => renderParetoSvg([points[0]!, { label: 'bad', l0: Number.NaN, fve: 0.5 }])).toThrow(/points\[1\] \(bad\)/);
  });
});
