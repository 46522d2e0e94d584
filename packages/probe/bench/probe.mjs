// End-to-end probe timings at the reference size: MLP 10 -> 512 -> 64 -> 1, SAE 512 -> 2048 (TopK 64),
// 8000 rows. Run after `pnpm --filter @interp/probe... build`: node bench/probe.mjs
// Every number is printed next to the raw tf.matMul speed of the dominant shape, measured in the same run.
import * as tf from '@tensorflow/tfjs-core';
import { createRng, generateDataset } from '@interp/dataset';
import { selectBackend } from '@interp/backend';
import { createMlp } from '@interp/models';
import { createSae } from '@interp/sae';
import {
  computeFeatureStats,
  probeInput,
  runFeatureActivations,
  runSpliceTest,
  scoreFeatures,
  traceCircuit,
} from '../dist/index.js';

const info = await selectBackend({ onWarning: () => {} });
const rows = 8000;
const dIn = 512;
const dSae = 2048;
const data = generateDataset({ rows, seed: 1 });
const model = createMlp({}, { seed: 1 });
const rng = createRng(3);
const rand = (n, s) => Float32Array.from({ length: n }, () => (2 * rng.next() - 1) * s);
const sae = createSae(
  { W_enc: rand(dIn * dSae, 0.1), W_dec: rand(dSae * dIn, 0.1), b_enc: rand(dSae, 0.01), b_dec: new Float32Array(dIn) },
  { dIn, dSae, activation: { type: 'topk', k: 64 }, applyBDecToInput: true },
);

function matMulGflops(m, k, n) {
  const a = tf.randomUniform([m, k]);
  const b = tf.randomUniform([k, n]);
  tf.matMul(a, b).dispose();
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
    best = Math.min(best, performance.now() - t);
  }
  tf.dispose([a, b]);
  return { ms: best, gflops: (2 * m * k * n) / (best * 1e6) };
}
const time = (fn) => {
  const t = performance.now();
  const out = fn();
  return [out, (performance.now() - t) / 1000];
};

const raw = matMulGflops(1024, dIn, dSae);
console.log(`backend: ${info.description}`);
console.log(`raw tf.matMul [1024x${dIn}]x[${dIn}x${dSae}]: ${raw.ms.toFixed(1)} ms (${raw.gflops.toFixed(1)} GFLOP/s)`);
const [acts, tActs] = time(() => runFeatureActivations(model, sae, data));
const encFlops = 2 * rows * dIn * dSae;
console.log(`runFeatureActivations ${rows} rows: ${tActs.toFixed(2)} s (encoder alone at raw matMul speed: ${(encFlops / (raw.gflops * 1e9)).toFixed(2)} s)`);
const [scores, tScore] = time(() => scoreFeatures(acts.features, data));
console.log(`scoreFeatures ${dSae} x ${rows}: ${tScore.toFixed(2)} s; scored ${scores.scoredCount}, monosemantic ${scores.monosemanticCount}`);
const [, tStats] = time(() => computeFeatureStats(model, sae, data, { activations: acts }));
console.log(`computeFeatureStats (effects over <= 64 rows per feature, ${dSae} features): ${tStats.toFixed(2)} s`);
const [, tTrace] = time(() => traceCircuit(model, sae, data, { activations: acts, labels: scores }));
console.log(`traceCircuit (256 sample rows): ${tTrace.toFixed(2)} s`);
const [splice, tSplice] = time(() => runSpliceTest(model, sae, data));
console.log(`runSpliceTest ${rows} rows: ${tSplice.toFixed(2)} s (mseRecovered ${splice.mseRecovered.toFixed(1)}% for this random SAE)`);
const [, tProbe] = time(() => probeInput(model, sae, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1]));
console.log(`probeInput one row: ${(tProbe * 1000).toFixed(1)} ms`);
