// Seconds of the probe step (scoring 2048 features, splice test, circuit trace) and of the report step of the
// reference run (issue 14: aim under 2 s together), re-run on a finished run's folder with --force, one step
// at a time, as `interp run` times them (the step records' seconds, which leave out start-up and loading code).
// Usage: node bench/probeReport.mjs [--out DIR] [--reps 3] [--preset reference]
//   Without --out, a run (`interp run --preset reference --seed 7`) is made first in a temp folder (minutes).
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'cli.js');
const arg = (name, def) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : def);
const preset = arg('preset', 'reference');
const reps = Number(arg('reps', '3'));
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');

function interp(...args) {
  const r = spawnSync(process.execPath, [cli, ...args, '--preset', preset, '--seed', '7', '--json'], {
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1' },
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`interp ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout);
}

let out = arg('out', undefined);
const made = out === undefined;
if (made) {
  out = await mkdtemp(join(tmpdir(), `interp-bench-probe-${preset}-`));
  console.log(`interp run --preset ${preset} --seed 7 --out ${out} (once, to have the inputs)...`);
  interp('run', '--out', out);
}
const rows = [];
for (let i = 0; i < reps; i++) {
  const before = load();
  const probe = interp('probe', '--out', out, '--force').timings.probe;
  const report = interp('report', '--out', out, '--force').timings.report;
  rows.push({ probe, report, before, after: load() });
  console.log(`run ${i + 1}: probe ${probe.toFixed(2)} s, report ${report.toFixed(2)} s, together ${(probe + report).toFixed(2)} s (load ${before} -> ${load()})`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs) => Math.min(...xs);
console.log(`\n== interp probe + report --force, --preset ${preset} --seed 7, ${reps} runs ==`);
console.log(`probe    median ${median(rows.map((r) => r.probe)).toFixed(2)} s   best ${best(rows.map((r) => r.probe)).toFixed(2)} s`);
console.log(`report   median ${median(rows.map((r) => r.report)).toFixed(2)} s   best ${best(rows.map((r) => r.report)).toFixed(2)} s`);
console.log(`together median ${median(rows.map((r) => r.probe + r.report)).toFixed(2)} s   best ${best(rows.map((r) => r.probe + r.report)).toFixed(2)} s   (aim: under 2 s)`);
console.log(`load average (1 min) from ${rows[0].before.split(' ')[0]} to ${rows[rows.length - 1].after.split(' ')[0]}`);
if (made) await rm(out, { recursive: true, force: true });
