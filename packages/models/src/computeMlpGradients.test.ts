import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { selectBackend } from '@interp/backend';
import { computeMlpGradients } from './computeMlpGradients';
import { resolveMlpConfig, type BottleneckActivation, type HiddenActivation } from './mlpConfig';
import { createMulberry32 as createRng } from '@interp/core';

function act(name: BottleneckActivation, z: tf.Tensor2D): tf.Tensor2D {
  if (name === 'relu') return tf.relu(z);
  if (name === 'tanh') return tf.tanh(z);
  if (name === 'gelu') return tf.mul(tf.mul(z, 0.5), tf.add(1, tf.erf(tf.mul(z, Math.SQRT1_2))));
  return z;
}

describe('computeMlpGradients (cpu backend)', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'cpu' });
  });
  afterAll(async () => {
    await selectBackend({ onWarning: () => {} });
  });

  const cases: [HiddenActivation, BottleneckActivation][] = [
    ['relu', 'relu'],
    ['relu', 'linear'],
    ['tanh', 'tanh'],
    ['gelu', 'gelu'],
  ];
  for (const [hAct, bAct] of cases) {
    it(`hand-written backward matches tf.grad of the MSE for a tiny ${hAct}/${bAct} net`, () => {
      const config = resolveMlpConfig({ inputSize: 3, hiddenSize: 5, bottleneckSize: 4, outputSize: 2, hiddenActivation: hAct, bottleneckActivation: bAct });
      const rng = createRng(9);
      const rand = (shape: number[], s = 1) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (2 * rng.next() - 1) * s), shape);
      const n = 7;
      const W1 = rand([3, 5]) as tf.Tensor2D;
      const b1 = rand([5], 0.5) as tf.Tensor1D;
      const W2 = rand([5, 4]) as tf.Tensor2D;
      const b2 = rand([4], 0.5) as tf.Tensor1D;
      const W3 = rand([4, 2]) as tf.Tensor2D;
      const b3 = rand([2], 0.5) as tf.Tensor1D;
      const x = rand([n, 3], 2) as tf.Tensor2D;
      const y = rand([n, 2], 3) as tf.Tensor2D;
      const loss = (w1: tf.Tensor, bb1: tf.Tensor, w2: tf.Tensor, bb2: tf.Tensor, w3: tf.Tensor, bb3: tf.Tensor) => {
        const h1 = act(hAct, tf.add(tf.matMul(x, w1 as tf.Tensor2D), bb1));
        const h2 = act(bAct, tf.add(tf.matMul(h1, w2 as tf.Tensor2D), bb2));
        const out = tf.add(tf.matMul(h2, w3 as tf.Tensor2D), bb3);
        return tf.mean(tf.square(tf.sub(out, y)));
      };
      const want = tf.grads(loss)([W1, b1, W2, b2, W3, b3]);
      const xa = tf.concat([x, tf.ones([n, 1])], 1) as tf.Tensor2D;
      const W1a = tf.concat([W1, tf.reshape(b1, [1, 5])], 0) as tf.Tensor2D;
      const g = computeMlpGradients(config, { W1a, W2, b2, W3, b3 }, { xa, xaT: tf.transpose(xa), y, onesRow: tf.ones([1, n]) });
      const wantW1a = tf.concat([want[0]!, tf.reshape(want[1]!, [1, 5])], 0);
      const close = (got: tf.Tensor, exp: tf.Tensor) => {
        expect(got.size).toBe(exp.size);
        const a = got.dataSync();
        const b = exp.dataSync();
        b.forEach((v, k) => expect(a[k]).toBeCloseTo(v, 5));
      };
      close(g.dW1a, wantW1a);
      close(g.dW2, want[2]!);
      close(g.db2, want[3]!);
      close(g.dW3, want[4]!);
      close(g.db3, want[5]!);
      expect(g.sse.dataSync()[0]! / (n * 2)).toBeCloseTo(loss(W1, b1, W2, b2, W3, b3).dataSync()[0]!, 5);
    });
  }
});
