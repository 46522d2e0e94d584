// Training-loop speed: steps/s of trainMlp against the raw tf.matMul time of the
// same shapes, measured in the same run. Usage:
//   pnpm bench                                  (default: the preset's batch 256, bottleneck from defaultMlpConfig)
//   node bench/train.mjs --batch 1024 --backend cpu --steps 200 [--threads 1]
// trainMlp runs on --threads (default 1: tfjs' own ops, the loop this bench has always measured; bench/threads.mjs
// compares thread counts).
import * as tf from '@tensorflow/tfjs-core';
import './register-gradients.mjs';
import { selectBackend } from '@interp/backend';
import { trainMlp, defaultMlpConfig, referenceTrainingPreset } from '../dist/index.js';
import { generateTask } from './task.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const backend = arg('backend', 'auto');
const batch = Number(arg('batch', referenceTrainingPreset.training.batchSize));
const steps = Number(arg('steps', 300));
const bottleneck = Number(arg('bottleneck', defaultMlpConfig.bottleneckSize));
const hidden = defaultMlpConfig.hiddenSize;
const nIn = defaultMlpConfig.inputSize;

const info = await selectBackend({ backend });
console.log(`backend: ${info.description}`);
console.log(`shapes: ${nIn} -> ${hidden} -> ${bottleneck} -> 1, batch ${batch}`);

// --- raw matMuls of one training step, the exact shapes computeMlpGradients multiplies
// (forward 5, backward 7; plain matMul, operands fixed, so the raw time is a lower bound)
const wa = nIn + 1;
const shapes = [
  [batch, wa, hidden], // forward hidden: xa @ W1a
  [hidden, wa, batch], // forward hidden, transposed: W1a^T @ xa^T
  [batch, hidden, bottleneck], // forward bottleneck
  [batch, bottleneck, 1], // forward output
  [1, batch, bottleneck], // dW3^T
  [1, batch, 1], // db3
  [batch, 1, bottleneck], // dH2
  [hidden, batch, bottleneck], // dW2 = h1^T @ dZ2
  [1, batch, bottleneck], // db2
  [hidden, bottleneck, batch], // dH1^T = W2 @ dZ2^T
  [hidden, batch, wa], // dW1a^T = dZ1^T @ xa
];
const operands = shapes.map(([m, k, n]) => [tf.randomUniform([m, k]), tf.randomUniform([k, n])]);
const flops = shapes.reduce((a, [m, k, n]) => a + 2 * m * k * n, 0);
function rawStep() {
  for (const [a, b] of operands) tf.matMul(a, b).dispose();
}
for (let i = 0; i < 20; i++) rawStep();
let t0 = performance.now();
const rawIters = Math.max(50, Math.floor(steps / 2));
for (let i = 0; i < rawIters; i++) rawStep();
const rawMs = (performance.now() - t0) / rawIters;
console.log(`raw matMuls of one step: ${rawMs.toFixed(3)} ms (${(flops / rawMs / 1e6).toFixed(1)} GFLOP/s)`);

// --- trainMlp: time a run of exactly `steps` steps (2 epochs), minus a 1-epoch warm-up run
const stepsPerEpoch = Math.ceil(steps / 2);
const rows = stepsPerEpoch * batch;
const train = generateTask(rows, 1);
const val = generateTask(256, 2);
const opts = { config: { bottleneckSize: bottleneck }, threads: Number(arg('threads', 1)), batchSize: batch, logEvery: 1000, evalEvery: 1000, progressEvery: 1e6 };
await trainMlp({ train, val }, { ...opts, epochs: 1 }).then((r) => r.model.dispose());
const tensorsBefore = tf.memory().numTensors;
t0 = performance.now();
const { model, history } = await trainMlp({ train, val }, { ...opts, epochs: 2 });
const runMs = performance.now() - t0;
model.dispose();
const stepMs = runMs / history.steps;
console.log(`trainMlp: ${history.steps} steps in ${(runMs / 1000).toFixed(2)} s = ${(1000 / stepMs).toFixed(1)} steps/s, ${stepMs.toFixed(3)} ms/step, ${((rows * 2) / (runMs / 1000)).toFixed(0)} rows/s (incl. shuffles and 2 evaluations)`);
console.log(`matMul share of a step: ${((rawMs / stepMs) * 100).toFixed(1)}% (raw ${rawMs.toFixed(3)} ms / step ${stepMs.toFixed(3)} ms; target >= 50%)`);
console.log(`tensors leaked by the run: ${tf.memory().numTensors - tensorsBefore}`);
// --- the naive loop for comparison: per-batch gather, tf ops, optimizer.minimize (Adam per variable)
const naiveSteps = Number(arg('naive-steps', 40));
if (naiveSteps > 0) {
  const xAll = tf.tensor2d(train.inputs, [rows, nIn]);
  const yAll = tf.tensor2d(train.targets, [rows, 1]);
  const init = (shape, fanIn) => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)));
  const vars = [init([nIn, hidden], nIn), init([hidden], nIn), init([hidden, bottleneck], hidden), init([bottleneck], hidden), init([bottleneck, 1], bottleneck), init([1], bottleneck)];
  const opt = tf.train.adam(0.01);
  const naiveStep = (s) => {
    const idx = tf.tensor1d(Array.from({ length: batch }, (_, i) => (s * batch + i) % rows), 'int32');
    opt.minimize(() => {
      const x = tf.gather(xAll, idx);
      const y = tf.gather(yAll, idx);
      const h1 = tf.relu(tf.add(tf.matMul(x, vars[0]), vars[1]));
      const h2 = tf.relu(tf.add(tf.matMul(h1, vars[2]), vars[3]));
      const out = tf.add(tf.matMul(h2, vars[4]), vars[5]);
      return tf.mean(tf.square(tf.sub(out, y)));
    });
    idx.dispose();
  };
  for (let s = 0; s < 3; s++) naiveStep(s);
  t0 = performance.now();
  for (let s = 0; s < naiveSteps; s++) naiveStep(s);
  const naiveMs = (performance.now() - t0) / naiveSteps;
  console.log(`naive loop (gather per batch, tf ops, optimizer.minimize): ${naiveMs.toFixed(3)} ms/step = ${(naiveMs / rawMs).toFixed(1)}x the raw matMul time; trainMlp is ${(naiveMs / stepMs).toFixed(1)}x faster`);
  tf.dispose([xAll, yAll, ...vars]);
  opt.dispose();
}
for (const [a, b] of operands) {
  a.dispose();
  b.dispose();
}
