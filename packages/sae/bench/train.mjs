// Speed and quality of trainSae. Usage (after `pnpm --filter @interp/sae... build`):
//   node bench/train.mjs [--activations file.safetensors] [--arch topk|relu|both] [--epochs N] [--batch B] [--lr LR] [--threads 1,2]
// --threads: the thread counts to train TopK with, one after the other in the same run (default: 1 and all cores).
// --activations: a safetensors file with a 2-D F32 tensor `activations` [rows, width] (what
// @interp/harvest's harvestToFile writes). Without it, a synthetic stand-in of the reference MLP's
// hidden layer is used: ReLU(x W + b) of 8000 rows of 10 digit inputs into 512 dims.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { makeSyntheticActivations, measureRawMatMul, readArg } from './benchHelpers.mjs';
import { readSafetensorsFile } from '@interp/safetensors/node';
import { trainSae, evaluateSae, createRandom } from '../dist/index.js';

const info = await selectBackend();
console.log(`backend: ${info.description}`);

async function loadActivations() {
  const file = readArg('activations');
  if (file) {
    const { tensors } = await readSafetensorsFile(file);
    const t = tensors.activations ?? Object.values(tensors).find((x) => x.shape.length === 2 && x.dtype === 'F32');
    if (!t) throw new Error(`${file}: no 2-D F32 tensor (expected 'activations')`);
    return { data: Float32Array.from(t.data), rows: t.shape[0], width: t.shape[1], what: `${file} [${t.shape.join(', ')}]` };
  }
  const rows = 8000, width = 512;
  const data = makeSyntheticActivations(createRandom(7), rows, width);
  return { data, rows, width, what: `synthetic ReLU(x W + b), 10 digit inputs -> ${width} [${rows}, ${width}]` };
}

const rawMatMul = (m, n, p) => measureRawMatMul(tf, m, n, p, 8);

const acts = await loadActivations();
console.log(`activations: ${acts.what}`);
const dSae = 4 * acts.width;
const lr = readArg("lr") ? Number(readArg("lr")) : undefined;
const batchArg = readArg("batch");
const archs = (readArg('arch', 'both') === 'both' ? ['topk', 'relu'] : [readArg('arch')]);
const epochsArg = readArg('epochs');
const { countCores } = await import('../dist/index.js');
const threadList = (readArg('threads') ?? [...new Set([1, countCores()])].join(',')).split(',').map(Number);
const loadNow = async () => {
  const os = await import('node:os');
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
};
const summary = [];

for (const arch of archs) for (const threads of arch === 'topk' ? threadList : [1]) {
  const epochs = Number(epochsArg ?? (arch === 'topk' ? 30 : 15));
  const batchSize = Number(batchArg ?? (arch === 'topk' ? 512 : 256));
  const before = Math.max(rawMatMul(dSae, acts.width, batchSize), rawMatMul(batchSize, acts.width, dSae));
  const t0 = performance.now();
  const loadBefore = await loadNow();
  const { sae, history } = await trainSae(acts, { architecture: arch, epochs, batchSize, seed: 1, threads, ...(lr ? { learningRate: lr } : {}) });
  const wall = (performance.now() - t0) / 1000;
  const after = Math.max(rawMatMul(dSae, acts.width, batchSize), rawMatMul(batchSize, acts.width, dSae));
  const raw = Math.max(before, after);
  const rowsSeen = history.steps.at(-1).rowsSeen;
  const stepRowsPerSecond = rowsSeen / history.stepSeconds;
  const k = arch === 'topk' ? history.architecture.k : 0;
  // useful FLOPs per row: TopK = dense encoder product + 4 sparse passes over the k active decoder rows
  // (decode, dL/df, dW_dec, dW_enc); ReLU = 5 dense products (encode, decode, dL/df, dW_enc, dW_dec)
  const flopsPerRow = arch === 'topk' ? 2 * acts.width * dSae + 8 * k * acts.width : 10 * acts.width * dSae;
  const gflops = (stepRowsPerSecond * flopsPerRow) / 1e9;
  const held = history.evaluations.at(-1).metrics;
  const all = await evaluateSae(sae, acts);
  const perCore = (100 * gflops) / (raw * history.threads);
  summary.push({ arch, threads: history.threads, rowsPerSecond: stepRowsPerSecond, gflops, raw, perCore, fve: held.fve });
  console.log(`\n== ${arch}, ${history.threads} thread(s)${history.threadsNote ? ` (${history.threadsNote})` : ''}, load average before: ${loadBefore}, after: ${await loadNow()}`);
  console.log(`== ${arch}${k ? ` (k=${k}, AuxK ${history.architecture.auxK}, bias revival ${history.architecture.biasRevival})` : ` (${history.architecture.targetL0 ? `targetL0 ${history.architecture.targetL0}, L1 starting at ${history.architecture.l1Coefficient}` : `l1 ${history.architecture.l1Coefficient}`})`}: ${acts.width} -> ${dSae}, ${epochs} epochs, batch ${batchSize}, ${history.trainRows} train rows`);
  console.log(`speed: ${stepRowsPerSecond.toFixed(0)} rows/s in training steps (${history.rowsPerSecond.toFixed(0)} rows/s overall, ${wall.toFixed(1)} s wall, kernels ${history.kernels})`);
  console.log(`       step ${gflops.toFixed(1)} GFLOP/s of useful work vs raw tf.matMul ${raw.toFixed(1)} GFLOP/s per core (same shapes, same run): ${perCore.toFixed(0)}% of ${history.threads} x raw`);
  console.log(`held-out (${held.rows} rows): FVE ${held.fve.toFixed(4)}  MSE ${held.mse.toExponential(3)}  L0 ${held.l0.toFixed(1)}  dead ${(100 * held.deadFraction).toFixed(1)}%  dense ${(100 * held.denseFraction).toFixed(1)}%`);
  console.log(`all rows (${all.rows}): FVE ${all.fve.toFixed(4)}  L0 ${all.l0.toFixed(1)}  dead ${(100 * all.deadFraction).toFixed(1)}%  dense ${(100 * all.denseFraction).toFixed(1)}%`);
  console.log(`log10 density histogram (edges ${all.densityHistogram.edges[0]}..${all.densityHistogram.edges.at(-1)}): ${all.densityHistogram.counts.join(' ')}; never fired ${all.densityHistogram.neverFired}`);
  sae.dispose();
}

const topk = summary.filter((s) => s.arch === 'topk');
if (topk.length > 1) {
  const base = topk.find((s) => s.threads === 1) ?? topk[0];
  console.log('\n== TopK step by thread count (same run)');
  for (const s of topk) {
    console.log(`threads ${s.threads}: ${s.rowsPerSecond.toFixed(0)} rows/s (${(s.rowsPerSecond / base.rowsPerSecond).toFixed(2)}x), ${s.gflops.toFixed(1)} GFLOP/s, ${s.perCore.toFixed(0)}% of ${s.threads} x raw matMul ${s.raw.toFixed(1)} GFLOP/s, FVE ${s.fve.toFixed(4)}`);
  }
}
