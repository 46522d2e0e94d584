import * as tf from '@tensorflow/tfjs-core';
import type { BottleneckActivation } from './mlpConfig';

/** Any activation the model knows. */
export type Activation = BottleneckActivation;

/** The activations `tf.fused.matMul` applies itself, on every backend. */
export function fusableActivation(act: Activation): 'relu' | 'linear' | undefined {
  return act === 'relu' || act === 'linear' ? act : undefined;
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Applies an activation (exact, erf-based gelu).
 *
 * @example
 * ```ts
 * applyActivation('relu', tf.tensor2d([[-1, 2]])); // [[0, 2]]
 * ```
 */
export function applyActivation(act: Activation, pre: tf.Tensor2D): tf.Tensor2D {
  switch (act) {
    case 'relu':
      return tf.relu(pre);
    case 'tanh':
      return tf.tanh(pre);
    case 'gelu':
      return tf.tidy(() => tf.mul(tf.mul(pre, 0.5), tf.add(1, tf.erf(tf.mul(pre, SQRT1_2)))) as tf.Tensor2D);
    case 'linear':
      return pre;
  }
}

/**
 * Back-propagates `dPost` through an activation: returns `dPre`. `relu` and `tanh`
 * need only the post-activation; `gelu` needs the pre-activation.
 */
export function backpropActivation(
  act: Activation,
  dPost: tf.Tensor2D,
  post: tf.Tensor2D,
  pre: tf.Tensor2D | undefined,
): tf.Tensor2D {
  switch (act) {
    case 'relu':
      return tf.mul(dPost, tf.step(post));
    case 'tanh':
      return tf.sub(dPost, tf.mul(dPost, tf.mul(post, post)));
    case 'gelu': {
      if (!pre) throw new Error('backpropActivation: gelu needs the pre-activation');
      const cdf = tf.mul(tf.add(1, tf.erf(tf.mul(pre, SQRT1_2))), 0.5);
      const pdf = tf.mul(tf.exp(tf.mul(tf.square(pre), -0.5)), INV_SQRT_2PI);
      return tf.mul(dPost, tf.add(cdf, tf.mul(pre, pdf)));
    }
    case 'linear':
      return dPost;
  }
}
