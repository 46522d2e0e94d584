import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@interp/backend';
import { createMlp, type BottleneckActivation } from '@interp/models';
import { runFeatureActivations } from './computeFeatureActivations';
import { runFirstOutputs, sumEffects } from './computeFeatureStats';
import { createLinearEffects } from './createLinearEffects';
import type { EffectPairs } from './EffectPairs';
import { makeRandomSae, makeSplit } from './__tests__/testFixtures';

/** Every (feature, row) pair of the first `rows` rows with coefficient `coef(j, r)`. */
function allPairs(dSae: number, rows: number, coef: (j: number, r: number) => number): EffectPairs {
  const n = dSae * rows;
  const pairs: EffectPairs = { row: new Int32Array(n), feat: new Int32Array(n), coef: new Float32Array(n), length: n };
  for (let j = 0, p = 0; j < dSae; j++) {
    for (let r = 0; r < rows; r++, p++) {
      pairs.row[p] = r;
      pairs.feat[p] = j;
      pairs.coef[p] = coef(j, r);
    }
  }
  return pairs;
}

describe('createLinearEffects', () => {
  beforeAll(async () => {
    await selectBackend({ onWarning: () => {} });
  });
  const data = makeSplit(120, 3);

  it('sums the same output changes as running the model from the hook, ReLU and linear bottlenecks', () => {
    for (const bottleneckActivation of ['relu', 'linear'] as const) {
      const model = createMlp({ hiddenSize: 24, bottleneckSize: 6, bottleneckActivation }, { seed: 5 });
      const sae = makeRandomSae(24, 40, 2);
      const acts = runFeatureActivations(model, sae, data);
      const pairs = allPairs(40, 30, (j, r) => ((j * 7 + r) % 5) - 2.5);
      const linear = createLinearEffects(model, sae, 'hidden.post', acts.hookActivations);
      expect(linear).toBeDefined();
      const got = linear!(pairs);
      const ref = sumEffects(runFirstOutputs(model, sae, 'hidden.post', acts.hookActivations, pairs, 64), acts.outputs, 1, pairs, 40);
      expect(ref.some((v) => Math.abs(v) > 1e-2)).toBe(true);
      for (let j = 0; j < 40; j++) expect(got[j]).toBeCloseTo(ref[j]!, 4);
      model.dispose();
      sae.dispose();
    }
  });

  it('gives exactly 0 for pairs that add nothing (coefficient 0)', () => {
    const model = createMlp({ hiddenSize: 16, bottleneckSize: 4 }, { seed: 1 });
    const sae = makeRandomSae(16, 10, 4);
    const acts = runFeatureActivations(model, sae, data);
    const sums = createLinearEffects(model, sae, 'hidden.post', acts.hookActivations)!(allPairs(10, 50, () => 0));
    expect(Array.from(sums)).toEqual(new Array<number>(10).fill(0));
    model.dispose();
    sae.dispose();
  });

  it('does not apply to other hooks or to a bottleneck that is not ReLU or linear (the caller runs the model)', () => {
    const relu = createMlp({ hiddenSize: 16, bottleneckSize: 4 }, { seed: 1 });
    const sae = makeRandomSae(16, 10, 4);
    const acts = runFeatureActivations(relu, sae, data);
    expect(createLinearEffects(relu, sae, 'hidden.pre', acts.hookActivations)).toBeUndefined();
    for (const bottleneckActivation of ['gelu', 'tanh'] as BottleneckActivation[]) {
      const model = createMlp({ hiddenSize: 16, bottleneckSize: 4, bottleneckActivation }, { seed: 1 });
      expect(createLinearEffects(model, sae, 'hidden.post', acts.hookActivations)).toBeUndefined();
      model.dispose();
    }
    relu.dispose();
    sae.dispose();
  });
});
