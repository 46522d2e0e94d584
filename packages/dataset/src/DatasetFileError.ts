/**
 * Where in a dataset file a problem sits.
 *
 * @example
 * ```ts
 * import { DatasetFileError, readDatasetXlsx, type DatasetFileLocation } from '@interp/dataset/node';
 * try {
 *   await readDatasetXlsx('mlp_train.xlsx');
 * } catch (e) {
 *   if (!(e instanceof DatasetFileError)) throw e;
 *   const where: DatasetFileLocation = e.location; // e.g. { file, sheet: 'Sheet1', row: 5, column: 'p1', columnLetter: 'E' }
 * }
 * ```
 */
export interface DatasetFileLocation {
  /** Path of the file. */
  file: string;
  /** Worksheet name, when the problem is inside a sheet. */
  sheet?: string;
  /** 1-based spreadsheet row number (row 1 is the header). */
  row?: number;
  /** Column name (for example `p1`), when known. */
  column?: string;
  /** Spreadsheet column letter (for example `E`), when known. */
  columnLetter?: string;
}

/**
 * An error in a dataset file that names the file, sheet, row and column at fault.
 *
 * @example
 * ```ts
 * try { await readDatasetXlsx('mlp_train.xlsx'); }
 * catch (e) { if (e instanceof DatasetFileError) console.error(e.location.row, e.location.column); }
 * ```
 */
export class DatasetFileError extends Error {
  /** Where the problem is. */
  readonly location: DatasetFileLocation;

  constructor(location: DatasetFileLocation, problem: string) {
    super(`${formatLocation(location)}: ${problem}`);
    this.name = 'DatasetFileError';
    this.location = location;
  }
}

function formatLocation(loc: DatasetFileLocation): string {
  const parts = [loc.file];
  if (loc.sheet !== undefined) parts.push(`sheet "${loc.sheet}"`);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.column !== undefined) {
    parts.push(`column ${loc.column}${loc.columnLetter ? ` (${loc.columnLetter})` : ''}`);
  } else if (loc.columnLetter !== undefined) {
    parts.push(`column ${loc.columnLetter}`);
  }
  return parts.join(', ');
}

/**
 * Spreadsheet letter of a 0-based column index: 0 -> A, 26 -> AA.
 *
 * @example
 * ```ts
 * import { getColumnLetter } from '@interp/dataset/node';
 * getColumnLetter(0);  // 'A'
 * getColumnLetter(4);  // 'E'
 * getColumnLetter(26); // 'AA'
 * ```
 */
export function getColumnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
