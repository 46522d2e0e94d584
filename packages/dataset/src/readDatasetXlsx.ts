import { access } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { computeTarget, findRowProblem } from './computeLatents';
import { allocateSplit, setRow, type DatasetSplit } from './createSplit';
import { DatasetFileError, getColumnLetter } from './DatasetFileError';
import { getInputColumns, resolveTaskConfig, type TaskConfig } from './taskConfig';
import { tryReadDatasetXlsxFast } from './tryReadDatasetXlsxFast';

/**
 * Options of {@link readDatasetXlsx} and {@link streamDatasetXlsx}.
 *
 * @example
 * ```ts
 * import { readDatasetXlsx, type ReadDatasetXlsxOptions } from '@interp/dataset/node';
 * const options: ReadDatasetXlsxOptions = { sheet: 'Sheet1', onTargetMismatch: 'recompute' };
 * const split = await readDatasetXlsx('interp-out/mlp_train.xlsx', options);
 * ```
 */
export interface ReadDatasetXlsxOptions {
  /** Task shape expected in the file (default: the reference task). */
  config?: Partial<TaskConfig>;
  /** Worksheet to read (default: the first). */
  sheet?: string;
  /**
   * What to do when a row's `target` cell disagrees with `|c1[p1] - c2[p2]|`:
   * `'error'` (default) throws naming the cell, `'recompute'` uses the recomputed value.
   */
  onTargetMismatch?: 'error' | 'recompute';
}

/**
 * Options of {@link streamDatasetXlsx}.
 *
 * @example
 * ```ts
 * import { streamDatasetXlsx, type StreamDatasetXlsxOptions } from '@interp/dataset/node';
 * const options: StreamDatasetXlsxOptions = { batchRows: 1024 };
 * for await (const batch of streamDatasetXlsx('interp-out/mlp_train.xlsx', options)) console.log(batch.rows);
 * ```
 */
export interface StreamDatasetXlsxOptions extends ReadDatasetXlsxOptions {
  /** Rows per yielded batch (default 4096). */
  batchRows?: number;
}

/**
 * A batch of rows read from a dataset file: a split plus its first row's index.
 *
 * @example
 * ```ts
 * import { streamDatasetXlsx, type DatasetBatch } from '@interp/dataset/node';
 * for await (const batch of streamDatasetXlsx('interp-out/mlp_train.xlsx', { batchRows: 1000 })) {
 *   const b: DatasetBatch = batch;
 *   console.log(`rows ${b.rowStart}..${b.rowStart + b.rows - 1}`, b.targets[0]);
 * }
 * ```
 */
export interface DatasetBatch extends DatasetSplit {
  /** 0-based index of this batch's first data row in the file. */
  rowStart: number;
}

type CellValue = unknown;

function cellNumber(value: CellValue): number | undefined | 'empty' {
  if (value === null || value === undefined || value === '') return 'empty';
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && 'result' in value) {
    const result = (value as { result: unknown }).result;
    return typeof result === 'number' ? result : undefined;
  }
  return undefined;
}

function describeCell(value: CellValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value).slice(0, 60);
  return String(value);
}

/**
 * Streams a dataset xlsx file in batches with exceljs' streaming reader, so
 * files of millions of rows are read in bounded memory. Every cell is checked;
 * a bad one raises a {@link DatasetFileError} naming the file, sheet, row and column.
 *
 * @example
 * ```ts
 * for await (const batch of streamDatasetXlsx('mlp_train.xlsx', { batchRows: 1000 })) {
 *   console.log(batch.rowStart, batch.rows);
 * }
 * ```
 */
