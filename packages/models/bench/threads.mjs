// MLP training on 1 and 2 (or --threads) threads in the same run: rows/s, seconds and achieved GFLOP/s of
// trainMlp (the reference model 10 -> 512 -> 32 -> 1, batch 256, Adam), beside the raw matMul GFLOP/s of the
// tfjs wasm backend and of the kernels' own matMul on the step's largest shape, with the load average.
// Runs: engine 'tfjs' (tfjs' own ops, the path before threads), then the @interp/kernels step on each --threads
// count with adaptThreads off (on the wasm backend the kernels run on 1 thread too), then the largest count with
// adaptThreads on (the default: it runs on 1 thread where all are slower). The kernel step alone on each count
// (bundled from src, no evaluation; interleaved --reps times, best of each) is printed last.
// Usage (after `npx nx run @interp/models:build`):
//   node bench/threads.mjs [--rows 64000] [--epochs 2] [--threads 1,2] [--reps 3] [--balance on|off|both]
// --balance: the kernel step's splits on every thread follow the threads' measured speeds (on, the default) or stay
// even (off); both runs the two interleaved.
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { buildMatMulModule } from '@interp/kernels';
import { trainMlp, defaultMlpConfig, referenceTrainingPreset, createMlp } from '../dist/index.js';
import { generateTask } from './task.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const rows = Number(arg('rows', 64000));
const epochs = Number(arg('epochs', 2));
const threadList = arg('threads', '1,2').split(',').map(Number);
const reps = Number(arg('reps', 3));
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
const { inputSize: nIn, hiddenSize: H, bottleneckSize: C, outputSize: O } = defaultMlpConfig;
const batch = referenceTrainingPreset.training.batchSize;
// useful work per row: forward 2 x MACs, backward 4 x MACs (the tfjs path also recomputes the hidden layer transposed; not counted)
const macs = (nIn + 1) * H + H * C + C * O;
const flopPerRow = 6 * macs;

const info = await selectBackend({ backend: 'wasm' });
console.log(`backend: ${info.description}; node ${process.version}; load ${load()}`);
console.log(`model ${nIn} -> ${H} -> ${C} -> ${O}, batch ${batch}, ${rows} rows x ${epochs} epochs (${((rows * epochs * flopPerRow) / 1e9).toFixed(1)} GFLOP per run)`);

// raw matMul of the step's largest shapes on the tfjs wasm backend (1 core), best of several runs
function rawTf(m, k, n) {
  const a = tf.randomUniform([m, k]);
  const b = tf.randomUniform([k, n]);
  for (let i = 0; i < 20; i++) tf.matMul(a, b).dispose();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) tf.matMul(a, b).dispose();
    best = Math.min(best, (performance.now() - t0) / 50);
  }
  tf.dispose([a, b]);
  return (2 * m * k * n) / best / 1e6;
}
// the same product on the kernels' matMul (1 core)
function rawKernel(m, k, n) {
  const floats = m * k + k * n + m * n + n;
  const memory = new WebAssembly.Memory({ initial: Math.ceil((floats * 4) / 65536) + 1 });
  const { matMul } = new WebAssembly.Instance(new WebAssembly.Module(buildMatMulModule(false)), { env: { memory } }).exports;
  const heap = new Float32Array(memory.buffer);
  for (let i = 0; i < floats; i++) heap[i] = Math.random();
  const [a, b, out] = [0, m * k, m * k + k * n];
  for (let i = 0; i < 20; i++) matMul(a * 4, b * 4, 0, out * 4, m, n, k, k, 1, n, n, 0);
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) matMul(a * 4, b * 4, 0, out * 4, m, n, k, k, 1, n, n, 0);
    best = Math.min(best, (performance.now() - t0) / 50);
  }
  return (2 * m * k * n) / best / 1e6;
}
const rawTfBest = rawTf(batch, H, C);
const rawKernelBest = rawKernel(batch, H, C);
console.log(`raw matMul [${batch}x${H}]x[${H}x${C}] on 1 core: tfjs wasm ${rawTfBest.toFixed(2)} GFLOP/s, kernels ${rawKernelBest.toFixed(2)} GFLOP/s; load ${load()}`);

