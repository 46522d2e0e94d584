/**
 * Columns an xlsx sheet can have (A to XFD).
 *
 * @example
 * ```ts
 * import { MAX_COLUMNS, toColumnName } from '@interp/xlsx';
 * toColumnName(MAX_COLUMNS - 1); // 'XFD', the last column
 * ```
 */
export const MAX_COLUMNS = 16384;
/**
 * Rows an xlsx sheet can have.
 *
 * @example
 * ```ts
 * import { MAX_ROWS } from '@interp/xlsx';
 * const fits = (rows: unknown[][]) => rows.length <= MAX_ROWS; // buildXlsx rejects longer sheets
 * ```
 */
export const MAX_ROWS = 1048576;

/**
 * The letters of a 0-based column index: 0 -> `A`, 25 -> `Z`, 26 -> `AA`, 16383 -> `XFD`.
 *
 * @example
 * ```ts
 * import { toColumnName } from '@interp/xlsx';
 * toColumnName(27); // 'AB'
 * ```
 */
export function toColumnName(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_COLUMNS) throw new RangeError(`toColumnName: index must be an integer in [0, ${MAX_COLUMNS - 1}], got ${index}`);
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
