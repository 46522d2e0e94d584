import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { createMlp, evaluateMlp, predictMlp } from './index';
import { generateTestTask } from './__tests__/generateTestTask';

describe('predictMlp / evaluateMlp', () => {
  beforeAll(async () => {
    await selectBackend({ onWarning: () => {} });
  });

  it('predictMlp in small batches equals one forward pass over all rows', () => {
    const model = createMlp({ hiddenSize: 16, bottleneckSize: 4 }, { seed: 8 });
    const data = generateTestTask(37, 3);
    const batched = predictMlp(model, data.inputs, data.rows, 5);
    const x = tf.tensor2d(data.inputs, [37, 10]);
    const y = model.forward(x);
    expect(Array.from(batched)).toEqual(Array.from(y.dataSync()));
    tf.dispose([x, y]);
    model.dispose();
  });

  it('evaluateMlp scores MSE and exact-after-rounding against a hand count', () => {
    const model = createMlp({ hiddenSize: 8, bottleneckSize: 2 }, { seed: 1 });
    const data = generateTestTask(50, 4);
    const pred = predictMlp(model, data.inputs, data.rows);
    let sse = 0;
    let exact = 0;
    pred.forEach((p, r) => {
      sse += (p - data.targets[r]!) ** 2;
      if (Math.round(p) === data.targets[r]) exact++;
    });
    const ev = evaluateMlp(model, data);
    expect(ev.mse).toBeCloseTo(sse / 50, 10);
    expect(ev.exactFraction).toBe(exact / 50);
  });

  it('a NaN input is rejected naming the row and column', () => {
    const model = createMlp({ hiddenSize: 8, bottleneckSize: 2 });
    const inputs = new Float32Array(30);
    inputs[2 * 10 + 7] = Number.POSITIVE_INFINITY;
    expect(() => predictMlp(model, inputs, 3)).toThrow(/predictMlp: inputs row 2, column 7 is Infinity/);
  });
});
