import { selectBackend } from '@interp/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeGeometricMedian } from './computeGeometricMedian';
import { computeDensityHistogram, evaluateSae } from './evaluateSae';
import { createSae } from './Sae';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

/** Identity-like SAE on 2 inputs with 3 features: f0 = x0, f1 = x1, f2 never fires (bias -100). */
function makeSae() {
  return createSae(
    {
      W_enc: new Float32Array([1, 0, 0, 0, 1, 0]),
      W_dec: new Float32Array([1, 0, 0, 1, 0, 0]),
      b_enc: new Float32Array([0, 0, -100]),
      b_dec: new Float32Array([0, 0]),
    },
    { dIn: 2, dSae: 3, activation: { type: 'relu' }, applyBDecToInput: true },
  );
}

describe('evaluateSae', () => {
  it('encode(x) is zero for a dead feature, which counts in deadFraction and neverFired', async () => {
    const sae = makeSae();
    const data = new Float32Array([1, 2, 3, 0, 0.5, 4, 2, 2]);
    const f = sae.encodeArray(data, 4);
    expect([f[2], f[5], f[8], f[11]]).toEqual([0, 0, 0, 0]);
    const m = await evaluateSae(sae, { data, rows: 4, width: 2 });
    expect(m.fve).toBeCloseTo(1, 6);
    expect(m.mse).toBeCloseTo(0, 6);
    expect(m.deadFraction).toBeCloseTo(1 / 3);
    expect(Array.from(m.featureFrequency)).toEqual([1, 0.75, 0]);
    expect(m.l0).toBeCloseTo(1.75);
    expect(m.denseFraction).toBeCloseTo(2 / 3);
    expect(m.densityHistogram.neverFired).toBe(1);
    sae.dispose();
  });

  it('FVE is 0 for an SAE that reconstructs every row as the mean', async () => {
    const sae = createSae(
      { W_enc: new Float32Array(2), W_dec: new Float32Array(2), b_enc: new Float32Array([-1]), b_dec: new Float32Array([2, 3]) },
      { dIn: 2, dSae: 1, activation: { type: 'relu' }, applyBDecToInput: true },
    );
    const m = await evaluateSae(sae, { data: new Float32Array([1, 2, 3, 4]), rows: 2, width: 2 });
    expect(m.fve).toBeCloseTo(0, 6);
    sae.dispose();
  });

  it('rejects zero rows and a width other than dIn', async () => {
    const sae = makeSae();
    await expect(evaluateSae(sae, { data: new Float32Array(0), rows: 0, width: 2 })).rejects.toThrow(/zero rows/);
    await expect(evaluateSae(sae, { data: new Float32Array(3), rows: 1, width: 3 })).rejects.toThrow(/width must be dIn=2, got 3/);
    sae.dispose();
  });
});

describe('computeDensityHistogram', () => {
  it('bins log10 frequencies and counts features that never fired apart', () => {
    const h = computeDensityHistogram(new Float32Array([0, 1e-3, 0.02, 1]), [-4, -2, 0]);
    expect(h).toEqual({ edges: [-4, -2, 0], counts: [1, 2], neverFired: 1 });
  });
});

describe('computeGeometricMedian', () => {
  it('stays with the bulk of the points where the mean follows an outlier', () => {
    const pts = new Float32Array([0, 0, 1, 0, 0, 1, 1, 1, 100, 100]);
    const med = computeGeometricMedian(pts, 5, 2);
    expect(med[0]).toBeLessThan(1.5);
    expect(med[1]).toBeLessThan(1.5);
    const mean = computeGeometricMedian(pts, 5, 2, { maxIterations: 0 });
    expect(mean[0]).toBeCloseTo(20.4, 4);
  });
});
