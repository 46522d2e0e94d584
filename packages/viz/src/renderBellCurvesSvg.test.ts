import { describe, expect, it } from 'vitest';
import { createFixtureRun } from './createFixtureRun';
import { renderBellCurvesSvg } from './renderBellCurvesSvg';
import { selectCircuitFeatures } from './selectCircuitFeatures';

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe('renderBellCurvesSvg', () => {
  it('stacks one panel per feature with one bar per bin and a fitted normal curve', () => {
    const data = createFixtureRun({ features: 128, seed: 8, bins: 16 });
    const features = selectCircuitFeatures(data, 5);
    const svg = renderBellCurvesSvg(features);
    expect(count(svg, /class="panel"/g)).toBe(5);
    expect(count(svg, /class="bar"/g)).toBe(5 * 16);
    expect(count(svg, /class="normal-fit"/g)).toBe(features.filter((f) => f.stdActivation > 0).length);
  });

  it('places the normal curve peak at the feature mean', () => {
    const f = createFixtureRun({ features: 8, seed: 1, deadFraction: 0 }).features[0]!;
    const feature = { ...f, histogram: { min: 0, max: 1, counts: [1, 2, 1] }, meanActivation: 0.25, stdActivation: 0.1 };
    const svg = renderBellCurvesSvg([feature], { width: 1000 });
    const d = /class="normal-fit" d="([^"]+)"/.exec(svg)?.[1] ?? '';
    const pts = [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    const peak = pts.reduce((best, p) => (p[1] < best[1] ? p : best));
    // x range [260, 970] maps [0, 1]: mean 0.25 -> 437.5
    expect(peak[0]).toBeCloseTo(437.5, 0);
  });
});

describe('selectCircuitFeatures', () => {
  it('takes alive traced features first, then the most frequent, without repeats', () => {
    const data = createFixtureRun({ features: 128, seed: 8 });
    const picked = selectCircuitFeatures(data, 30);
    expect(new Set(picked.map((f) => f.id)).size).toBe(picked.length);
    expect(picked.every((f) => f.firingCount > 0)).toBe(true);
    const traced = new Set(data.trace.positions.flatMap((p) => p.neurons.flatMap((n) => n.features.map((x) => x.feature))));
    expect(traced.has(picked[0]!.id)).toBe(true);
  });
});
