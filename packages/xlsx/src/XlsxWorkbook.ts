/**
 * A cell value: text, a finite number, or `null`/`undefined` for an empty cell.
 *
 * @example
 * ```ts
 * import type { XlsxCell } from '@interp/xlsx';
 * const row: XlsxCell[] = ['Weight', 0.125, null];
 * ```
 */
export type XlsxCell = string | number | null | undefined;

/**
 * One entry of a workbook's style table: what a cell referring to it by index looks like.
 *
 * @example
 * ```ts
 * import type { XlsxStyle } from '@interp/xlsx';
 * const header: XlsxStyle = { bold: true, horizontal: 'center', vertical: 'center', borderBottom: 'thin' };
 * const weight: XlsxStyle = { horizontal: 'center', numFmt: '0.0000' };
 * ```
 */
export interface XlsxStyle {
  bold?: boolean;
  horizontal?: 'general' | 'left' | 'center' | 'right' | 'fill' | 'justify' | 'centerContinuous' | 'distributed';
  /** `center` is what exceljs calls `middle`. */
  vertical?: 'top' | 'center' | 'bottom' | 'justify' | 'distributed';
  borderBottom?: 'thin' | 'medium' | 'thick' | 'dashed' | 'dotted' | 'double' | 'hair';
  /** A number format code such as `0.0000` or `0.00%` (`General` is the default). */
  numFmt?: string;
}

/**
 * One worksheet: a name and rows of cells from row 1 and column A, with optional per-cell style ids, column
 * widths and a frozen first row.
 *
 * @example
 * ```ts
 * import type { XlsxSheet } from '@interp/xlsx';
 * const sheet: XlsxSheet = {
 *   name: 'Weights',
 *   rows: [['Neuron', 'Weight'], [3, 0.125]],
 *   cellStyles: [[0, 0], [undefined, 1]],
 *   columnWidths: [10, 12],
 *   freezeFirstRow: true,
 * };
 * ```
 */
export interface XlsxSheet {
  /** 1 to 31 characters, none of `[ ] : * ? / \`, not starting or ending with `'`, unique (case-insensitive) in the workbook. */
  name: string;
  rows: ReadonlyArray<ReadonlyArray<XlsxCell>>;
  /** Style per cell, parallel to `rows`: an index into the workbook's `styles`, or `null`/`undefined` for the default. */
  cellStyles?: ReadonlyArray<ReadonlyArray<number | null | undefined> | null | undefined>;
  /** Width per column (A first) in characters, 0-255; `null`/`undefined` keeps the default. */
  columnWidths?: ReadonlyArray<number | null | undefined>;
  /** Keep row 1 in view when scrolling (a frozen pane below it). */
  freezeFirstRow?: boolean;
}

/**
 * What {@link buildXlsx} writes: sheets in order, and the style table their `cellStyles` refer to.
 *
 * @example
 * ```ts
 * import type { XlsxWorkbook } from '@interp/xlsx';
 * const workbook: XlsxWorkbook = {
 *   styles: [{ bold: true }],
 *   sheets: [{ name: 'Summary', rows: [['Measure', 'Value'], ['MSE', 0.01]], cellStyles: [[0, 0]] }],
 * };
 * ```
 */
export interface XlsxWorkbook {
  sheets: readonly XlsxSheet[];
  styles?: readonly XlsxStyle[];
}

/**
 * Options of {@link buildXlsx}.
 *
 * @example
 * ```ts
 * import { deflateRawSync } from 'node:zlib';
 * import type { BuildXlsxOptions } from '@interp/xlsx';
 * const options: BuildXlsxOptions = { deflateRaw: (b) => deflateRawSync(b), date: new Date(0), creator: 'me' };
 * ```
 */
export interface BuildXlsxOptions {
  /** Raw deflate for the zip members (synchronous; `node:zlib`'s `deflateRawSync` in Node); stored without it. */
  deflateRaw?: (data: Uint8Array) => Uint8Array;
  /** The workbook's created and modified time, and its zip entries' date; default now. */
  date?: Date;
  /** The workbook's author (`dc:creator`); none by default. */
  creator?: string;
}
