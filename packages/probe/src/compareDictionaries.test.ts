import { describe, expect, it } from 'vitest';
import { compareDictionaries } from './compareDictionaries';

const W = 8;
const row = (entries: Record<number, number>): number[] => Array.from({ length: W }, (_, i) => entries[i] ?? 0);
// true features: the first six standard basis vectors of R^8
const truth = Float32Array.from(Array.from({ length: 6 }, (_, q) => row({ [q]: 1 })).flat());
const learned = Float32Array.from(
  [
    row({ 0: 1 }), // feature 0, exact
    row({ 1: 2 }), // feature 1, exact (magnitude ignored)
    row({ 2: 0.8, 6: 0.6 }), // feature 2 at cosine 0.8, rest off every true feature
    row({ 2: 0.8, 6: -0.6 }), // feature 2 again: split
    row({ 3: 0.8, 4: 0.6 }), // feature 3 with feature 4 absorbed
    row({}), // a zero latent
  ].flat(),
);

describe('compareDictionaries', () => {
  it('measures MMCS, recovery, splitting and absorption on a hand-built dictionary', () => {
    const m = compareDictionaries(learned, truth, W);
    expect(m.trueFeatures).toBe(6);
    expect(m.latents).toBe(6);
    expect(Array.from(m.maxCosine).map((v) => +v.toFixed(5))).toEqual([1, 1, 0.8, 0.8, 0.6, 0]);
    expect(m.meanMaxCosine).toBeCloseTo(4.2 / 6, 5);
    expect(m.recovered).toBe(2);
    expect(m.recoveredFraction).toBeCloseTo(2 / 6, 10);
    expect(Array.from(m.latentBestFeature)).toEqual([0, 1, 2, 2, 3, -1]);
    expect(m.bestLatent[0]).toBe(0);
    expect(m.bestLatent[4]).toBe(4);
    expect(m.splitFeatures).toBe(1);
    expect(m.splitExtraLatents).toBe(1);
    expect(m.absorbingLatents).toBe(1);
    expect(m.absorbedFeatures).toBe(1);
  });

  it('follows its thresholds', () => {
    const m = compareDictionaries(learned, truth, W, { recoveryThreshold: 0.75, splitThreshold: 0.9, absorptionResidual: 0.7 });
    expect(m.recovered).toBe(4);
    expect(m.splitFeatures).toBe(0);
    expect(m.absorbingLatents).toBe(0);
  });

  it('does not count a near-exact latent as absorbing even when true features overlap', () => {
    // two true features at cosine 0.6; the latent is exactly the first
    const t = Float32Array.from([...row({ 0: 1 }), ...row({ 0: 0.6, 1: 0.8 })]);
    const m = compareDictionaries(Float32Array.from(row({ 0: 1 })), t, W);
    expect(m.absorbingLatents).toBe(0);
    expect(m.recovered).toBe(1);
  });

  it.each([
    [() => compareDictionaries(learned, truth, 0), /width must be an integer >= 1, got 0/],
    [() => compareDictionaries(new Float32Array(7), truth, W), /learned must be a non-empty Float32Array of \[latents, width=8\] floats, got length 7/],
    [() => compareDictionaries(learned, new Float32Array(0), W), /truth must be a non-empty Float32Array/],
    [() => compareDictionaries(Float32Array.from(row({ 3: Number.NaN })), truth, W), /learned row 0 column 3 is NaN/],
    [() => compareDictionaries(learned, truth, W, { recoveryThreshold: 1.5 }), /options.recoveryThreshold must be a finite number in \(0, 1\], got 1.5/],
    [() => compareDictionaries(learned, truth, W, { absorptionResidual: 1 }), /options.absorptionResidual must be a finite number in \(0, 1\), got 1/],
    [() => compareDictionaries(learned, truth, W, { threshold: 0.5 } as never), /unknown key "threshold"/],
  ])('rejects bad input naming it (%#)', (call, message) => {
    expect(call).toThrow(message);
  });
});