export async function* streamDatasetXlsx(
  path: string,
  options: StreamDatasetXlsxOptions = {},
): AsyncGenerator<DatasetBatch> {
  const cfg = resolveTaskConfig(options.config);
  const batchRows = options.batchRows ?? 4096;
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    throw new RangeError(`streamDatasetXlsx: batchRows must be a positive integer, got ${String(batchRows)}`);
  }
  try {
    await access(path);
  } catch {
    throw new DatasetFileError({ file: path }, 'file not found');
  }
  const expected = [...getInputColumns(cfg), 'target'];
  const width = expected.length - 1;
  // loaded here, not with the module: the files writeDatasetXlsx writes are read without it (tryReadDatasetXlsxFast),
  // and exceljs takes about 0.4 s to load
  const exceljs = (await import('exceljs')).default;
  let sheetFound = false;
  let rowStart = 0;
  /** The batches of the wanted sheet of `sheets` (sets sheetFound and rowStart). */
  async function* readSheets(sheets: AsyncIterable<WorksheetRows>): AsyncGenerator<DatasetBatch> {
    for await (const ws of sheets) {
      const sheetName = ws.name;
      if (options.sheet !== undefined && sheetName !== options.sheet) continue;
      if (sheetFound) break;
      sheetFound = true;
      let columnIndex: number[] | undefined;
      let batch = allocateSplit(batchRows, cfg);
      let n = 0;
      const values = new Array<number>(width);
      for await (const row of ws.rows) {
        const cells = row.values as CellValue[];
        if (!columnIndex) {
          columnIndex = mapHeader(cells, expected, { file: path, sheet: sheetName, row: row.number });
          continue;
        }
        let target = 0;
        for (let c = 0; c <= width; c++) {
          const col = columnIndex[c] as number;
          const v = cellNumber(cells[col]);
          const where = {
            file: path,
            sheet: sheetName,
            row: row.number,
            column: expected[c] as string,
            columnLetter: getColumnLetter(col - 1),
          };
          if (v === 'empty') throw new DatasetFileError(where, 'cell is empty');
          if (v === undefined) throw new DatasetFileError(where, `cell is not a number (${describeCell(cells[col])})`);
          if (!Number.isFinite(v)) throw new DatasetFileError(where, `cell is not a finite number (${v})`);
          if (c < width) values[c] = v;
          else target = v;
        }
        const problem = findRowProblem(values, cfg);
        if (problem) {
          const col = columnIndex[problem.column] as number;
          throw new DatasetFileError(
            {
              file: path,
              sheet: sheetName,
              row: row.number,
              column: expected[problem.column] as string,
              columnLetter: getColumnLetter(col - 1),
            },
            problem.message,
          );
        }
        const computed = computeTarget(values, cfg);
        if (computed !== target && options.onTargetMismatch !== 'recompute') {
          const col = columnIndex[width] as number;
          throw new DatasetFileError(
            { file: path, sheet: sheetName, row: row.number, column: 'target', columnLetter: getColumnLetter(col - 1) },
            `target ${target} does not match |c1[p1] - c2[p2]| = ${computed} (pass onTargetMismatch: 'recompute' to use the recomputed value)`,
          );
        }
        setRow(batch, n++, values);
        if (n === batchRows) {
          yield { ...batch, rowStart };
          rowStart += n;
          batch = allocateSplit(batchRows, cfg);
          n = 0;
        }
      }
      if (!columnIndex) {
        throw new DatasetFileError({ file: path, sheet: sheetName, row: 1 }, 'sheet is empty: no header row');
      }
      if (n > 0) {
        yield { ...truncateSplit(batch, n), rowStart };
        rowStart += n;
      }
    }
  }
  const unreadable = (error: unknown): Error =>
    error instanceof DatasetFileError || error instanceof RangeError
      ? error
      : new DatasetFileError({ file: path }, `not a readable xlsx file (${(error as Error).message})`);
  let yielded = false;
  try {
    for await (const batch of readSheets(streamWorksheets(exceljs, path))) {
      yielded = true;
      yield batch;
    }
  } catch (error) {
    if (yielded || error instanceof DatasetFileError || error instanceof RangeError) throw unreadable(error);
    // exceljs' streaming reader now and then misses a zip entry of a file it reads whole (under load, seen in CI:
    // "Cannot read properties of undefined (reading 'sheets')" with the workbook entry not yet read); nothing was
    // emitted, so the whole file is read instead
    sheetFound = false;
    rowStart = 0;
    try {
      yield* readSheets(readWholeWorksheets(exceljs, path));
    } catch (retryError) {
      throw unreadable(retryError);
    }
  }
  if (!sheetFound) {
    throw new DatasetFileError(
      { file: path, ...(options.sheet !== undefined ? { sheet: options.sheet } : {}) },
      options.sheet !== undefined ? 'sheet not found' : 'workbook has no worksheet',
    );
  }
}

