import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSplit } from './createSplit';
import { generateDataset } from './generateDataset';
import { DatasetFileError, readDatasetXlsx, streamDatasetXlsx, writeDatasetXlsx } from './node';
import { tryReadDatasetXlsxFast } from './tryReadDatasetXlsxFast';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'interp-dataset-fast-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const header = ['c1_0', 'c1_1', 'c1_2', 'c1_3', 'p1', 'c2_0', 'c2_1', 'c2_2', 'c2_3', 'p2', 'target'];

/** The whole file through exceljs' streaming reader (the path readDatasetXlsx took before the fast reader). */
async function readWithExceljs(path: string, options: Parameters<typeof streamDatasetXlsx>[1] = {}): Promise<DatasetSplit[]> {
  const batches: DatasetSplit[] = [];
  for await (const b of streamDatasetXlsx(path, { ...options, batchRows: 1 << 20 })) batches.push(b);
  return batches;
}

function expectSameRows(a: DatasetSplit, b: DatasetSplit): void {
  expect(a.rows).toBe(b.rows);
  expect(a.numInputs).toBe(b.numInputs);
  expect(a.columns).toEqual(b.columns);
  expect(Array.from(a.inputs)).toEqual(Array.from(b.inputs));
  expect(Array.from(a.targets)).toEqual(Array.from(b.targets));
  for (const key of ['p1', 'p2', 'a', 'b', 'diff', 'target'] as const) expect(Array.from(a.latents[key])).toEqual(Array.from(b.latents[key]));
}

/** Rows in the layout writeDatasetXlsx writes (exceljs' streaming writer, no shared strings, no styles), cells as given. */
async function writeOwnLayout(name: string, rows: unknown[][]): Promise<string> {
  const path = join(dir, name);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('Sheet1');
  for (const r of rows) sheet.addRow(r).commit();
  sheet.commit();
  await workbook.commit();
  return path;
}

