import * as tf from '@tensorflow/tfjs-core';
import { applyActivation, backpropActivation, fusableActivation, type Activation } from './activations';
import type { MlpConfig } from './mlpConfig';

/**
 * The parameters of an MLP in the training layout: the hidden layer's weight and bias
 * as one `[inputSize + 1, hiddenSize]` matrix (bias = last row), the rest as usual.
 */
export interface MlpTrainParams {
  W1a: tf.Tensor2D;
  W2: tf.Tensor2D;
  b2: tf.Tensor1D;
  W3: tf.Tensor2D;
  b3: tf.Tensor1D;
}

/** A minibatch in the training layout. */
export interface MlpTrainBatch {
  /** Scaled inputs with a trailing column of ones, `[B, inputSize + 1]`. */
  xa: tf.Tensor2D;
  /** The transpose of `xa`, `[inputSize + 1, B]` (built on the JS side, no transpose op). */
  xaT: tf.Tensor2D;
  /** Targets `[B, outputSize]`. */
  y: tf.Tensor2D;
  /** Ones `[1, B]`. */
  onesRow: tf.Tensor2D;
}

/** Gradients of the mean squared error, in the order of the flat parameter vector. */
export interface MlpTrainGradients {
  /** Sum (not mean) of squared errors over the batch, a scalar. */
  sse: tf.Scalar;
  dW1a: tf.Tensor2D;
  dW2: tf.Tensor2D;
  db2: tf.Tensor2D;
  dW3: tf.Tensor2D;
  db3: tf.Tensor2D;
}

const mm = (a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D => tf.matMul(a, b);
const tr = (a: tf.Tensor2D): tf.Tensor2D => tf.transpose(a);

function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | undefined, act: Activation): { pre?: tf.Tensor2D; post: tf.Tensor2D } {
  const fused = fusableActivation(act);
  if (fused) return { post: tf.fused.matMul({ a: x, b: w, bias: b, activation: fused }) as tf.Tensor2D };
  const pre = tf.fused.matMul({ a: x, b: w, bias: b }) as tf.Tensor2D;
  return { pre, post: applyActivation(act, pre) };
}

/**
 * Forward pass on scaled inputs with a ones column (`xa`), in the training layout.
 * Call inside `tf.tidy`.
 */
export function forwardTrainLayout(config: MlpConfig, p: MlpTrainParams, xa: tf.Tensor2D): tf.Tensor2D {
  const h1 = dense(xa, p.W1a, undefined, config.hiddenActivation).post;
  const h2 = dense(h1, p.W2, p.b2, config.bottleneckActivation).post;
  return dense(h2, p.W3, p.b3, 'linear').post;
}

/**
 * Hand-written forward and backward pass of the mean squared error
 * `mean((mlp(x) - y)^2)` over one minibatch. Built for the wasm backend, where
 * `matMul` is fast only in its plain form with a small right operand, and a transpose
 * of a `[B, 512]` activation costs as much as a matMul:
 * - the hidden layer is computed twice, as `xa @ W1a` and as its transpose
 *   `W1a^T @ xa^T` (cheap: K = inputSize + 1), so no big activation is ever transposed;
 * - biases of the hidden layer ride in `W1a` (ones column of `xa`), so its bias gradient
 *   comes out of the weight gradient;
 * - no `transposeA`/`transposeB` flags; the only transposes are of `[B, bottleneck]`
 *   and of weights.
 * Call inside `tf.tidy`.
 */
export function computeMlpGradients(config: MlpConfig, p: MlpTrainParams, batch: MlpTrainBatch): MlpTrainGradients {
  const { xa, xaT, y, onesRow } = batch;
  const n = xa.shape[0];
  const hAct = config.hiddenActivation;
  const l1 = dense(xa, p.W1a, undefined, hAct);
  const l1T = dense(tr(p.W1a), xaT, undefined, hAct); // [hidden, B]
  const l2 = dense(l1.post, p.W2, p.b2, config.bottleneckActivation);
  const out = tf.fused.matMul({ a: l2.post, b: p.W3, bias: p.b3 }) as tf.Tensor2D;
  const diff = tf.sub(out, y);
  const sse = tf.sum(tf.square(diff)) as tf.Scalar;
  const dOut = tf.mul(diff, 2 / (n * config.outputSize)) as tf.Tensor2D;
  // output layer: dW3 = (dOut^T @ h2)^T
  const dOutT = config.outputSize === 1 ? (tf.reshape(dOut, [1, n]) as tf.Tensor2D) : tr(dOut);
  const dW3 = tr(mm(dOutT, l2.post));
  const db3 = mm(onesRow, dOut);
  const dH2 = mm(dOut, tr(p.W3));
  // bottleneck layer
  const dZ2 = backpropActivation(config.bottleneckActivation, dH2, l2.post, l2.pre);
  const dW2 = mm(l1T.post, dZ2);
  const db2 = mm(onesRow, dZ2);
  const dH1T = mm(p.W2, tr(dZ2));
  // hidden layer, transposed: dW1a = (dZ1^T @ xa)^T
  const dZ1T = backpropActivation(hAct, dH1T, l1T.post, l1T.pre);
  const dW1a = tr(mm(dZ1T, xa));
  return { sse, dW1a, dW2, db2, dW3, db3 };
}
