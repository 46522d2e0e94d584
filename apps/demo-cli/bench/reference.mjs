// End-to-end time of the reference preset: runs `interp run --preset reference --force --json --threads N`
// in a temp folder for each thread count (one after the other, in the same run) and prints the per-step
// times, peak RSS (Linux: the child's VmHWM) and the quality figures against the bars, with the load average.
// Usage: node bench/reference.mjs [--preset reference|quick] [--threads 1,2] [--rounds 1] [--adapt-threads on|off] [--keep]
// --adapt-threads: passed to every run (default: interp's, on); off keeps every training step on the run's thread count.
// --rounds N: the thread counts N times over, interleaved (1, 2, 1, 2, ...), so that the host's drift hits both alike;
// the table shows the first round, then each round's totals and ratios, their median, and the fastest total of each
// count with their ratio (the least disturbed runs: a slow spell of the host only adds time). Before and after each run it
// measures the one-way latency between two threads' cores (measureCoreLatency of @interp/kernels): on this 2-vCPU VM
// about 80 ns most of the time and about 175 ns in episodes in which 2-thread runs slow down.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCoreLatency } from '@interp/kernels';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : def);
const preset = arg('preset', 'reference');
const adaptThreads = arg('adapt-threads', undefined);
const threadList = arg('threads', [...new Set([1, availableParallelism()])].join(',')).split(',').map(Number);
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
// the one-way latency between two threads' cores (ns): on a VM it shows how far apart the host placed the vCPUs
const coreLatency = async () => (await measureCoreLatency({ samples: 3 })).oneWayNs.toFixed(0);

/** Peak resident set of a running process (kB), from /proc; undefined where unavailable. */
function peakKb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

async function runOnce(threads) {
  const out = await mkdtemp(join(tmpdir(), `interp-bench-${preset}-`));
  const loadBefore = load();
  const latencyBefore = await coreLatency();
  const started = performance.now();
  const child = spawn(process.execPath, [join(here, '..', 'dist', 'cli.js'), 'run', '--preset', preset, '--out', out, '--force', '--json', '--threads', String(threads), ...(adaptThreads === undefined ? [] : ['--adapt-threads', adaptThreads])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peak;
  const timer = setInterval(() => (peak = peakKb(child.pid) ?? peak), 100);
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const wall = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`interp run --threads ${threads} exited ${code}`);
  const s = JSON.parse(stdout);
  if (!process.argv.includes('--keep')) await rm(out, { recursive: true, force: true });
  else console.log(`artifacts kept in ${out}`);
  return { threads, s, wall, peakMiB: peak === undefined ? undefined : peak / 1024, loadBefore, loadAfter: load(), latencyBefore, latencyAfter: await coreLatency() };
}

const rounds = Number(arg('rounds', '1'));
if (!(Number.isInteger(rounds) && rounds >= 1)) throw new RangeError(`--rounds must be an integer >= 1, got ${arg('rounds')}`);
const allRounds = [];
for (let i = 0; i < rounds; i++) {
  const round = [];
  for (const threads of threadList) round.push(await runOnce(threads));
  allRounds.push(round);
}
const runs = allRounds[0];
const row = (name, ...values) => console.log(`${name.padEnd(28)} ${values.map((v) => String(v).padStart(14)).join(' ')}`);
console.log(`\n== interp run --preset ${preset} (${runs[0].s.backend}), --threads ${threadList.join(' then ')}${adaptThreads === undefined ? '' : `, --adapt-threads ${adaptThreads}`} ==`);
row('', ...runs.map((r) => `--threads ${r.threads}`));
row('threads (summary)', ...runs.map((r) => r.s.sae.threads ?? r.s.threads));
for (const step of Object.keys(runs[0].s.timings)) row(`time ${step}`, ...runs.map((r) => `${r.s.timings[step].toFixed(1)} s`));
// issue 14: the probe and report steps together, aim under 2 s (re-run them alone: node bench/probeReport.mjs --out DIR)
row('time probe + report', ...runs.map((r) => `${(r.s.timings.probe + r.s.timings.report).toFixed(2)} s`));
row('wall clock (incl. start-up)', ...runs.map((r) => `${r.wall.toFixed(1)} s`));
row('peak RSS', ...runs.map((r) => (r.peakMiB === undefined ? 'n/a' : `${r.peakMiB.toFixed(0)} MiB`)));
row('load before', ...runs.map((r) => r.loadBefore.split(' ')[0]));
row('load after', ...runs.map((r) => r.loadAfter.split(' ')[0]));
row('core latency before, after', ...runs.map((r) => `${r.latencyBefore}, ${r.latencyAfter} ns`));
if (runs.length > 1) {
  const base = runs[0].s.timings.total;
  row('total vs first', ...runs.map((r) => `${((100 * r.s.timings.total) / base).toFixed(0)}%`));
}
for (const r of runs) {
  const s = r.s;
  console.log(`\n-- --threads ${r.threads}: quality against the bars`);
  row('MLP test MSE', s.mlp.testMse.toFixed(4), 'bar <= 0.05');
  row('MLP test exact', `${(s.mlp.testExact * 100).toFixed(1)}%`, 'bar >= 95%');
  row('SAE variance explained', s.sae.fve.toFixed(4), 'bar >= 0.97');
  row('SAE L0', s.sae.l0.toFixed(1), 'bar <= 32');
  row('SAE dead fraction', `${(s.sae.deadFraction * 100).toFixed(1)}%`, 'bar <= 10%');
  row('MSE recovered', `${(s.probe.mseRecovered * 100).toFixed(1)}%`, 'bar >= 95%'); // the JSON summary's shares are fractions
  row('monosemantic share', `${(s.probe.monosemanticShare * 100).toFixed(1)}%`, `${s.probe.monosemanticFeatures} of ${s.probe.scoredFeatures}`);
}
if (rounds > 1) {
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`\n-- ${rounds} rounds, interleaved: total seconds per round (ratio to the round's first count)`);
  for (const [i, round] of allRounds.entries()) {
    const base = round[0].s.timings.total;
    row(`round ${i + 1}`, ...round.map((r) => `${r.s.timings.total.toFixed(1)} s (${((100 * r.s.timings.total) / base).toFixed(0)}%)`));
    row('  core latency before, after', ...round.map((r) => `${r.latencyBefore}, ${r.latencyAfter} ns`));
  }
  row('median total', ...threadList.map((_, j) => `${median(allRounds.map((round) => round[j].s.timings.total)).toFixed(1)} s`));
  row('median ratio', ...threadList.map((_, j) => `${median(allRounds.map((round) => (100 * round[j].s.timings.total) / round[0].s.timings.total)).toFixed(0)}%`));
  // the fastest run of each count is the least disturbed by the host (a slow spell only ever adds time)
  const fastest = threadList.map((_, j) => Math.min(...allRounds.map((round) => round[j].s.timings.total)));
  row('fastest total', ...fastest.map((t) => `${t.toFixed(1)} s`));
  row('fastest vs fastest', ...fastest.map((t) => `${((100 * t) / fastest[0]).toFixed(0)}%`));
  for (const step of ['train-mlp', 'train-sae']) {
    row(`median ${step}`, ...threadList.map((_, j) => `${median(allRounds.map((round) => round[j].s.timings[step])).toFixed(1)} s`));
  }
}
