// Encoding speed against training speed. Usage (after `pnpm --filter @interp/sae... build`):
//   node bench/encode.mjs [--rows 100000] [--width 512] [--chunk 8192] [--arch topk|relu]
// Trains an SAE (4 x width features, 2 epochs on 20,000 rows) to get a trained SAE and the speed of its
// training steps, then encodes `rows` rows in `chunk`-row chunks with encodeArray (dense output),
// encodeSparse ([rows, k]), evaluateSae, and the dense tfjs path (encode + decode tensors, what
// evaluateSae did before), and prints rows/s of each beside the training steps' rows/s.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { makeSyntheticActivations, readArg } from './benchHelpers.mjs';
import { loadavg } from 'node:os';
import { trainSae, evaluateSae, createRandom, createThreadedEncoder, countCores } from '../dist/index.js';

const info = await selectBackend();
console.log(`backend: ${info.description}`);
const rows = Number(readArg('rows', 100_000));
const width = Number(readArg('width', 512));
const chunk = Number(readArg('chunk', 8192));
const arch = readArg('arch', 'topk');

// the synthetic stand-in of bench/train.mjs: ReLU(x W + b) of 10 digit inputs
const data = makeSyntheticActivations(createRandom(7), rows, width);
const trainRows = Math.min(20_000, rows);
const { sae, history } = await trainSae({ data: data.subarray(0, trainRows * width), rows: trainRows, width }, { architecture: arch, epochs: 2, seed: 1 });
const stepRate = history.steps.at(-1).rowsSeen / history.stepSeconds;
console.log(`SAE: ${arch}, ${width} -> ${sae.config.dSae}${arch === 'topk' ? `, k ${sae.config.activation.k}` : ''}; training steps at batch ${history.options.batchSize}: ${stepRate.toFixed(0)} rows/s`);
console.log(`encoding ${rows} rows in ${chunk}-row chunks:`);

const time = (name, fn) => {
  const t = performance.now();
  const extra = fn();
  const s = (performance.now() - t) / 1000;
  console.log(`  ${name.padEnd(44)} ${(rows / s).toFixed(0).padStart(7)} rows/s  (${(rows / s / stepRate).toFixed(2)} x training)${extra ? `  ${extra}` : ''}`);
};
const chunks = (fn) => {
  for (let r = 0; r < rows; r += chunk) {
    const n = Math.min(chunk, rows - r);
    fn(data.subarray(r * width, (r + n) * width), n);
  }
};
time('encodeArray (dense [rows, dSae] out)', () => chunks((d, n) => sae.encodeArray(d, n)));
let k = 0;
time('encodeSparse ([rows, k] indices + values)', () => {
  chunks((d, n) => {
    k = Math.max(k, sae.encodeSparse(d, n).k);
  });
  return `k = ${k}`;
});
let fve = 0;
const t0 = performance.now();
const m = await evaluateSae(sae, { data, rows, width }, { chunkRows: chunk });
fve = m.fve;
const es = (performance.now() - t0) / 1000;
console.log(`  ${'evaluateSae'.padEnd(44)} ${(rows / es).toFixed(0).padStart(7)} rows/s  (${(rows / es / stepRate).toFixed(2)} x training)  FVE ${fve.toFixed(4)}, L0 ${m.l0.toFixed(1)}`);
// the threaded trainer's kernels (createThreadedEncoder; evaluateSae's `threads` option), 1 and all cores
for (const threads of [...new Set([1, countCores()])]) {
  const encoder = await createThreadedEncoder(sae, threads);
  if (!encoder) break;
  let t = performance.now();
  for (let r = 0; r < rows; r += chunk) {
    const n = Math.min(chunk, rows - r);
    await encoder.encodeSparse(data.subarray(r * width, (r + n) * width), n);
  }
  let s = (performance.now() - t) / 1000;
  encoder.dispose();
  console.log(`  ${`threaded encodeSparse, ${threads} thread(s)`.padEnd(44)} ${(rows / s).toFixed(0).padStart(7)} rows/s  (${(rows / s / stepRate).toFixed(2)} x training)  load ${loadavg()[0].toFixed(1)}`);
  t = performance.now();
  const mt = await evaluateSae(sae, { data, rows, width }, { chunkRows: chunk, threads });
  s = (performance.now() - t) / 1000;
  console.log(`  ${`evaluateSae, threads ${threads}`.padEnd(44)} ${(rows / s).toFixed(0).padStart(7)} rows/s  (${(rows / s / stepRate).toFixed(2)} x training)  FVE ${mt.fve.toFixed(4)}, L0 ${mt.l0.toFixed(1)}`);
}
time('dense tfjs encode + decode (the old evaluate)', () =>
  chunks((d, n) => {
    const out = tf.tidy(() => {
      const xt = tf.tensor2d(d, [n, width]);
      const f = sae.encode(xt);
      const xh = sae.decode(f);
      return [tf.sum(tf.square(tf.sub(xt, xh))), tf.sum(tf.cast(tf.greater(f, 0), 'float32'), 0)];
    });
    for (const t of out) t.dataSync();
    tf.dispose(out);
  }),
);
sae.dispose();
