/**
 * Node-only entry point (file I/O) of `@interp/viz`.
 *
 * @module @interp/viz/node
 */
import { writeFilesAtomic } from '@interp/core/node';
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
  const paths: Record<string, string> = {};
  for (const name of Object.keys(pages)) paths[name] = join(root, name);
  try {
    await writeFilesAtomic(Object.entries(pages).map(([name, html]) => [join(root, name), html] as const));
  } catch (error) {
    throw new Error(`writeReports: ${(error as Error).message}`, { cause: error });
  }
  return paths;
}
