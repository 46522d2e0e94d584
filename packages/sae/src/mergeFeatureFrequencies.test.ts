import { selectBackend } from '@interp/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from './createRandom';
import { evaluateSae } from './evaluateSae';
import { mergeFeatureFrequencies } from './mergeFeatureFrequencies';
import { createSae } from './Sae';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

describe('mergeFeatureFrequencies', () => {
  it('equals evaluateSae over all the rows bit for bit, from the metrics of two disjoint row sets', async () => {
    const dIn = 24;
    const dSae = 96;
    const rnd = createRandom(3);
    const normal = (): number => rnd.normal();
    const sae = createSae(
      {
        W_enc: Float32Array.from({ length: dIn * dSae }, normal),
        W_dec: Float32Array.from({ length: dSae * dIn }, normal),
        b_enc: Float32Array.from({ length: dSae }, () => normal() - 1.5),
        b_dec: new Float32Array(dIn),
      },
      { dIn, dSae, activation: { type: 'topk', k: 3 }, applyBDecToInput: true },
    );
    const rows = 1538;
    const data = Float32Array.from({ length: rows * dIn }, normal);
    const cut = 1237; // frequencies that are no short binary fractions
    const whole = await evaluateSae(sae, { data, rows, width: dIn });
    const a = await evaluateSae(sae, { data: data.subarray(0, cut * dIn), rows: cut, width: dIn });
    const b = await evaluateSae(sae, { data: data.subarray(cut * dIn), rows: rows - cut, width: dIn });
    const merged = mergeFeatureFrequencies([a, b]);
    expect(whole.deadFraction).toBeGreaterThan(0); // the figures below are not trivially all zero or all one
    expect(merged.rows).toBe(rows);
    expect(Array.from(merged.featureFrequency)).toEqual(Array.from(whole.featureFrequency));
    expect(merged.deadFraction).toBe(whole.deadFraction);
    expect(merged.denseFraction).toBe(whole.denseFraction);
    expect(merged.densityHistogram).toEqual(whole.densityHistogram);
    // a row-weighted mean of the float32 frequencies is not exact: the count recovery is what makes it so
    const weighted = Float32Array.from(a.featureFrequency, (f, j) => (f * cut + b.featureFrequency[j]! * (rows - cut)) / rows);
    expect(Array.from(weighted)).not.toEqual(Array.from(whole.featureFrequency));
    sae.dispose();
  });

  it('names the bad part', () => {
    const f = new Float32Array(4);
    expect(() => mergeFeatureFrequencies([])).toThrow(/parts is empty/);
    expect(() => mergeFeatureFrequencies([{ rows: 2, featureFrequency: f }, { rows: 2, featureFrequency: new Float32Array(3) }])).toThrow(/parts\[1\]\.featureFrequency has 3 features, parts\[0\] has 4/);
    expect(() => mergeFeatureFrequencies([{ rows: 0, featureFrequency: f }])).toThrow(/parts\[0\]\.rows must be an integer from 1 to 2\^23 - 1.*got 0/);
    expect(() => mergeFeatureFrequencies([{ rows: 2 ** 23, featureFrequency: f }])).toThrow(/parts\[0\]\.rows/);
  });
});
