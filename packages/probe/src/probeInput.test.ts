import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { formatProbeReport } from './formatProbeReport';
import { probeInput, probeInputs, type ProbeResult } from './probeInput';
import { makeIdentitySae, makeModel, makeRandomSae } from './__tests__/testFixtures';

const ROW = [8, 9, 5, 1, 3, 2, 9, 4, 7, 1];

describe('probeInput', () => {
  beforeAll(async () => {
    await selectBackend({ onWarning: () => {} });
  });

  it('reports the MLP output, the task target and the positive hook units as features (identity SAE)', () => {
    const model = makeModel(16, 2);
    const sae = makeIdentitySae(16);
    const { output, cache } = model.runWithCache(tf.tensor2d([ROW]), ['hidden.post']);
    const y = (output.dataSync() as Float32Array)[0]!;
    const h = Array.from(cache['hidden.post']!.dataSync() as Float32Array);
    tf.dispose([output, cache['hidden.post']!]);
    const res = probeInput(model, sae, ROW, { topK: 3 });
    expect(res.expected).toBe(8);
    expect(res.output).toBeCloseTo(y, 6);
    expect(res.activeFeatures).toBe(h.filter((v) => v > 0).length);
    const top = h.map((v, i) => ({ feature: i, activation: v })).sort((p, q) => q.activation - p.activation).slice(0, 3);
    expect(res.topFeatures.map((f) => f.feature)).toEqual(top.map((f) => f.feature));
    expect(res.topFeatures[0]!.activation).toBeCloseTo(top[0]!.activation, 6);
    expect(JSON.parse(JSON.stringify(res))).toEqual(res);
    model.dispose();
    sae.dispose();
  });

  it('probes a batch of rows exactly as one row at a time, and uses a given expected output', () => {
    const model = makeModel(16, 3);
    const sae = makeRandomSae(16, 40, 4);
    const rows = [ROW, [8, 9, 5, 2, 3, 2, 8, 4, 7, 1], [0, 0, 0, 0, 0, 9, 9, 9, 9, 3]];
    const batch = probeInputs(model, sae, rows, { topK: 4 });
    rows.forEach((r, i) => {
      const one = probeInput(model, sae, r, { topK: 4 });
      expect(batch[i]!.topFeatures.map((f) => f.feature)).toEqual(one.topFeatures.map((f) => f.feature));
      expect(batch[i]!.output).toBeCloseTo(one.output, 5);
      expect(batch[i]!.activeFeatures).toBe(one.activeFeatures);
    });
    expect(batch.map((b) => b.expected)).toEqual([8, 6, 9]);
    expect(probeInput(model, sae, ROW, { expected: 2.5 }).expected).toBe(2.5);
    model.dispose();
    sae.dispose();
  });

  it('rejects a row of the wrong width, an unknown hook and an SAE of the wrong width with clear errors', () => {
    const model = makeModel(16, 3);
    const sae = makeIdentitySae(16);
    const wide = makeIdentitySae(12);
    expect(() => probeInput(model, sae, [1, 2, 3])).toThrow(/row has 3 values, the model takes inputSize = 10/);
    expect(() => probeInput(model, sae, ROW, { hook: 'hidden.middle' })).toThrow(/unknown hook 'hidden.middle'; valid hooks: input, hidden.pre/);
    expect(() => probeInput(model, wide, ROW)).toThrow(/SAE reads 12-wide activations \(dIn\), but hook 'hidden.post' is 16 wide/);
    expect(() => probeInput(model, sae, [8, 9, 5, 1, 7, 2, 9, 4, 7, 1])).toThrow(/cannot compute the expected output.*pass options.expected/);
    expect(() => probeInput(model, sae, ROW, { topK: -1 })).toThrow(/options.topK/);
    model.dispose();
    sae.dispose();
    wide.dispose();
  });
});

describe('formatProbeReport', () => {
  it("prints the reference run's block: ids right-aligned to 4, four decimals, Python-style expected", () => {
    const result: ProbeResult = {
      input: ROW,
      expected: 8,
      output: 7.48486,
      outputs: [7.48486],
      hook: 'hidden.post',
      activeFeatures: 62,
      topFeatures: [
        { feature: 1649, activation: 0.60501 },
        { feature: 1440, activation: 0.57378 },
        { feature: 725, activation: 0.31912 },
        { feature: 72, activation: 0.3016 },
      ],
    };
    expect(formatProbeReport(result)).toBe(
      [
        '--- Interpretability Report ---',
        'Sample Input: [8, 9, 5, 1, 3, 2, 9, 4, 7, 1] | Expected Output: 8.0',
        'MLP Output: 7.4849',
        'Number of active SAE features: 62',
        'Top Active Features (Monosemantic Candidates):',
        'Feature #1649 | Activation: 0.6050',
        'Feature #1440 | Activation: 0.5738',
        'Feature # 725 | Activation: 0.3191',
        'Feature #  72 | Activation: 0.3016',
      ].join('\n'),
    );
    expect(formatProbeReport({ ...result, expected: 2.5, topFeatures: [] }).split('\n')[1]).toMatch(/Expected Output: 2\.5$/);
  });
});
