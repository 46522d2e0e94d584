import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@interp/backend';
import { predictMlp, type Mlp } from '@interp/models';
import { createSae } from '@interp/sae';
import { runSpliceTest } from './runSpliceTest';
import { makeIdentitySae, makeModel, makeRandomSae, makeSplit } from './__tests__/testFixtures';

describe('runSpliceTest', () => {
  beforeAll(async () => {
    await selectBackend({ onWarning: () => {} });
  });
  const split = makeSplit(300, 3);
  /** The split with the model's own outputs as targets: a model that solves its task (clean MSE 0). */
  const solved = (model: Mlp) => ({ ...split, targets: predictMlp(model, split.inputs, split.rows) });

  it('recovers 100% of the MSE with a perfect reconstruction', () => {
    const model = makeModel(16, 5);
    const sae = makeIdentitySae(16);
    const res = runSpliceTest(model, sae, solved(model), { batchSize: 128 });
    expect(res.mseClean).toBeLessThan(1e-10);
    expect(res.mseZeroAblated).toBeGreaterThan(0.01);
    expect(res.mseSpliced).toBeCloseTo(res.mseClean, 5);
    expect(res.mseRecovered).toBeCloseTo(100, 3);
    model.dispose();
    sae.dispose();
  });

  it('recovers 0% when the reconstruction is all zeros, and something else for a random SAE', () => {
    const model = makeModel(16, 5);
    const zero = createSae(
      { W_enc: new Float32Array(16 * 8), W_dec: new Float32Array(8 * 16), b_enc: new Float32Array(8), b_dec: new Float32Array(16) },
      { dIn: 16, dSae: 8, activation: { type: 'relu' }, applyBDecToInput: true },
    );
    const data = solved(model);
    const res = runSpliceTest(model, zero, data);
    expect(res.mseSpliced).toBeCloseTo(res.mseZeroAblated, 6);
    expect(res.mseRecovered).toBeCloseTo(0, 3);
    const random = makeRandomSae(16, 32, 8);
    const r2 = runSpliceTest(model, random, data);
    expect(r2.mseRecovered).toBeCloseTo((100 * (r2.mseZeroAblated - r2.mseSpliced)) / (r2.mseZeroAblated - r2.mseClean), 8);
    expect(Math.abs(r2.mseRecovered - 100)).toBeGreaterThan(1);
    model.dispose();
    zero.dispose();
    random.dispose();
  });

  it('rejects an unknown hook and targets of the wrong length', () => {
    const model = makeModel(16, 5);
    const data = split;
    const sae = makeIdentitySae(16);
    expect(() => runSpliceTest(model, sae, data, { hook: 'nope' })).toThrow(/unknown hook 'nope'/);
    expect(() => runSpliceTest(model, sae, { ...data, targets: new Float32Array(3) })).toThrow(/data.targets must be a Float32Array of rows \* outputSize = 300/);
    expect(() => runSpliceTest(model, sae, { ...data, inputs: new Float32Array(10) })).toThrow(/inputs must hold rows \* inputSize/);
    model.dispose();
    sae.dispose();
  });
});
