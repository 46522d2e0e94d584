// Harvest of the default MLP (10 -> 512 -> 32 -> 1, hook hidden.post) on tfjs' wasm backend: the model's own
// tfjs forward (engine 'tfjs', the default) against the kernel forward (engine 'kernels') on 1 and 2 (or --threads) threads, in
// the same run; fastest of --reps, with the load average. The kernel time includes starting its pool (workers
// for more than one thread); the activations are compared for bit-identity.
// --stream times harvestBatches (batches consumed and dropped, as harvestToFile streams them) instead of
// harvestActivations (which also fills one [rows, width] array).
// Usage (after `npx nx run @interp/harvest:build`): node bench/kernels.mjs [--rows 8000,64000] [--threads 1,2] [--reps 5] [--stream]
import { loadavg } from 'node:os';
import { createMulberry32 } from '@interp/core';
import { createMlp, defaultMlpConfig } from '@interp/models';
import { selectBackend } from '@interp/backend';
import { harvestActivations, harvestBatches } from '../dist/index.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const rowList = arg('rows', '8000,64000').split(',').map(Number);
const threadList = arg('threads', '1,2').split(',').map(Number);
const reps = Number(arg('reps', 5));
const stream = process.argv.includes('--stream');
const harvest = async (model, inputs, options) => {
  if (!stream) return harvestActivations(model, inputs, options);
  let last;
  for await (const b of harvestBatches(model, inputs, options)) last = b.data;
  return { data: last };
};
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
const info = await selectBackend({ backend: 'wasm' });
console.log(`backend ${info.description}; node ${process.version}; ${stream ? 'harvestBatches (streamed)' : 'harvestActivations'}; load ${load()}`);
const model = createMlp(defaultMlpConfig, { seed: 1 });
const { inputSize } = defaultMlpConfig;
for (const rows of rowList) {
  const rng = createMulberry32(rows);
  const inputs = Float32Array.from({ length: rows * inputSize }, (_, i) => Math.floor(rng.next() * (i % inputSize === 4 || i % inputSize === 9 ? 4 : 10)));
  const runs = [['tfjs', 1], ...threadList.map((t) => ['kernels', t])];
  const best = new Map(runs.map((r) => [r.join(':'), Infinity]));
  const results = new Map();
  for (let rep = 0; rep <= reps; rep++) {
    for (const [engine, threads] of runs) {
      const t0 = performance.now();
      const acts = await harvest(model, inputs, { engine, threads });
      const ms = performance.now() - t0;
      if (rep > 0) best.set(`${engine}:${threads}`, Math.min(best.get(`${engine}:${threads}`), ms)); // rep 0 warms up
      results.set(`${engine}:${threads}`, acts.data);
    }
  }
  const ref = results.get('tfjs:1');
  for (const [engine, threads] of runs) {
    const key = `${engine}:${threads}`;
    const data = results.get(key);
    let same = data.length === ref.length;
    for (let i = 0; same && i < ref.length; i++) same = Object.is(data[i], ref[i]);
    const ms = best.get(key);
    console.log(
      `${rows} rows, ${engine === 'tfjs' ? "engine 'tfjs' (model forward)" : `kernels, ${threads} thread(s)`}: ${ms.toFixed(1)} ms, ` +
        `${((rows / ms) * 1000).toFixed(0)} rows/s, ${(best.get('tfjs:1') / ms).toFixed(2)}x tfjs; bit-identical to tfjs: ${same}`,
    );
  }
}
model.dispose();
console.log(`load ${load()}`);