describe('tryReadDatasetXlsxFast', () => {
  it('reads what writeDatasetXlsx wrote: the same rows, targets and latents as exceljs gives (5000 rows, more than its first buffer)', async () => {
    const path = join(dir, 'train.xlsx');
    await writeDatasetXlsx(path, generateDataset({ rows: 5000, seed: 11 }));
    const fast = await tryReadDatasetXlsxFast(path);
    expect(fast).toBeDefined();
    const [slow] = await readWithExceljs(path);
    expectSameRows(fast as DatasetSplit, slow as DatasetSplit);
    expectSameRows(await readDatasetXlsx(path), slow as DatasetSplit);
  });

  it('follows the task shape of options.config', async () => {
    const config = { columnLength: 3, digitMax: 5 };
    const path = join(dir, 'short.xlsx');
    await writeDatasetXlsx(path, generateDataset({ rows: 300, seed: 2, ...config }));
    const fast = await tryReadDatasetXlsxFast(path, { config });
    expect(fast?.numInputs).toBe(8);
    const [slow] = await readWithExceljs(path, { config });
    expectSameRows(fast as DatasetSplit, slow as DatasetSplit);
    // The reference shape does not fit these rows: the fast reader leaves the file to exceljs and its error.
    expect(await tryReadDatasetXlsxFast(path)).toBeUndefined();
    await expect(readDatasetXlsx(path)).rejects.toThrow(DatasetFileError);
  });

  it('leaves another layout to exceljs: a non-streaming exceljs workbook (shared strings) reads the same through readDatasetXlsx', async () => {
    const split = generateDataset({ rows: 40, seed: 4 });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(header);
    for (let r = 0; r < split.rows; r++) ws.addRow([...split.inputs.subarray(r * 10, r * 10 + 10), split.targets[r]]);
    const path = join(dir, 'other.xlsx');
    await wb.xlsx.writeFile(path);
    expect(await tryReadDatasetXlsxFast(path)).toBeUndefined();
    expectSameRows(await readDatasetXlsx(path), split);
  });

  it('refuses a bad cell in its own layout, and readDatasetXlsx still names the file, row and column', async () => {
    const ok = [8, 0, 6, 2, 3, 0, 2, 9, 0, 2, 7];
    const cases: Array<{ name: string; row: unknown[]; message: RegExp }> = [
      { name: 'pointer', row: [8, 0, 6, 2, 7, 0, 2, 9, 0, 2, 7], message: /row 3.*column p1 \(E\).*pointer must be an integer in \[0, 3\], got 7/ },
      { name: 'text', row: [8, 0, 'six', 2, 3, 0, 2, 9, 0, 2, 7], message: /row 3.*column c1_2 \(C\).*not a number \("six"\)/ },
      { name: 'fraction', row: [8, 0, 6.5, 2, 3, 0, 2, 9, 0, 2, 7], message: /row 3.*column c1_2 \(C\).*got 6\.5/ },
      { name: 'empty', row: [8, 0, null, 2, 3, 0, 2, 9, 0, 2, 7], message: /row 3.*column c1_2 \(C\).*cell is empty/ },
      { name: 'target', row: [8, 0, 6, 2, 3, 0, 2, 9, 0, 2, 5], message: /row 3.*column target \(K\).*target 5 does not match/ },
    ];
    for (const c of cases) {
      const path = await writeOwnLayout(`bad-${c.name}.xlsx`, [header, ok, c.row]);
      expect(await tryReadDatasetXlsxFast(path), c.name).toBeUndefined();
      const error = await readDatasetXlsx(path).catch((e: unknown) => e);
      expect(error, c.name).toBeInstanceOf(DatasetFileError);
      expect(String((error as Error).message), c.name).toContain(path);
      expect(String((error as Error).message), c.name).toMatch(c.message);
    }
    // The same layout with good cells is read by the fast reader (so the cases above were refused for their cell).
    const good = await writeOwnLayout('good.xlsx', [header, ok, ok]);
    expect((await tryReadDatasetXlsxFast(good))?.rows).toBe(2);
  });

  it('a target that does not match is read with onTargetMismatch: recompute, as exceljs reads it', async () => {
    const path = await writeOwnLayout('mismatch.xlsx', [header, [8, 0, 6, 2, 3, 0, 2, 9, 0, 2, 5]]);
    const fast = await tryReadDatasetXlsxFast(path, { onTargetMismatch: 'recompute' });
    const [slow] = await readWithExceljs(path, { onTargetMismatch: 'recompute' });
    expect(fast?.targets[0]).toBe(7);
    expectSameRows(fast as DatasetSplit, slow as DatasetSplit);
  });

  it('columns in another order are mapped by their header names', async () => {
    const order = [10, 4, 0, 1, 2, 3, 5, 6, 7, 8, 9];
    const rows = [[8, 0, 6, 2, 3, 0, 2, 9, 0, 2, 7], [1, 2, 3, 4, 0, 5, 6, 7, 8, 1, 5]];
    const path = await writeOwnLayout('reordered.xlsx', [order.map((i) => header[i]), ...rows.map((r) => order.map((i) => r[i]))]);
    const fast = await tryReadDatasetXlsxFast(path);
    const [slow] = await readWithExceljs(path);
    expect(Array.from(fast?.inputs.subarray(0, 10) ?? [])).toEqual([8, 0, 6, 2, 3, 0, 2, 9, 0, 2]);
    expectSameRows(fast as DatasetSplit, slow as DatasetSplit);
  });

  it('a missing file, another sheet name or a file that is not a zip: undefined, nothing thrown', async () => {
    expect(await tryReadDatasetXlsxFast(join(dir, 'missing.xlsx'))).toBeUndefined();
    const path = join(dir, 'named.xlsx');
    await writeDatasetXlsx(path, generateDataset({ rows: 10, seed: 1 }));
    expect(await tryReadDatasetXlsxFast(path, { sheet: 'Other' })).toBeUndefined();
    expect((await tryReadDatasetXlsxFast(path, { sheet: 'Sheet1' }))?.rows).toBe(10);
    const { writeFile } = await import('node:fs/promises');
    const junk = join(dir, 'junk.xlsx');
    await writeFile(junk, 'not a zip at all');
    expect(await tryReadDatasetXlsxFast(junk)).toBeUndefined();
  });

  it('a damaged zip (cut short, a member flipped, a local header gone): undefined, nothing thrown (readDatasetXlsx then asks exceljs)', async () => {
    const { readFile, writeFile } = await import('node:fs/promises');
    const { createByteReader, readZipDataOffset, readZipDirectory } = await import('@interp/zip');
    const path = join(dir, 'whole.xlsx');
    await writeDatasetXlsx(path, generateDataset({ rows: 50, seed: 2 }));
    const bytes = new Uint8Array(await readFile(path));
    expect((await tryReadDatasetXlsxFast(path))?.rows).toBe(50);
    const entries = await readZipDirectory(createByteReader(bytes));
    const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml');
    expect(sheet).toBeDefined();
    const dataStart = await readZipDataOffset(createByteReader(bytes), sheet!);
    const cases: [string, Uint8Array][] = [
      ['cut.xlsx', bytes.subarray(0, bytes.length - 10)],
      ['flipped.xlsx', bytes.map((v, i) => (i === dataStart + 3 ? v ^ 0x55 : v))],
      ['noheader.xlsx', bytes.map((v, i) => (i === sheet!.localHeaderOffset ? 0 : v))],
    ];
    for (const [name, damaged] of cases) {
      const p = join(dir, name);
      await writeFile(p, damaged);
      expect(await tryReadDatasetXlsxFast(p)).toBeUndefined();
    }
  });
});
