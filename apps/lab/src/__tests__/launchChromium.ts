import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, the browser of the lab's end-to-end tests (CI installs it; `.ci/run`). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Throws unless {@link CHROMIUM} is installed: the end-to-end tests fail loudly instead of skipping. Call it first,
 * before the slow set-up.
 *
 * @example
 * ```ts
 * beforeAll(async () => {
 *   requireChromium();
 *   browser = await launchChromium();
 * });
 * ```
 */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: the lab's end-to-end tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it). Never use "playwright install".`);
  }
}

/**
 * Launches {@link CHROMIUM} headless, sandbox off, without background traffic (networking, component updates,
 * sync) or first-run pages, and with `--disable-gpu` unless `gpu` is true; `args` follow those flags and `timeout`
 * (ms) bounds the launch (Playwright's default when absent).
 *
 * @example
 * ```ts
 * const browser = await launchChromium(); // the wasm lab, no GPU
 * const webgpu = await launchChromium({ gpu: true, args: ['--enable-unsafe-webgpu'], timeout: 180_000 });
 * ```
 */
export function launchChromium(options: { gpu?: boolean; args?: readonly string[]; timeout?: number } = {}): Promise<Browser> {
  const args = [
    '--headless',
    '--no-sandbox',
    ...(options.gpu === true ? [] : ['--disable-gpu']),
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    ...(options.args ?? []),
  ];
  return chromium.launch({ executablePath: CHROMIUM, args, ...(options.timeout === undefined ? {} : { timeout: options.timeout }) });
}
