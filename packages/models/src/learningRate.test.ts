import { describe, expect, it } from 'vitest';
import { learningRateAt } from './learningRate';

describe('learningRateAt', () => {
  it('warms up linearly, then decays by cosine to base * minFactor at the last step', () => {
    const s = { kind: 'cosine', warmupEpochs: 1, minFactor: 0.1 } as const;
    expect(learningRateAt(1, s, 0, 100, 10)).toBeCloseTo(0.1);
    expect(learningRateAt(1, s, 4, 100, 10)).toBeCloseTo(0.5);
    expect(learningRateAt(1, s, 10, 100, 10)).toBeCloseTo(1);
    expect(learningRateAt(1, s, 99, 100, 10)).toBeCloseTo(0.1);
    const mid = learningRateAt(1, s, 10 + 89 / 2, 100, 10);
    expect(mid).toBeCloseTo(0.55);
  });

  it('step decay multiplies by gamma every everyEpochs epochs', () => {
    const s = { kind: 'step', everyEpochs: 2, gamma: 0.5 } as const;
    expect(learningRateAt(0.1, s, 0, 100, 10)).toBeCloseTo(0.1);
    expect(learningRateAt(0.1, s, 19, 100, 10)).toBeCloseTo(0.1);
    expect(learningRateAt(0.1, s, 20, 100, 10)).toBeCloseTo(0.05);
    expect(learningRateAt(0.1, s, 45, 100, 10)).toBeCloseTo(0.025);
  });

  it('constant stays at the base rate after warm-up', () => {
    expect(learningRateAt(0.3, { kind: 'constant' }, 57, 100, 10)).toBe(0.3);
  });
});
