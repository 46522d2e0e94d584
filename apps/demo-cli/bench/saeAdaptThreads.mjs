// The reference run's SAE training (issue 14) with trainSae's adaptThreads on and off, interleaved, on a finished
// run's activations: step seconds, rows/s, the steps that ran on 1 thread, and the load average before and after
// each run. Same options as `interp train-sae` (buildTrainSaeOptions of the preset; --threads, default 2).
// Usage (after the build): node bench/saeAdaptThreads.mjs --out DIR [--reps 2] [--threads 2] [--preset reference]
//   DIR: the --out of `interp run --preset reference --seed 7` (its mlp_activations.safetensors).
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@interp/backend';
import { readActivations } from '@interp/harvest/node';
import { buildTrainSaeOptions, presets, splitHeldOutRows } from '@interp/pipeline';
import { trainSae } from '@interp/sae';

const arg = (name, def) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : def);
const out = arg('out', undefined);
if (out === undefined) throw new Error('bench/saeAdaptThreads.mjs: --out DIR (a finished `interp run --preset reference --seed 7`) is required');
const preset = arg('preset', 'reference');
const reps = Number(arg('reps', '2'));
const threads = Number(arg('threads', '2'));
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');

await selectBackend();
const config = { ...presets[preset], seed: 7 };
const acts = await readActivations(join(out, 'mlp_activations.safetensors'));
const { train, heldOut } = splitHeldOutRows(acts, config.sae.evalRows);
console.log(`preset ${preset}, --seed 7, ${threads} threads, ${train.rows} training rows; load ${load()}`);
for (let r = 0; r < reps; r++) {
  for (const adaptThreads of [true, false]) {
    const before = load();
    const { sae, history } = await trainSae(train, { ...buildTrainSaeOptions(config), threads, adaptThreads, validation: heldOut });
    sae.dispose();
    console.log(
      `adaptThreads ${String(adaptThreads).padEnd(5)}: steps ${history.stepSeconds.toFixed(1)} s of ${history.seconds.toFixed(1)} s, ` +
        `${history.rowsPerSecond.toFixed(0)} rows/s; ${history.threadsNote ?? `all steps on ${history.threads} threads`}; load ${before} -> ${load()}`,
    );
  }
}
