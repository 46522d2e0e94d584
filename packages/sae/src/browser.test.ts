import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The package's browser promise, checked in a real browser: this file's page script imports the
// package's browser entry (src/index.ts, bundled by esbuild for the browser platform, no Node
// built-ins), trains an SAE, serialises it in memory and reads it back.
const chromiumPath = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));

const pageScript = `
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { trainSae, evaluateSae, serializeSae, deserializeSae, createRandom } from ${JSON.stringify(join(here, 'index.ts'))};

export async function run() {
  const backend = await selectBackend({ backend: 'cpu' });
  const rows = 600, width = 16, rng = createRandom(5);
  // sparse combinations of 24 directions: a dictionary an SAE can find
  const dirs = Array.from({ length: 24 }, () => Array.from({ length: width }, () => rng.next() - 0.5));
  const data = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < 3; a++) {
      const d = dirs[Math.floor(rng.next() * dirs.length)], w = 0.5 + rng.next();
      for (let c = 0; c < width; c++) data[r * width + c] += w * d[c];
    }
  }
  const { sae, history } = await trainSae({ data, rows, width }, { dSae: 48, architecture: { type: 'topk', k: 4 }, epochs: 80, batchSize: 64, seed: 1 });
  const metrics = await evaluateSae(sae, { data, rows, width });
  const files = serializeSae(sae);
  const copy = deserializeSae(files);
  const a = sae.encodeArray(data.subarray(0, 10 * width), 10);
  const b = copy.encodeArray(data.subarray(0, 10 * width), 10);
  const identical = a.length === b.length && a.every((v, i) => v === b[i]);
  sae.dispose(); copy.dispose();
  return { backend: backend.name, kernels: history.kernels, fve: metrics.fve, l0: metrics.l0, identical, tensors: tf.memory().numTensors, fileNames: Object.keys(files) };
}
`;

let browser: Browser;
beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)`);
  }
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
});

describe('@interp/sae in a browser', () => {
  it('trains, evaluates and round-trips an SAE in headless Chromium with no console errors', async () => {
    const bundle = await build({
      stdin: { contents: pageScript, resolveDir: join(here, '..'), loader: 'ts' },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'saeBrowserTest',
      write: false,
      logLevel: 'silent',
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const result = await page.evaluate(() => (globalThis as unknown as { saeBrowserTest: { run(): Promise<Record<string, unknown>> } }).saeBrowserTest.run());
    expect(errors).toEqual([]);
    expect(result.backend).toBe('cpu');
    expect(result.kernels).toBe('wasm-simd');
    expect(result.fve as number).toBeGreaterThan(0.8);
    expect(result.l0 as number).toBeLessThanOrEqual(4);
    expect(result.identical).toBe(true);
    expect(result.fileNames).toEqual(['sae_weights.safetensors', 'cfg.json', 'sparsity.safetensors']);
    await page.close();
  });
});
