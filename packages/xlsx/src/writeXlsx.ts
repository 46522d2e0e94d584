import { deflateRawSync } from 'node:zlib';
import { writeFileAtomic } from '@interp/core/node';
import { buildXlsx } from './buildXlsx';
import type { BuildXlsxOptions, XlsxWorkbook } from './XlsxWorkbook';

/**
 * {@link buildXlsx} with `node:zlib`'s raw deflate, written to `path` atomically (temp file, fsync, rename):
 * a failed write leaves `path` as it was. Input errors are buildXlsx's (naming sheet, row and column); a write
 * error names the path.
 *
 * @example
 * ```ts
 * import { writeXlsx } from '@interp/xlsx/node';
 * await writeXlsx('out/summary.xlsx', { sheets: [{ name: 'Summary', rows: [['MSE', 0.01]] }] }, { date: new Date(0) });
 * ```
 */
export async function writeXlsx(path: string, workbook: XlsxWorkbook, options: Omit<BuildXlsxOptions, 'deflateRaw'> = {}): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('writeXlsx: path must be a non-empty string');
  const bytes = buildXlsx(workbook, { ...options, deflateRaw: (b) => deflateRawSync(b) });
  try {
    await writeFileAtomic(path, bytes);
  } catch (err) {
    throw new Error(`writeXlsx ${path}: ${(err as Error).message}`, { cause: err });
  }
}
