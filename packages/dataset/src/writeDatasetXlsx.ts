import { promisify } from 'node:util';
import { deflateRaw, type ZlibOptions } from 'node:zlib';
import { writeFileAtomic } from '@interp/core/node';
import { checkSheetNames } from '@interp/xlsx';
import { buildDatasetXlsx, checkDatasetRow } from './buildDatasetXlsx';
import { computeTarget } from './computeLatents';
import type { DatasetSplit } from './createSplit';
import { getInputColumns, resolveTaskConfig, type TaskConfig } from './taskConfig';

/**
 * Options of {@link writeDatasetXlsx}.
 *
 * @example
 * ```ts
 * import { writeDatasetXlsx, type WriteDatasetXlsxOptions } from '@interp/dataset/node';
 * const options: WriteDatasetXlsxOptions = { sheetName: 'rows', config: { columnLength: 2 } };
 * await writeDatasetXlsx('out/short.xlsx', [[3, 7, 1, 2, 5, 0]], options);
 * ```
 */
export interface WriteDatasetXlsxOptions {
  /** Worksheet name (default `Sheet1`, as pandas writes). */
  sheetName?: string;
  /** Task shape when writing plain rows (a split carries its own). */
  config?: Partial<TaskConfig>;
}

type RowSource = DatasetSplit | Iterable<ArrayLike<number>> | AsyncIterable<ArrayLike<number>>;

function isSplit(source: RowSource): source is DatasetSplit {
  return (source as DatasetSplit).inputs instanceof Float32Array && typeof (source as DatasetSplit).rows === 'number';
}

async function* iterateRows(source: RowSource): AsyncIterable<ArrayLike<number>> {
  if (isSplit(source)) {
    for (let r = 0; r < source.rows; r++) {
      yield source.inputs.subarray(r * source.numInputs, (r + 1) * source.numInputs);
    }
  } else {
    yield* source as AsyncIterable<ArrayLike<number>>;
  }
}

/**
 * exceljs' streaming writer pipes rows into the zip compressor without
 * back-pressure, so a fast producer buffers the whole uncompressed sheet.
 * Wait while the compressor's input buffer is over 4 MB.
 */
async function waitForDrain(sheet: unknown): Promise<void> {
  type Pending = { writableLength?: number; _writableState?: { length?: number } };
  const dest = (sheet as { stream?: { pipes?: Pending[] } }).stream?.pipes?.[0];
  const pending = (): number => dest?.writableLength ?? dest?._writableState?.length ?? 0;
  while (pending() > 4 * 2 ** 20) await new Promise<void>((resolve) => setTimeout(resolve, 1));
}

/** `SOURCE_DATE_EPOCH` (seconds, decimal digits) as a Date when set: reproducible builds stamp that instant. */
function readSourceDate(): Date | undefined {
  const raw = process.env.SOURCE_DATE_EPOCH;
  return raw !== undefined && /^[0-9]+$/.test(raw) ? new Date(Number(raw) * 1000) : undefined;
}

const deflateRawAsync = promisify<Uint8Array, ZlibOptions, Buffer>(deflateRaw);

/** Largest split (cells, header and target included) written in memory; a larger one streams through exceljs. */
const MAX_IN_MEMORY_CELLS = 1_000_000;

/**
 * Writes rows to an xlsx file: one sheet, a header row `c1_0 ... p2, target`,
 * numeric cells. A split in memory (up to 1,000,000 cells, about 90,000 rows) is written directly
 * ({@link buildDatasetXlsx}: the sheet's XML, deflated on Node's zlib thread
 * pool; 66 ms for 8000 rows against 198 ms through exceljs in `bench/xlsx.mjs`,
 * and exceljs, about 0.4 s to load, is not loaded); rows from an iterable, or a larger split, go
 * through exceljs' streaming writer, whose memory stays bounded for any number
 * of rows. Both give the same cells. The write is atomic: the file appears
 * complete or not at all.
 *
 * @example
 * ```ts
 * import { generateDataset } from '@interp/dataset';
 * import { writeDatasetXlsx } from '@interp/dataset/node';
 * await writeDatasetXlsx('out/mlp_train.xlsx', generateDataset({ rows: 8000, seed: 1 }));
 * ```
 * @returns the number of data rows written.
 */
export async function writeDatasetXlsx(
  path: string,
  source: RowSource,
  options: WriteDatasetXlsxOptions = {},
): Promise<number> {
  const cfg = isSplit(source) ? source.config : resolveTaskConfig(options.config);
  const columns = [...getInputColumns(cfg), 'target'];
  if (options.sheetName !== undefined) {
    try {
      checkSheetNames([options.sheetName]);
    } catch (e) {
      throw new RangeError(`writeDatasetXlsx ${path}: options.sheetName ${(e as Error).message.replace(/^buildXlsx: sheet 1 name /, '')}`);
    }
  }
  if (isSplit(source) && source.rows * columns.length <= MAX_IN_MEMORY_CELLS) {
    const date = readSourceDate();
    const bytes = await buildDatasetXlsx(source, {
      source: path,
      // level 1: a quarter of the default level's time (about 10 against 40 ms for 8000 rows), files 17% larger
      // (still smaller than exceljs wrote them)
      deflateRaw: (data: Uint8Array) => deflateRawAsync(data, { level: 1 }),
      ...(options.sheetName === undefined ? {} : { sheetName: options.sheetName }),
      ...(date ? { date } : {}),
    });
    await writeFileAtomic(path, bytes);
    return source.rows;
  }
  const ExcelJS = (await import('exceljs')).default;
  let count = 0;
  // writeFileAtomic owns the temp file: on a failure it closes it before removing it.
  await writeFileAtomic(path, async (file) => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: file,
      useSharedStrings: false,
      useStyles: false,
    });
    workbook.creator = '@interp/dataset';
    const date = readSourceDate();
    if (date) {
      workbook.created = date;
      workbook.modified = date;
    }
    const sheet = workbook.addWorksheet(options.sheetName ?? 'Sheet1');
    sheet.addRow(columns).commit();
    for await (const row of iterateRows(source)) {
      checkDatasetRow(row, cfg, columns, path, count);
      const values = Array.from(row);
      values.push(computeTarget(row, cfg));
      sheet.addRow(values).commit();
      count++;
      if (count % 1024 === 0) await waitForDrain(sheet);
    }
    sheet.commit();
    await workbook.commit();
  });
  return count;
}
