#!/usr/bin/env node
// Benchmark: the quick and reference presets trained by the lab in headless Chromium (the built
// dist/, served from localhost, cross-origin isolated) beside `interp run` of the same preset on the
// same machine, seconds per step. Usage: node bench/bench.mjs [--presets quick,reference] [--no-isolation] [--wasm threaded,simd,threads=2]
// Writes bench-out/lab-bench.json. Needs /usr/bin/chromium and a built lab and CLI (nx bench builds them).
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const args = process.argv.slice(2);
const at = (flag, fallback) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : fallback;
};
const presets = at('--presets', 'quick,reference').split(',');
const isolated = !args.includes('--no-isolation');
// --wasm simd: tfjs' one-thread SIMD build in the page; threaded (default where isolated: tfjs' own thread count);
// threads=N: the threaded build with N threads (?threads=N); several, comma-separated: one after the other
const wasmBuilds = at('--wasm', 'threaded').split(',');
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, '..', 'demo-cli', 'dist', 'cli.js');
const outDir = join(root, 'bench-out');
const run = promisify(execFile);
const steps = ['generate', 'train-mlp', 'harvest', 'train-sae', 'probe'];

await mkdir(outDir, { recursive: true });
const server = await startServer({ isolated });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const results = [];
try {
  for (const preset of presets) {
    const cliOut = join(outDir, `cli-${preset}`);
    await rm(cliOut, { recursive: true, force: true });
    const { stdout } = await run(process.execPath, [cli, 'run', '--preset', preset, '--out', cliOut, '--json', '--quiet'], { maxBuffer: 1 << 24 });
    const summary = JSON.parse(stdout);

    for (const build of wasmBuilds) {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const query = build === 'simd' ? '&wasm=simd' : build.startsWith('threads=') ? `&${build}` : '';
      await page.goto(`${server.url}?preset=${preset}${query}`);
      await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === 'idle', null, { timeout: 120_000 });
      const started = Date.now();
      await page.click('[data-testid=train]');
      await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 1_800_000 });
      const total = (Date.now() - started) / 1000;
      const lab = await page.$$eval('.steps [data-seconds]', (els) => Object.fromEntries(els.map((e) => [e.id.slice(2), Number(e.dataset.seconds)])));
      const backend = await page.textContent('[data-testid=backend]');
      const fve = Number(await page.getAttribute('[data-testid=metric-fve]', 'data-value'));
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      // the row editor's latency on the trained run (aim: well under 100 ms per edit)
      const probeMs = [];
      for (let i = 0; i < 20; i++) {
        const before = await page.getAttribute('#probe-time', 'data-ms');
        const row = [i % 10, (i * 3) % 10, (i * 7) % 10, 1, 2, 3, 4, 5, i % 4, (i + 1) % 4].join(',');
        await page.fill('[data-testid=row-input]', row);
        await page.waitForFunction((b) => document.getElementById('probe-time')?.dataset.ms !== b, before, { timeout: 10_000 }).catch(() => undefined);
        probeMs.push(Number(await page.getAttribute('#probe-time', 'data-ms')));
      }
      probeMs.sort((a, b) => a - b);
      await page.close();
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      const rows = steps.map((s) => ({ step: s, cli: summary.timings[s], lab: lab[s], ratio: lab[s] / summary.timings[s] }));
      const probe = { medianMs: probeMs[10], maxMs: probeMs[19] };
      results.push({ preset, wasmBuild: build, backend, cliBackend: summary.backend, cores, labTotal: total, cliTotal: summary.timings.total, fve: { lab: fve, cli: summary.sae.fve }, rows, probe });
      console.log(`\n${preset} (${build === 'simd' ? 'one-thread SIMD build forced' : build === 'threaded' ? 'default build' : `?${build}`}): lab ${backend} (navigator.hardwareConcurrency ${cores}) vs CLI ${summary.backend}; machine ${availableParallelism()} cores`);
      console.log('step        CLI s    lab s   lab/CLI');
      for (const r of rows) console.log(`${r.step.padEnd(10)} ${r.cli.toFixed(2).padStart(7)} ${r.lab.toFixed(2).padStart(8)} ${r.ratio.toFixed(2).padStart(8)}x`);
      const trainCli = summary.timings['train-mlp'] + summary.timings['train-sae'];
      const trainLab = lab['train-mlp'] + lab['train-sae'];
      console.log(`training (MLP + SAE): CLI ${trainCli.toFixed(2)} s, lab ${trainLab.toFixed(2)} s (${(trainLab / trainCli).toFixed(2)}x); FVE lab ${fve} CLI ${summary.sae.fve}`);
      console.log(`whole run: CLI ${summary.timings.total.toFixed(2)} s (7 steps, with xlsx and reports), lab ${total.toFixed(2)} s (click to done)`);
      console.log(`row editor: probe ${probe.medianMs.toFixed(1)} ms median, ${probe.maxMs.toFixed(1)} ms max over 20 edits`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
await writeFile(join(outDir, 'lab-bench.json'), `${JSON.stringify({ date: new Date().toISOString(), isolated, results }, null, 2)}\n`);
