import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePageScript, collectPageErrors, launchChromium } from './__tests__/browserFixtures';

// The threaded trainer in a real browser: a page served from localhost with COOP/COEP headers is
// cross-origin isolated, so trainSae runs its step on Web Workers over a shared WebAssembly memory;
// the same page without the headers falls back to one thread and says why.
const here = dirname(fileURLToPath(import.meta.url));

const pageScript = `
import { selectBackend } from '@interp/backend';
import { trainSae, evaluateSae } from ${JSON.stringify(join(here, 'index.ts'))};
import { makeBrowserTestInput } from ${JSON.stringify(join(here, '__tests__', 'testData.ts'))};

export async function run(threadCounts) {
  await selectBackend({ backend: 'cpu' });
  const { data, rows, width } = makeBrowserTestInput();
  const out = [];
  for (const threads of threadCounts) {
    const { sae, history } = await trainSae({ data, rows, width }, { dSae: 48, architecture: { type: 'topk', k: 4 }, epochs: 15, batchSize: 64, seed: 1, threads, adaptThreads: false });
    const metrics = await evaluateSae(sae, { data, rows, width });
    const w = sae.getWeights();
    out.push({ threads: history.threads, note: history.threadsNote ?? null, fve: metrics.fve, wEnc: Array.from(w.W_enc), wDec: Array.from(w.W_dec) });
    sae.dispose();
  }
  return { isolated: globalThis.crossOriginIsolated === true, runs: out };
}
`;

let browser: Browser;
let server: Server;
let base = '';
let bundleText = '';

beforeAll(async () => {
  browser = await launchChromium();
  bundleText = await bundlePageScript(pageScript, 'saeThreadsTest');
  server = createServer((req, res) => {
    const isolated = req.url?.startsWith('/isolated/') ?? false;
    const headers: Record<string, string> = isolated
      ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
      : {};
    if (req.url?.endsWith('/bundle.js')) {
      res.writeHead(200, { 'Content-Type': 'text/javascript', ...headers });
      res.end(bundleText);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html', ...headers });
    res.end('<!doctype html><html><body><script src="bundle.js"></script></body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

type Result = { isolated: boolean; runs: { threads: number; note: string | null; fve: number; wEnc: number[]; wDec: number[] }[] };

async function runPage(path: string, threadCounts: number[]): Promise<{ result: Result; errors: string[] }> {
  const page = await browser.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${base}${path}`);
  const result = await page.evaluate(
    (counts) => (globalThis as unknown as { saeThreadsTest: { run(c: number[]): Promise<Result> } }).saeThreadsTest.run(counts),
    threadCounts,
  );
  await page.close();
  return { result, errors };
}

describe('@interp/sae threads in a browser', () => {
  it('trains on Web Workers when the page is cross-origin isolated, with the same weights for 2 and 3 threads', async () => {
    const { result, errors } = await runPage('/isolated/', [2, 3]);
    expect(errors).toEqual([]);
    expect(result.isolated).toBe(true);
    const [two, three] = result.runs;
    expect([two!.threads, three!.threads]).toEqual([2, 3]);
    expect(two!.note).toBeNull();
    expect(two!.fve).toBeGreaterThan(0.5);
    expect(three!.wEnc).toEqual(two!.wEnc);
    expect(three!.wDec).toEqual(two!.wDec);
  }, 180_000);

  it('falls back to one thread, saying why, when the page is not cross-origin isolated', async () => {
    const { result, errors } = await runPage('/plain/', [2]);
    expect(errors).toEqual([]);
    expect(result.isolated).toBe(false);
    expect(result.runs[0]!.threads).toBe(1);
    expect(result.runs[0]!.note).toMatch(/not cross-origin isolated/);
    expect(result.runs[0]!.fve).toBeGreaterThan(0.5);
  }, 180_000);
});
