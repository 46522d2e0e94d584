import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePageScript, collectPageErrors, launchChromium } from './__tests__/browserFixtures';

// The package's browser promise, checked in a real browser: this file's page script imports the
// package's browser entry (src/index.ts, bundled by esbuild for the browser platform, no Node
// built-ins), trains an SAE, serialises it in memory and reads it back.
const here = dirname(fileURLToPath(import.meta.url));

const pageScript = `
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { trainSae, evaluateSae, serializeSae, deserializeSae } from ${JSON.stringify(join(here, 'index.ts'))};
import { makeBrowserTestInput } from ${JSON.stringify(join(here, '__tests__', 'testData.ts'))};

export async function run() {
  const backend = await selectBackend({ backend: 'cpu' });
  // sparse combinations of 24 directions: a dictionary an SAE can find
  const { data, rows, width } = makeBrowserTestInput();
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
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('@interp/sae in a browser', () => {
  it('trains, evaluates and round-trips an SAE in headless Chromium with no console errors', async () => {
    const bundle = await bundlePageScript(pageScript, 'saeBrowserTest');
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundle });
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