const train = generateTask(rows, 1);
const val = generateTask(2000, 2);
const options = { ...referenceTrainingPreset.training, epochs, logEvery: 1000, evaluateEvery: 1000, progressEvery: 1e6 };
const results = [];
const maxThreads = Math.max(...threadList);
const runs = [['tfjs', 1, false], ...threadList.map((t) => ['auto', t, false]), ...(maxThreads > 1 ? [['auto', maxThreads, true]] : [])];
for (const [engine, threads, adaptThreads] of runs) {
  await trainMlp({ train: generateTask(512, 3), val: generateTask(64, 4) }, { ...options, epochs: 1, threads, engine, adaptThreads }).then((r) => r.model.dispose());
  const loadBefore = load();
  const t0 = performance.now();
  const { model, history } = await trainMlp({ train, val }, { ...options, threads, engine, adaptThreads });
  const seconds = (performance.now() - t0) / 1000;
  model.dispose();
  const used = history.steps * batch;
  const gflops = (used * flopPerRow) / seconds / 1e9;
  const label = `engine ${engine} threads ${threads}${adaptThreads ? ' adaptive' : ''}`;
  results.push({ label, seconds });
  console.log(
    `trainMlp ${label} (${history.threads} ran): ${(used / seconds).toFixed(0)} rows/s, ${seconds.toFixed(2)} s, ` +
      `${gflops.toFixed(2)} GFLOP/s = ${((100 * gflops) / rawTfBest).toFixed(0)}% of 1 x raw tfjs matMul, ${((100 * gflops) / (rawTfBest * history.threads)).toFixed(0)}% of ${history.threads} x; ` +
      `final val MSE ${history.bestValMse.toFixed(6)}; load ${loadBefore} -> ${load()}${history.threadsNote ? ` (${history.threadsNote})` : ''}`,
  );
}
for (const r of results) console.log(`${r.label}: ${(results[0].seconds / r.seconds).toFixed(2)}x the speed of ${results[0].label}`);

// the kernel step alone on 1 thread (bundled from src; internal API), same rows and steps, no evaluation
const outfile = join(here, '../node_modules/.cache/bench-threads.mjs');
await build({
  stdin: { contents: `export { createMlpKernelTrainer } from './createMlpKernelTrainer';`, resolveDir: join(here, '../src'), loader: 'ts' },
  bundle: true, format: 'esm', platform: 'node', outfile, external: ['@tensorflow/*', '@interp/*'], logLevel: 'error',
});
const { createMlpKernelTrainer } = await import(pathToFileURL(outfile).href);
const init = createMlp(defaultMlpConfig, { seed: 0 });
const w = init.getWeights();
init.dispose();
const flat = new Float32Array(Object.values(w).reduce((n, x) => n + x.data.length, 0));
let o = 0;
for (const x of Object.values(w)) {
  flat.set(x.data, o);
  o += x.data.length;
}
const steps = Math.floor(rows / batch);
const xa = new Float32Array(rows * (nIn + 1));
for (let r = 0; r < rows; r++) {
  for (let c = 0; c < nIn; c++) xa[r * (nIn + 1) + c] = train.inputs[r * nIn + c] * defaultMlpConfig.inputScale[c] + defaultMlpConfig.inputShift[c];
  xa[r * (nIn + 1) + nIn] = 1;
}
const perm = Array.from({ length: rows }, (_, i) => i);
// --balance on (default) | off | both: the splits of the steps on every thread follow the threads' speeds (on) or stay
// even (off); both runs the two side by side, interleaved
const balanceArg = arg('balance', 'on');
if (!['on', 'off', 'both'].includes(balanceArg)) throw new RangeError(`--balance must be on, off or both, got ${balanceArg}`);
const variants = threadList.flatMap((threads) =>
  threads === 1 ? [{ threads, balance: false, label: '1 thread(s)' }]
  : (balanceArg === 'both' ? [true, false] : [balanceArg === 'on']).map((balance) => ({ threads, balance, label: `${threads} thread(s), splits ${balance ? 'balanced' : 'even'}` })),
);
for (const v of variants) {
  v.trainer = await createMlpKernelTrainer(defaultMlpConfig, flat, { batchSize: batch, epochRows: steps * batch, threads: v.threads, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, balance: v.balance });
  v.best = Infinity;
}
const loadBefore = load();
for (let rep = 0; rep < reps; rep++) {
  for (const v of variants) {
    const t0 = performance.now();
    for (let e = 0; e < epochs; e++) {
      v.trainer.loadEpoch(xa, train.targets, perm, steps * batch);
      for (let s = 0; s < steps; s++) await v.trainer.step(s, 1e-3, 1);
    }
    v.best = Math.min(v.best, (performance.now() - t0) / 1000);
  }
}
for (const v of variants) {
  const seconds = v.best;
  const gflops = (epochs * steps * batch * flopPerRow) / seconds / 1e9;
  const b = v.trainer.balancers;
  console.log(
    `kernel step alone, ${v.label}, best of ${reps} interleaved: ${((epochs * steps * batch) / seconds).toFixed(0)} rows/s, ${seconds.toFixed(2)} s, ` +
      `${gflops.toFixed(2)} GFLOP/s = ${((100 * gflops) / rawKernelBest).toFixed(0)}% of raw kernel matMul, ${(variants[0].best / seconds).toFixed(2)}x ${variants[0].label}` +
      (b ? `; rows split ${Array.from(b.rows.bounds).join(' | ')} (moved ${b.rows.moves} times), units split ${Array.from(b.units.bounds).join(' | ')} (moved ${b.units.moves} times)` : ''),
  );
}
for (const v of variants) v.trainer.dispose();
console.log(`load ${loadBefore} -> ${load()}`);
