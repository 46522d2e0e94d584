#!/usr/bin/env node
// Benchmark of the viz speed target: a 2048-feature features.html opens (navigation ->
// first card visible) in under 2 s in headless Chromium. Also times renderReports in Node.
// Runs on the built dist: `pnpm --filter @interp/viz build && pnpm --filter @interp/viz bench`.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { createFixtureRun, renderReports } from '../dist/index.js';
import { writeReports } from '../dist/node.js';

const CHROMIUM = '/usr/bin/chromium';
const FEATURES = Number(process.env.VIZ_BENCH_FEATURES ?? 2048);
const RUNS = Number(process.env.VIZ_BENCH_RUNS ?? 5);
const TARGET_MS = 2000;
if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} not found: apt-get install -y chromium`);
  process.exit(1);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const data = createFixtureRun({ features: FEATURES, seed: 1 });
const renderMs = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  renderReports(data);
  renderMs.push(performance.now() - t);
}
const dir = await mkdtemp(join(tmpdir(), 'viz-bench-'));
const paths = await writeReports(dir, data);
const size = (await stat(paths['features.html'])).size;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const openMs = [];
for (let i = 0; i < RUNS; i++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const t = performance.now();
  await page.goto(pathToFileURL(paths['features.html']).href);
  await page.locator('body[data-ready="true"] .card').first().waitFor({ state: 'visible' });
  openMs.push(performance.now() - t);
  await page.close();
}
await browser.close();
await rm(dir, { recursive: true, force: true });

const openMedian = median(openMs);
console.log(`renderReports (${FEATURES} features, Node): median ${median(renderMs).toFixed(0)} ms over ${RUNS} runs`);
console.log(`features.html size: ${(size / 1e6).toFixed(2)} MB`);
console.log(`features.html open to first card (headless Chromium, 1280x800): median ${openMedian.toFixed(0)} ms, runs ${openMs.map((m) => m.toFixed(0)).join(', ')} ms (target < ${TARGET_MS} ms)`);
if (openMedian >= TARGET_MS) {
  console.error(`FAIL: median open time ${openMedian.toFixed(0)} ms >= ${TARGET_MS} ms`);
  process.exit(1);
}
