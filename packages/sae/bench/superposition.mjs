// Proof on known features: SAEs trained on synthetic superposition data (@interp/dataset's
// generateSuperposition) against a plain dense TopK reference, and how many true features they recover.
// Usage (after `pnpm --filter @interp/sae... build`):
//   node bench/superposition.mjs [--rows 100000] [--dims 128] [--features 512] [--active 8] [--dsae 1024]
//     [--epochs 10] [--batch 512] [--lr 1e-3] [--k 8] [--runs topk,topk:random,relu,...] [--no-reference]
// A run is `arch[:decoderInit][:key=value...]`, e.g. `topk:random`, `relu:l1Coefficient=0.2`,
// `gated:targetL0=8`, `matryoshka:prefixes=256/512` (a list with '/').
// Held out: 10% extra rows drawn with the same directions. "recovered" = true features with a decoder
// row at cosine > 0.9 (the same definition as @interp/probe's compareDictionaries, computed here
// because @interp/probe depends on this package).
import { selectBackend } from '@interp/backend';
import { generateSuperposition } from '@interp/dataset';
import { trainSae, evaluateSae, saeArchitectures } from '../dist/index.js';
import { trainDenseTopK } from './denseTopKReference.mjs';
import { readArg } from './benchHelpers.mjs';

const info = await selectBackend();
console.log(`backend: ${info.description}`);

const rows = Number(readArg('rows', 100_000));
const dims = Number(readArg('dims', 128));
const features = Number(readArg('features', 512));
const active = Number(readArg('active', 8));
const dSae = Number(readArg('dsae', 1024));
const epochs = Number(readArg('epochs', 10));
const batchSize = Number(readArg('batch', 512));
const k = Number(readArg('k', active));
const lrArg = readArg('lr');
const seed = Number(readArg('seed', 1));

const t0 = performance.now();
const heldRows = Math.round(rows / 10);
const all = generateSuperposition({ rows: rows + heldRows, dimensions: dims, features, activeFeatures: active, seed });
const train = { data: all.data.subarray(0, rows * dims), rows, width: dims };
const held = { data: all.data.subarray(rows * dims), rows: heldRows, width: dims };
console.log(
  `data: ${rows} + ${heldRows} held-out rows, ${dims} dims, ${features} true features, ${active} active per row ` +
    `(magnitudes uniform [0, 1]), seed ${seed}: ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
console.log(`SAE: dSae ${dSae}, ${epochs} epochs at batch ${batchSize} = ${Math.ceil(rows / batchSize) * epochs} steps\n`);

/** Fraction of true features with a learned row at cosine > 0.9, and the mean max cosine. */
function recovery(wDec, m) {
  const unit = (a, n) => {
    const out = new Float32Array(a.length);
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let i = 0; i < dims; i++) s += a[r * dims + i] ** 2;
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let i = 0; i < dims; i++) out[r * dims + i] = a[r * dims + i] * inv;
    }
    return out;
  };
  const L = unit(wDec, m);
  const T = unit(all.directions, features);
  let rec = 0;
  let sum = 0;
  for (let q = 0; q < features; q++) {
    let best = -1;
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < dims; i++) s += L[j * dims + i] * T[q * dims + i];
      if (s > best) best = s;
    }
    sum += best;
    if (best > 0.9) rec++;
  }
  return { recovered: rec / features, mmcs: sum / features };
}

const results = [];
const row = (name, r) => {
  results.push({ name, ...r });
  console.log(
    `${name.padEnd(44)} FVE ${r.fve.toFixed(4)}  L0 ${r.l0 === undefined ? '  -  ' : r.l0.toFixed(1).padStart(5)}  ` +
      `dead ${r.dead === undefined ? '  -  ' : (100 * r.dead).toFixed(1).padStart(5)}%  recovered ${(100 * r.recovered).toFixed(1).padStart(5)}%  ` +
      `MMCS ${r.mmcs.toFixed(3)}  ${r.seconds.toFixed(1)} s${r.rowsPerSecond ? `  (${r.rowsPerSecond.toFixed(0)} rows/s in steps)` : ''}`,
  );
};

if (!process.argv.includes('--no-reference')) {
  row(`reference: plain dense TopK k=${k} (lr ${lrArg ?? '1e-3'})`, (() => {
    const r = trainDenseTopK(train, held, { dSae, k, epochs, batchSize, lr: Number(lrArg ?? 1e-3) });
    return { ...r, ...recovery(r.W_dec, dSae) };
  })());
}

const runs = readArg('runs', 'topk,topk:random,relu').split(',');
for (const spec of runs) {
  const [arch, ...rest] = spec.split(':');
  if (!saeArchitectures[arch]) {
    console.log(`${spec}: architecture ${arch} is not in this build (${Object.keys(saeArchitectures).join(', ')}); skipped`);
    continue;
  }
  const extra = {};
  let decoderInit = 'data';
  for (const part of rest) {
    if (part === 'random' || part === 'data') decoderInit = part;
    else {
      const [key, value] = part.split('=');
      // a list is written with '/', e.g. matryoshka:prefixes=256/512
      extra[key] = value.includes('/') || key === 'prefixes' ? value.split('/').map(Number) : Number.isNaN(Number(value)) ? value : Number(value);
    }
  }
  const { learningRate, batchSize: b2, epochs: e2, ...archExtra } = extra;
  const architecture = { type: arch, ...(arch === 'relu' || arch === 'jumprelu' || arch === 'gated' ? {} : { k }), ...archExtra };
  const t = performance.now();
  const { sae, history } = await trainSae(train, {
    dSae,
    architecture,
    epochs: e2 ?? epochs,
    batchSize: b2 ?? batchSize,
    decoderInit,
    validation: held,
    seed,
    ...(learningRate ?? lrArg ? { learningRate: Number(learningRate ?? lrArg) } : {}),
  });
  const seconds = (performance.now() - t) / 1000;
  const m = await evaluateSae(sae, held);
  const rec = recovery(sae.getWeights().W_dec, dSae);
  const rowsSeen = history.steps.at(-1).rowsSeen;
  row(`${spec} (${decoderInit} init)`, { fve: m.fve, l0: m.l0, dead: m.deadFraction, seconds, rowsPerSecond: rowsSeen / history.stepSeconds, ...rec });
  sae.dispose();
}
