// End-to-end time of the reference preset: runs `interp run --preset reference --force --json`
// in a temp folder and prints the per-step times and the quality figures against the bars.
// Usage: node bench/reference.mjs [--preset reference|quick] [--keep]
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const preset = process.argv.includes('--preset') ? process.argv[process.argv.indexOf('--preset') + 1] : 'reference';
const out = await mkdtemp(join(tmpdir(), `interp-bench-${preset}-`));
const started = performance.now();
const child = spawn(process.execPath, [join(here, '..', 'dist', 'cli.js'), 'run', '--preset', preset, '--out', out, '--force', '--json'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let stdout = '';
child.stdout.on('data', (d) => (stdout += d));
const code = await new Promise((resolve) => child.on('close', resolve));
const wall = (performance.now() - started) / 1000;
if (code !== 0) {
  console.error(`interp run exited ${code}`);
  process.exit(1);
}
const s = JSON.parse(stdout);
const row = (name, value, bar) => console.log(`${name.padEnd(28)} ${String(value).padStart(12)}  ${bar ?? ''}`);
console.log(`\n== interp run --preset ${preset} (${s.backend}) ==`);
for (const [step, seconds] of Object.entries(s.timings)) row(`time ${step}`, `${seconds.toFixed(1)} s`, step === 'total' ? (preset === 'reference' ? `bar <= 180 s: ${seconds <= 180 ? 'met' : 'MISSED'}` : '') : '');
row('wall clock (incl. start-up)', `${wall.toFixed(1)} s`);
row('MLP test MSE', s.mlp.testMse.toFixed(4), 'bar <= 0.05');
row('MLP test exact', `${(s.mlp.testExact * 100).toFixed(1)}%`, 'bar >= 95%');
row('SAE variance explained', s.sae.fve.toFixed(4), 'bar >= 0.97');
row('SAE L0', s.sae.l0.toFixed(1), 'bar <= 32');
row('SAE dead fraction', `${(s.sae.deadFraction * 100).toFixed(1)}%`, 'bar <= 10%');
row('MSE recovered', `${s.probe.mseRecovered.toFixed(1)}%`, 'bar >= 95%');
row('monosemantic share', `${(s.probe.monosemanticShare * 100).toFixed(1)}%`, `${s.probe.monosemanticFeatures} of ${s.probe.scoredFeatures}`);
if (!process.argv.includes('--keep')) await rm(out, { recursive: true, force: true });
else console.log(`artifacts kept in ${out}`);