/** A worksheet's name and rows, from either of exceljs' readers. */
interface WorksheetRows {
  name: string;
  rows: AsyncIterable<ExcelJS.Row> | Iterable<ExcelJS.Row>;
}

/** The worksheets of `path` through exceljs' streaming reader (rows read as they are iterated). */
async function* streamWorksheets(exceljs: typeof ExcelJS, path: string): AsyncGenerator<WorksheetRows> {
  const reader = new exceljs.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  for await (const worksheet of reader) {
    const ws = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name?: string; id?: number };
    yield { name: ws.name ?? `sheet${ws.id ?? 1}`, rows: ws };
  }
}

/** The worksheets of `path` read whole by exceljs (the fallback of {@link streamWorksheets}). */
async function* readWholeWorksheets(exceljs: typeof ExcelJS, path: string): AsyncGenerator<WorksheetRows> {
  const workbook = new exceljs.Workbook();
  await workbook.xlsx.readFile(path);
  for (const ws of workbook.worksheets) {
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((row) => rows.push(row));
    yield { name: ws.name, rows };
  }
}

function mapHeader(
  cells: CellValue[],
  expected: string[],
  where: { file: string; sheet: string; row: number },
): number[] {
  const found = new Map<string, number>();
  cells.forEach((v, i) => {
    if (typeof v === 'string' && v.trim() !== '') found.set(v.trim(), i);
  });
  const missing = expected.filter((name) => !found.has(name));
  if (missing.length > 0) {
    const names = [...found.keys()];
    throw new DatasetFileError(
      { ...where, column: missing[0] as string },
      `header is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${names.join(', ') || 'nothing'}; expected: ${expected.join(', ')})`,
    );
  }
  return expected.map((name) => found.get(name) as number);
}

function truncateSplit(split: DatasetSplit, rows: number): DatasetSplit {
  const w = split.numInputs;
  const l = split.latents;
  return {
    ...split,
    rows,
    inputs: split.inputs.slice(0, rows * w),
    targets: split.targets.slice(0, rows),
    latents: {
      p1: l.p1.slice(0, rows),
      p2: l.p2.slice(0, rows),
      a: l.a.slice(0, rows),
      b: l.b.slice(0, rows),
      diff: l.diff.slice(0, rows),
      target: l.target.slice(0, rows),
    },
  };
}

/**
 * Reads a whole dataset xlsx file (as written by {@link writeDatasetXlsx} or
 * pandas) into a {@link DatasetSplit}: rows, a `Float32Array` matrix, targets and
 * latents; {@link toTensors} turns it into tfjs tensors. A file of the layout
 * {@link writeDatasetXlsx} writes is parsed from its zip entries without exceljs;
 * any other file, or one with a bad cell, goes through exceljs' streaming reader.
 *
 * @example
 * ```ts
 * import { readDatasetXlsx } from '@interp/dataset/node';
 * const train = await readDatasetXlsx('out/mlp_train.xlsx');
 * train.rows; // 8000
 * ```
 * @throws DatasetFileError naming the file, sheet, row and column of a bad cell.
 */
export async function readDatasetXlsx(path: string, options: ReadDatasetXlsxOptions = {}): Promise<DatasetSplit> {
  // A file as writeDatasetXlsx writes it is read from its zip entries directly (same numbers, 10x less time);
  // anything else, including every file with a bad cell, goes through exceljs and its errors.
  const fast = await tryReadDatasetXlsxFast(path, options);
  if (fast) return fast;
  const batches: DatasetBatch[] = [];
  for await (const b of streamDatasetXlsx(path, { ...options, batchRows: 65536 })) batches.push(b);
  const cfg = resolveTaskConfig(options.config);
  const total = batches.reduce((s, b) => s + b.rows, 0);
  const out = allocateSplit(total, cfg);
  for (const b of batches) {
    out.inputs.set(b.inputs, b.rowStart * out.numInputs);
    out.targets.set(b.targets, b.rowStart);
    for (const key of ['p1', 'p2', 'a', 'b', 'diff', 'target'] as const) out.latents[key].set(b.latents[key], b.rowStart);
  }
  return out;
}
