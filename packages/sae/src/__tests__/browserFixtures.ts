// Shared fixtures of the browser tests (browser.test.ts, browserThreads.test.ts): headless Chromium, the page
// script's bundle and the page's errors.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

const chromiumPath = '/usr/bin/chromium';
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Debian's Chromium (`/usr/bin/chromium`), headless, with the flags of the package's browser tests (no sandbox, no
 * GPU, no background networking, component updates, sync or first-run setup). Throws, saying how to install it,
 * when it is missing.
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * ```
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * `pageScript` (TypeScript, resolving imports from the package's folder) bundled by esbuild for the browser as one
 * script that puts its exports on `globalThis[globalName]`.
 *
 * @example
 * ```ts
 * await page.addScriptTag({ content: await bundlePageScript('export const answer = 42;', 'myTest') });
 * ```
 */
export async function bundlePageScript(pageScript: string, globalName: string): Promise<string> {
  const bundle = await build({
    stdin: { contents: pageScript, resolveDir: packageDir, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName,
    write: false,
    logLevel: 'silent',
  });
  return bundle.outputFiles[0]!.text;
}

/**
 * The errors `page` reports from now on (console errors and uncaught exceptions), collected as they come.
 *
 * @example
 * ```ts
 * const errors = collectPageErrors(page);
 * await page.goto(url);
 * expect(errors).toEqual([]);
 * ```
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}
