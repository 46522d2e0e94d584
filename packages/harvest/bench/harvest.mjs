// Harvest speed: rows/s of harvestActivations / harvestToFile on each available backend, over 8000 x 10
// inputs into the default 10 -> 512 -> 64 -> 1 MLP (hook hidden.post), next to the raw tf.matMul time of
// the same shapes (up to the hook, and the whole forward pass) measured in the same run (fastest of N runs); then trainMlp steps/s next to the raw matMul time of
// one training step's shapes. Build first: pnpm --filter @interp/harvest... build
// Usage: node bench/harvest.mjs [--backends wasm,cpu] [--rows 8000] [--batch 2048]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createMulberry32 } from '@interp/core';
import { createMlp, defaultMlpConfig, trainMlp } from '@interp/models';
import { selectBackend } from '@interp/backend';
import { harvestActivations } from '../dist/index.js';
import { harvestToFile } from '../dist/node.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const rows = Number(arg('rows', 8000));
const batch = Number(arg('batch', 2048));
const backends = arg('backends', 'node,wasm,cpu').split(',');
const { inputSize, hiddenSize, bottleneckSize, outputSize } = defaultMlpConfig;

/** Seeded task-like inputs: digits 0-9 and pointers 0-3 (core's mulberry32 stream). */
function createInputs(n, seed) {
  const rng = createMulberry32(seed);
  const next = () => rng.next();
  const inputs = new Float32Array(n * inputSize);
  const targets = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < inputSize; c++) inputs[r * inputSize + c] = Math.floor(next() * (c === 4 || c === 9 ? 4 : 10));
    targets[r] = inputs[r * inputSize] - inputs[r * inputSize + 5];
  }
  return { rows: n, inputs, targets };
}

/**
 * Fastest ms of `fn` over `repeats` runs after one warm-up: on a shared machine the minimum is the
 * least disturbed estimate, and harvest and raw matMul get the same treatment.
 */
async function time(fn, repeats) {
  await fn();
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Mean ms of `fn` over `repeats` runs after one warm-up. */
async function timeMean(fn, repeats) {
  await fn();
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) await fn();
  return (performance.now() - t0) / repeats;
}

/** Raw matMul ms of a list of [m, k, n] shapes (plain matMul, no transposes); fastest run, or mean. */
async function rawMatMul(shapes, repeats, mean = false) {
  const operands = shapes.map(([m, k, n]) => [tf.randomUniform([m, k]), tf.randomUniform([k, n])]);
  const ms = await (mean ? timeMean : time)(() => {
    for (const [a, b] of operands) tf.matMul(a, b).dispose();
    return tf.zeros([1]).data(); // flush
  }, repeats);
  for (const [a, b] of operands) tf.dispose([a, b]);
  const flops = shapes.reduce((s, [m, k, n]) => s + 2 * m * k * n, 0);
  return { ms, gflops: flops / ms / 1e6 };
}

const data = createInputs(rows, 1);
const dir = await mkdtemp(join(tmpdir(), 'harvest-bench-'));
console.log(`harvest bench: ${rows} x ${inputSize} inputs, MLP ${inputSize} -> ${hiddenSize} -> ${bottleneckSize} -> ${outputSize}, hook hidden.post, batch ${batch}, node ${process.version}`);
try {
  for (const backend of backends) {
    let info;
    try {
      info = await selectBackend({ backend, onWarning: () => undefined });
    } catch (e) {
      console.log(`\n[${backend}] not available: ${e.message.split('\n')[0]}`);
      continue;
    }
    const slow = info.name === 'cpu';
    console.log(`\n[${backend}] ${info.description}`);
    const model = createMlp(defaultMlpConfig, { seed: 1 });

    const repeats = slow ? 3 : 10;
    const harvestMs = await time(() => harvestActivations(model, data, { batchSize: batch }), repeats);
    const fileMs = await time(() => harvestToFile(model, data, join(dir, 'acts.safetensors'), { batchSize: batch }), repeats);
    const full = Math.floor(rows / batch);
    const rest = rows - full * batch;
    const forwardShapes = (m) => [[m, inputSize, hiddenSize], [m, hiddenSize, bottleneckSize], [m, bottleneckSize, outputSize]];
    const hookShapes = (m) => [[m, inputSize, hiddenSize]]; // hidden.post needs only the first layer
    const batches = [...Array(full).fill(batch), ...(rest > 0 ? [rest] : [])];
    const raw = await rawMatMul(batches.flatMap(hookShapes), repeats);
    const rawFull = await rawMatMul(batches.flatMap(forwardShapes), repeats);
    console.log(`  harvestActivations: ${harvestMs.toFixed(1)} ms = ${Math.round(rows / (harvestMs / 1000)).toLocaleString('en-US')} rows/s`);
    console.log(`  harvestToFile:      ${fileMs.toFixed(1)} ms = ${Math.round(rows / (fileMs / 1000)).toLocaleString('en-US')} rows/s (${((rows * hiddenSize * 4) / 1e6).toFixed(1)} MB written)`);
    console.log(`  raw matMuls up to the hook (${batches.length} x [b, ${inputSize}] x [${inputSize}, ${hiddenSize}]): ${raw.ms.toFixed(1)} ms (${raw.gflops.toFixed(1)} GFLOP/s) = ${((raw.ms / harvestMs) * 100).toFixed(0)}% of harvestActivations`);
    console.log(`  raw matMuls of the whole forward pass (harvest stops at the hook, so skips most of these): ${rawFull.ms.toFixed(1)} ms (${rawFull.gflops.toFixed(1)} GFLOP/s)`);
    model.dispose();

    // trainMlp steps/s vs the raw matMuls of one step (forward 3, backward 8), as in @interp/models' bench.
    const tb = 512;
    const stepShapes = [
      [tb, inputSize, hiddenSize], [tb, hiddenSize, bottleneckSize], [tb, bottleneckSize, 1],
      [bottleneckSize, tb, 1], [1, tb, 1], [tb, 1, bottleneckSize], [bottleneckSize, tb, hiddenSize],
      [1, tb, bottleneckSize], [tb, bottleneckSize, hiddenSize], [inputSize, tb, hiddenSize], [1, tb, hiddenSize],
    ];
    const rawStep = await rawMatMul(stepShapes, slow ? 5 : 50, true); // mean, like trainMlp's ms/step
    const stepsPerEpoch = slow ? 10 : 100;
    const train = createInputs(stepsPerEpoch * tb, 2);
    const val = createInputs(256, 3);
    const opts = { batchSize: tb, logEvery: 1000, evalEvery: 1000, progressEvery: 1e6, epochs: 1 };
    await trainMlp({ train, val }, opts).then((r) => r.model.dispose());
    const t0 = performance.now();
    const { model: trained, history } = await trainMlp({ train, val }, { ...opts, epochs: 2 });
    const stepMs = (performance.now() - t0) / history.steps;
    trained.dispose();
    console.log(
      `  trainMlp (batch ${tb}): ${(1000 / stepMs).toFixed(1)} steps/s, ${stepMs.toFixed(2)} ms/step; raw matMuls of one step ${rawStep.ms.toFixed(2)} ms (${rawStep.gflops.toFixed(1)} GFLOP/s) = ${((rawStep.ms / stepMs) * 100).toFixed(0)}% of a step`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
