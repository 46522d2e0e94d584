// Where the probe step's time goes: loads the MLP, the SAE and the train and test splits of a finished run's folder,
// then runs @interp/pipeline's runProbeStages (what `interp probe` runs) and prints the milliseconds of the load and
// of each of its five stages, with the load average and the thread count. Each --reps is a fresh process, so every
// figure is a cold start, as in `interp probe`.
// Usage (after the build): node bench/probeStages.mjs --out DIR [--reps 3] [--threads N]
//   DIR: a folder of `interp run --preset reference --seed 7` (or any finished run).
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const arg = (name, def) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : def);
const out = arg('out', undefined);
if (!out) throw new Error('bench/probeStages.mjs: --out DIR (a finished run) is required');
const threads = arg('threads', undefined);

if (process.argv.includes('--child')) {
  const { selectBackend } = await import('@interp/backend');
  const { loadMlp } = await import('@interp/models/node');
  const { loadSae } = await import('@interp/sae/node');
  const { readDatasetXlsx } = await import('@interp/dataset/node');
  const { runProbeStages, probeStageNames } = await import('@interp/pipeline');
  const backend = await selectBackend({ backend: 'wasm', onWarning: () => undefined });
  const times = {};
  let t = performance.now();
  const [model, sae, train, test] = await Promise.all([loadMlp(out), loadSae(out), readDatasetXlsx(`${out}/mlp_train.xlsx`), readDatasetXlsx(`${out}/mlp_test.xlsx`)]);
  times.load = performance.now() - t;
  let last;
  const begin = performance.now();
  t = begin;
  await runProbeStages(model, sae, train, test, 'hidden.post', (done, name) => {
    const now = performance.now();
    if (last !== undefined) times[last] = now - t;
    t = now;
    last = name;
  }, threads === undefined ? {} : { threads: Number(threads) });
  const end = performance.now();
  times[last] = end - t;
  times.stages = end - begin;
  console.log(JSON.stringify({ backend: backend.description, times, order: ['load', ...probeStageNames, 'stages'] }));
  process.exit(0);
}

const reps = Number(arg('reps', '3'));
const rows = [];
for (let i = 0; i < reps; i++) {
  const before = loadavg()[0].toFixed(2);
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--out', out, ...(threads ? ['--threads', threads] : [])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`probeStages child exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const res = JSON.parse(r.stdout.trim().split('\n').pop());
  rows.push(res);
  console.log(`run ${i + 1} (${res.backend}, load ${before} -> ${loadavg()[0].toFixed(2)}): ${res.order.map((k) => `${k} ${res.times[k].toFixed(0)} ms`).join(', ')}`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`\n== probe stages, medians of ${reps} cold runs (threads: ${threads ?? 'all cores'}) ==`);
for (const k of rows[0].order) console.log(`${k.padEnd(22)} ${median(rows.map((r) => r.times[k])).toFixed(0).padStart(6)} ms`);
