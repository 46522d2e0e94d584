import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ReportData } from './ReportData';
import { renderReports } from './renderReports';

/**
 * Renders the five reports and writes them into `dir` (created if missing),
 * atomically: every page is first written to a temporary file, and only when
 * all five are written are they renamed into place, so a crash never leaves a
 * half-written report. Returns the absolute paths keyed by file name.
 *
 * @example
 * ```ts
 * import { createFixtureRun } from '@interp/viz';
 * import { writeReports } from '@interp/viz/node';
 * const paths = await writeReports('interp-out', createFixtureRun({ features: 2048 }));
 * paths['features.html']; // '/abs/path/interp-out/features.html'
 * ```
 * @throws Error naming the file that could not be written.
 */
export async function writeReports(dir: string, data: ReportData): Promise<Record<string, string>> {
  const pages = renderReports(data);
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const temps: string[] = [];
  const paths: Record<string, string> = {};
  try {
    for (const [name, html] of Object.entries(pages)) {
      const tmp = join(root, `.${name}.${stamp}.tmp`);
      temps.push(tmp);
      try {
        await writeFile(tmp, html, 'utf8');
      } catch (error) {
        throw new Error(`writeReports: cannot write ${join(root, name)}: ${(error as Error).message}`, { cause: error });
      }
    }
    for (const [name] of Object.entries(pages)) {
      const target = join(root, name);
      await rename(join(root, `.${name}.${stamp}.tmp`), target);
      paths[name] = target;
    }
    return paths;
  } finally {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
  }
}
