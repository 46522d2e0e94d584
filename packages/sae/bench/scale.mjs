// Streamed TopK training on a folder of activation shards, one epoch: rows/s, time per epoch and peak RSS.
// Usage (after `pnpm --filter @interp/sae... --filter @interp/harvest... build`):
//   node bench/scale.mjs --rows 64000 --dsae 16384 [--threads 2] [--k 32] [--batch 512] [--dir /work/scale-data]
// The folder <dir>/rows-<N>/ holds shards of 65,536 rows x 512 (safetensors, tensor `activations`); missing
// shards are written first (a synthetic stand-in of the reference MLP's hidden layer: ReLU(x W + b) of 10
// digit inputs). Training streams them with @interp/harvest's readActivationBatches, so memory does not
// grow with the row count. One JSON line per run is printed and appended to <dir>/results.jsonl.
import { appendFile, mkdir, readdir, stat } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@interp/backend';
// the shard-folder stream of @interp/harvest, from the sibling workspace package (a bench-only link: sae
// does not depend on harvest); build it first: pnpm --filter @interp/harvest... build
const { readActivationBatches } = await import('../../harvest/dist/node.js');
import { writeSafetensorsFile } from '@interp/safetensors/node';
import { createRandom, trainSae } from '../dist/index.js';
import { createSyntheticLayer, readArg } from './benchHelpers.mjs';

const rows = Number(readArg('rows', '64000'));
const dSae = Number(readArg('dsae', '16384'));
const k = Number(readArg('k', '32'));
const batchSize = Number(readArg('batch', '512'));
const threads = readArg('threads') ? Number(readArg('threads')) : undefined;
const base = readArg('dir', '/work/scale-data');
const width = 512;
const shardRows = 65536;
const dir = join(base, `rows-${rows}`);

let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const timer = setInterval(sampleRss, 200);

async function writeShards() {
  await mkdir(dir, { recursive: true });
  const have = new Set(await readdir(dir));
  const layer = createSyntheticLayer(createRandom(7), width);
  for (let s = 0, start = 0; start < rows; s++, start += shardRows) {
    const name = `shard-${String(s).padStart(4, '0')}.safetensors`;
    const n = Math.min(shardRows, rows - start);
    if (have.has(name) && (await stat(join(dir, name))).size > n * width * 4) continue;
    const data = layer(createRandom(1000 + s), n);
    await writeSafetensorsFile(join(dir, name), { activations: { dtype: 'F32', shape: [n, width], data } }, { hook: 'synthetic.hidden.post' });
    sampleRss();
  }
}

const info = await selectBackend({ backend: 'wasm' });
const t0 = performance.now();
await writeShards();
const writeSeconds = (performance.now() - t0) / 1000;
peakRss = 0;
sampleRss();
const load = loadavg().map((v) => v.toFixed(1)).join(' ');
const started = performance.now();
const { sae, history } = await trainSae(() => readActivationBatches(dir, 4096), {
  dSae,
  architecture: { type: 'topk', k },
  epochs: 1,
  batchSize,
  seed: 1,
  ...(threads ? { threads } : {}),
  onProgress: sampleRss,
});
const seconds = (performance.now() - started) / 1000;
sampleRss();
clearInterval(timer);
const result = {
  rows,
  width,
  dSae,
  k,
  batchSize,
  threads: history.threads,
  backend: info.description,
  epochSeconds: Number(seconds.toFixed(1)),
  rowsPerSecond: Math.round(rows / seconds),
  stepRowsPerSecond: Math.round(rows / history.stepSeconds),
  peakRssMiB: Math.round(peakRss / 2 ** 20),
  fveSample: Number(history.evaluations.at(-1).metrics.fve.toFixed(4)),
  loadBefore: load,
  loadAfter: loadavg().map((v) => v.toFixed(1)).join(' '),
  shardWriteSeconds: Number(writeSeconds.toFixed(1)),
  date: new Date().toISOString(),
};
sae.dispose();
console.log(JSON.stringify(result));
await appendFile(join(base, 'results.jsonl'), `${JSON.stringify(result)}\n`);
