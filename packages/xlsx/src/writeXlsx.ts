import { deflateRaw } from 'node:zlib';
import { promisify } from 'node:util';
import { writeFileAtomic } from '@interp/core/node';
import { buildXlsxAsync } from './buildXlsx';
import type { BuildXlsxOptions, XlsxWorkbook } from './XlsxWorkbook';

const deflateRawAsync: (data: Uint8Array) => Promise<Uint8Array> = promisify(deflateRaw);

/**
 * {@link buildXlsx} with `node:zlib`'s raw deflate (asynchronous: the entries are compressed on zlib's thread pool
 * while this thread goes on, e.g. rendering other files; the same bytes), written to `path` atomically (temp file, fsync, rename):
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
  const bytes = await buildXlsxAsync(workbook, { ...options, deflateRaw: deflateRawAsync });
  try {
    await writeFileAtomic(path, bytes);
  } catch (err) {
    throw new Error(`writeXlsx ${path}: ${(err as Error).message}`, { cause: err });
  }
}
