import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@interp/backend';
import { probeInput } from './probeInput';
import { sweepInput } from './sweepInput';
import { makeModel, makeRandomSae } from './__tests__/testFixtures';

const ROW = [8, 9, 5, 1, 3, 2, 9, 4, 7, 1];

describe('sweepInput', () => {
  beforeAll(async () => {
    await selectBackend({ onWarning: () => {} });
  });

  it('returns per value the output and every active feature, matching a probe of the modified row', () => {
    const model = makeModel(16, 7);
    const sae = makeRandomSae(16, 40, 5);
    const values = [1, 2, 3, 4, 5];
    const sweep = sweepInput(model, sae, ROW, 3, values);
    expect(sweep.name).toBe('c1_3');
    expect(sweep.expected).toEqual([8, 7, 6, 5, 4]);
    values.forEach((v, k) => {
      const row = [...ROW];
      row[3] = v;
      const probe = probeInput(model, sae, row, { topK: 40 });
      expect(sweep.outputs[k]).toBeCloseTo(probe.output, 5);
      expect(sweep.activeCounts[k]).toBe(probe.activeFeatures);
      for (const f of probe.topFeatures) {
        expect(sweep.features.find((s) => s.feature === f.feature)!.activations[k]).toBeCloseTo(f.activation, 6);
      }
    });
    const maxes = sweep.features.map((f) => f.maxActivation);
    expect(maxes).toEqual([...maxes].sort((p, q) => q - p));
    expect(JSON.parse(JSON.stringify(sweep))).toEqual(sweep);
    model.dispose();
    sae.dispose();
  });

  it('gives null expected outputs for invalid task rows, and rejects bad positions, values and hooks', () => {
    const model = makeModel(16, 7);
    const sae = makeRandomSae(16, 40, 5);
    expect(sweepInput(model, sae, ROW, 4, [3, 4]).expected).toEqual([8, null]);
    expect(() => sweepInput(model, sae, ROW, 10, [1])).toThrow(/position must be an integer in \[0, 9\], got 10/);
    expect(() => sweepInput(model, sae, ROW, 2, [])).toThrow(/values must be a non-empty array/);
    expect(() => sweepInput(model, sae, ROW, 2, [1, Number.NaN])).toThrow(/values\[1\] is NaN/);
    expect(() => sweepInput(model, sae, ROW.slice(1), 2, [1])).toThrow(/row must have inputSize = 10 values, got 9/);
    expect(() => sweepInput(model, sae, ROW, 2, [1], { hook: 'hidden' })).toThrow(/unknown hook 'hidden'/);
    model.dispose();
    sae.dispose();
  });
});
