import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureRun } from './createFixtureRun';
import type { ReportData } from './ReportData';
import { writeReports } from './node';

// Hostile records: strings where numbers belong, markup in every name, a javascript: link. The reports
// are opened in headless Chromium; no script of the data may run (window.__xss stays unset, no dialog).
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const payload = (n: number) => `<img src=x onerror="window.__xss=${n}"><script>window.__xss=${n}</script><svg onload="window.__xss=${n}">`;

function hostileRun(): ReportData {
  const data = createFixtureRun({ features: 48, seed: 3 });
  const anyData = data as unknown as {
    run: Record<string, unknown> & { sae: Record<string, unknown>; probe: Record<string, unknown>; files: Array<Record<string, unknown>>; timings: Array<Record<string, unknown>> };
    features: Array<Record<string, unknown>>;
    trace: { positions: Array<Record<string, unknown>>; heatmap: { columns: Array<Record<string, unknown>>; rows: Array<Record<string, unknown>> } };
  };
  anyData.run.title = payload(1);
  anyData.run.backend = payload(2);
  anyData.run.createdAt = payload(3);
  anyData.run.seed = payload(4);
  anyData.run.threads = payload(5);
  anyData.run.sae.architecture = payload(6);
  anyData.run.sae.features = payload(7);
  anyData.run.probe.scoredCount = payload(8);
  anyData.run.files.push({ name: payload(9), path: 'javascript:window.__xss=10' });
  anyData.run.timings.push({ step: payload(11), seconds: 1 });
  for (const f of anyData.features.slice(0, 6)) {
    f.id = payload(12);
    f.label = payload(13);
    f.bestConcept = payload(14);
  }
  const position = anyData.trace.positions[0];
  if (position) position.name = payload(15);
  const column = anyData.trace.heatmap.columns[0];
  if (column) column.label = payload(16);
  const row = anyData.trace.heatmap.rows[0];
  if (row) row.name = payload(17);
  return data;
}

let browser: Browser;
let dir: string;
let paths: Record<string, string>;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: the browser tests need Debian's chromium`);
  dir = await mkdtemp(join(tmpdir(), 'interp-xss-'));
  paths = await writeReports(dir, hostileRun());
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('reports with hostile records', () => {
  it('run no script from the data, on load, on hover and on clicking every link', async () => {
    expect(Object.keys(paths).length).toBeGreaterThanOrEqual(5);
    for (const [name, path] of Object.entries(paths)) {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
      await page.waitForTimeout(300);
      for (const el of (await page.$$('[data-tip]')).slice(0, 6)) await el.hover({ force: true, timeout: 1000 }).catch(() => undefined);
      for (const link of await page.$$('a[href^="javascript:" i]')) await link.click({ timeout: 1000 }).catch(() => undefined);
      expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), name).toBeUndefined();
      expect(dialogs, name).toEqual([]);
      // Every page carries a CSP that forbids inline handlers and remote loads.
      const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.getAttribute('content'));
      expect(csp, name).toContain("default-src 'none'");
      expect(csp, name).toMatch(/script-src( 'sha256-[A-Za-z0-9+/=]+')+;/);
      expect(csp?.match(/script-src[^;]*/)?.[0], name).not.toContain('unsafe');
      await page.close();
    }
  }, 300_000);

  it('show a javascript: file entry as text, not as a link', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(paths['index.html'] as string).href, { waitUntil: 'load' });
    expect(await page.$$('a[href^="javascript:" i]')).toHaveLength(0);
    expect(await page.textContent('body')).toContain('javascript:window.__xss=10');
    await page.close();
  }, 60_000);

  it('a page whose inline script was tampered with does not run it (the CSP hash no longer matches)', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    const { readFile, writeFile } = await import('node:fs/promises');
    const tampered = join(dir, 'tampered.html');
    const html = await readFile(paths['index.html'] as string, 'utf8');
    await writeFile(tampered, html.replace('</main>', '</main><script>window.__xss = 99;</script><img src=x onerror="window.__xss=98">'));
    await page.goto(pathToFileURL(tampered).href, { waitUntil: 'load' });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(violations.join('\n')).toContain('Content Security Policy');
    await page.close();
  }, 60_000);
});
