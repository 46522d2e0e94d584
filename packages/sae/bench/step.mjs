// The TopK training step alone, on 1 and 2 (or --threads) threads in the same run: rows/s, the time of
// every phase (and, per thread, the parts of the fused encode phase: centring, gemm, selection, decoding),
// the step's GFLOP/s beside the best raw matMul of the tfjs wasm backend and of the trainer's own gemm
// kernel, with the load average. Usage (after `pnpm --filter @interp/sae... build`):
//   node bench/step.mjs [--dsae 2048] [--k 32] [--batch 512] [--steps 60] [--threads 1,2] [--measure 40] [--balance on|off] [--activations FILE]
// Per step it also prints the median and minimum wall time of the step and of the update (the minimum is the
// least disturbed by other processes on a loaded machine); with --measure N, the time of N held-out
// measurements of one batch (encoding and exact decoding, as trainSae's evaluations run them).
// --balance off: the even features split (default on: the split follows the threads' measured speeds, printed with
// how often it moved; `createWorkBalancer` of @interp/kernels).
// With --alternate-update (more than 1 thread), every other update runs on 1 thread of the same pool (the same
// floats): its times are printed beside the others, to tell a slow update split from a slow process or host.
// Before and after each count it measures the one-way latency between two threads' cores (measureCoreLatency of
// @interp/kernels): on this 2-vCPU VM about 80 ns most of the time and about 175 ns in episodes in which the
// 2-thread update phase slows down.
// The internal modules are bundled from src with esbuild (tfjs stays external).
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { measureCoreLatency } from '@interp/kernels';
import { makeSyntheticActivations, measureRawMatMul, readArg } from './benchHelpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dSae = Number(readArg('dsae', '2048'));
const k = Number(readArg('k', '32'));
const batch = Number(readArg('batch', '512'));
const steps = Number(readArg('steps', '60'));
const warmup = Number(readArg('warmup', '40'));
const threadList = readArg('threads', '1,2').split(',').map(Number);
const split = readArg('split', 'features');
// --balance off: the even features split (default on: the split follows the threads' measured speeds)
const balance = readArg('balance', 'on') !== 'off';
const measureReps = Number(readArg('measure', '0'));
// --alternate-update: on more than 1 thread, every other update runs on 1 thread of the pool (the same floats), to
// compare the two in the same process
const alternateUpdate = process.argv.includes('--alternate-update');
const quantiles = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)].toFixed(2)}, min ${s[0].toFixed(2)}`;
};
const width = 512;
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');

const entry = `
export { createTrainingState } from './createTrainingState';
export { initialiseSaeParameters } from './initialiseSaeParameters';
export { createParallelTopKTrainer } from './createParallelTopKTrainer';
export { createRandom } from './createRandom';
export { THREAD_PHASES, PHASE_SLOTS, ENCODE_PARTS } from './createThreadKernels';
`;
// written under the package's node_modules so that the external imports resolve from there
const outfile = join(here, '../node_modules/.cache/bench-step.mjs');
await build({
  stdin: { contents: entry, resolveDir: join(here, '../src'), loader: 'ts' },
  bundle: true, format: 'esm', platform: 'node', outfile, external: ['@tensorflow/*', '@interp/*'], logLevel: 'error',
});
const { createTrainingState, initialiseSaeParameters, createParallelTopKTrainer, createRandom, THREAD_PHASES, PHASE_SLOTS, ENCODE_PARTS } = await import(pathToFileURL(outfile).href);

const info = await selectBackend({ backend: 'wasm' });
console.log(`backend: ${info.description}; node ${process.version}`);

// --activations FILE: a harvested safetensors file (a 2-D F32 tensor `activations` [rows, 512]); else a synthetic
// stand-in of the reference MLP's hidden layer
const activationsFile = readArg('activations', '');
let rows = 8192;
let data;
if (activationsFile) {
  const { readSafetensorsFile } = await import('@interp/safetensors/node');
  const { tensors } = await readSafetensorsFile(activationsFile);
  const t = tensors.activations ?? Object.values(tensors).find((x) => x.shape.length === 2 && x.dtype === 'F32');
  if (!t || t.shape[1] !== width) throw new Error(`${activationsFile}: no [rows, ${width}] F32 tensor`);
  rows = Math.floor(t.shape[0] / batch) * batch;
  data = t.data.subarray(0, rows * width);
  console.log(`activations: ${activationsFile}, ${rows} rows`);
} else data = makeSyntheticActivations(createRandom(7), rows, width);
const sample = { data: data.subarray(0, 4096 * width), rows: 4096, width };

const rawMatMul = (m, n, p) => measureRawMatMul(tf, m, n, p, 6);

const phaseNames = Object.fromEntries(Object.entries(THREAD_PHASES).map(([n, v]) => [v, n]));
// the parts of the fused encode phase (busy slots after the phases'), printed on their own line
const partNames = Object.fromEntries(Object.entries(ENCODE_PARTS).map(([n, v]) => [v, n]));
const results = [];
for (const threads of threadList) {
  const state = createTrainingState(width, dSae, batch, 'auto', threads > 1 || process.argv.includes('--shared'));
  await initialiseSaeParameters(state, 'mean', 'data', sample, createRandom(1), k);
  const trainer = await createParallelTopKTrainer(state, threads, k, 512, split, balance);
  const rawBefore = rawMatMul(dSae, width, batch);
  const loadBefore = load();
  const latencyBefore = (await measureCoreLatency({ samples: 3 })).oneWayNs;
  let t0 = 0;
  let cpu0;
  let rowsDone = 0;
  const stepMs = [];
  const updateMs = [];
  const updateOneMs = []; // --alternate-update: the updates run on 1 thread of the pool (every other step)
  for (let s = 0; s < steps + warmup; s++) {
    if (s === warmup) {
      trainer.phaseSeconds?.fill(0);
      trainer.busySeconds?.fill(0);
      t0 = performance.now();
      cpu0 = process.cpuUsage();
      rowsDone = 0;
    }
    const off = ((s * batch) % rows) * width;
    state.heap.set(data.subarray(off, off + batch * width), state.layout.x);
    const a = performance.now();
    await trainer.step(batch, k, 0, 0);
    const b = performance.now();
    const updateOnOne = alternateUpdate && threads > 1 && s % 2 === 1;
    await trainer.update(1e-4, 0.9, 0.999, 1e-8, s + 1, updateOnOne ? 1 : threads);
    if (s >= warmup) {
      stepMs.push(b - a);
      (updateOnOne ? updateOneMs : updateMs).push(performance.now() - b);
    }
    rowsDone += batch;
  }
  const sec = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cores = (cpu.user + cpu.system) / 1e6 / sec;
  const raw = Math.max(rawBefore, rawMatMul(dSae, width, batch));
  const rps = rowsDone / sec;
  const gflops = (rps * (2 * width * dSae + 8 * k * width)) / 1e9;
  const phases = trainer.phaseSeconds
    ? Array.from(trainer.phaseSeconds).map((v, i) => (v > 0 ? `${phaseNames[i] ?? 'centre'} ${((1000 * v) / steps).toFixed(2)}` : '')).filter(Boolean).join(', ')
    : '';
  const busySlots = (t, names) =>
    Array.from(trainer.busySeconds.subarray(t * PHASE_SLOTS, (t + 1) * PHASE_SLOTS))
      .map((v, i) => (v > 0 && names[i] ? `${names[i]} ${((1000 * v) / steps).toFixed(2)}` : ''))
      .filter(Boolean)
      .join(', ');
  const busy = trainer.busySeconds
    ? Array.from({ length: threads }, (_, t) => `thread ${t}: ${busySlots(t, phaseNames)}\n    its encode phase's parts: ${busySlots(t, partNames)}`)
    : [];
  const measureMs = [];
  for (let s = 0; s < measureReps; s++) {
    const a = performance.now();
    await trainer.measure(batch);
    measureMs.push(performance.now() - a);
  }
  trainer.dispose();
  const latencyAfter = (await measureCoreLatency({ samples: 3 })).oneWayNs;
  results.push({ threads, rps, gflops, raw });
  console.log(`threads ${threads} (encoder split by ${split}): ${rps.toFixed(0)} rows/s, step ${gflops.toFixed(2)} GFLOP/s, raw tf.matMul [${dSae}x${width}]x[${width}x${batch}] best ${raw.toFixed(2)} GFLOP/s -> ${(100 * gflops / (raw * threads)).toFixed(0)}% of ${threads} x raw; process CPU ${cores.toFixed(2)} cores busy; load ${loadBefore} -> ${load()}; core-to-core latency ${latencyBefore.toFixed(0)} -> ${latencyAfter.toFixed(0)} ns one way`);
  if (phases) console.log(`  ms/step by phase (wall): ${phases}`);
  if (trainer.balancer) console.log(`  features split ${Array.from(trainer.balancer.bounds).join(' | ')} (moved ${trainer.balancer.moves} times)`);
  for (const line of busy) console.log(`  busy ms/step, ${line}`);
  console.log(`  wall ms per call: step ${quantiles(stepMs)}; update ${quantiles(updateMs)}${updateOneMs.length > 0 ? ` (on 1 of the ${threads} threads, every other step: ${quantiles(updateOneMs)})` : ''}${measureReps > 0 ? `; measure ${batch} rows ${quantiles(measureMs)}` : ''}`);
}
const base = results.find((r) => r.threads === 1);
if (base) for (const r of results) console.log(`threads ${r.threads}: ${(r.rps / base.rps).toFixed(2)}x the 1-thread rows/s`);
