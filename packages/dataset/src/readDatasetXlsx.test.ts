import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip, crc32, createByteReader, readZip, readZipDirectory } from '@interp/zip';
import { createSplit, generateDataset, generateSplits, getRow, toTensors } from './index';
import { DatasetFileError, readDatasetXlsx, readSplits, streamDatasetXlsx, writeDatasetXlsx, writeSplits } from './node';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'interp-dataset-'));
  await selectBackend({ backend: 'cpu' });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const header = ['c1_0', 'c1_1', 'c1_2', 'c1_3', 'p1', 'c2_0', 'c2_1', 'c2_2', 'c2_3', 'p2', 'target'];

/** Writes a workbook with exactly these cells (non-streaming exceljs, as another tool would). */
async function writeRaw(name: string, rows: unknown[][], sheetName = 'Sheet1'): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  for (const r of rows) ws.addRow(r);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

/**
 * Rewrites an xlsx file with its zip members stored in this order (names not listed keep their place after them):
 * with the worksheet after the shared strings and the workbook's relations but before the workbook itself, exceljs'
 * streaming reader fails on it ("reading 'sheets'"), as it now and then does on other files under load.
 */
async function reorderZip(path: string, first: string[]): Promise<void> {
  const members = await readZip(new Uint8Array(await readFile(path)));
  const rank = (name: string): number => (first.includes(name) ? first.indexOf(name) : -1);
  const ordered = [...members.filter((m) => rank(m.name) < 0), ...first.map((name) => members.find((m) => m.name === name)!)];
  const parts = buildZip(ordered.map((m) => ({ name: m.name, stored: m.data, method: 0, crc32: crc32(m.data), uncompressedSize: m.data.length })));
  await writeFile(path, Buffer.concat(parts));
}

describe('xlsx round trip', () => {
  it('writes the three splits under the reference names and reads back the same rows, targets and latents', async () => {
    const splits = generateSplits({ seed: 7, train: 300, val: 50, test: 50 });
    const files = await writeSplits(join(dir, 'splits'), splits);
    expect(files.train.endsWith('mlp_train.xlsx')).toBe(true);
    expect(files.val.endsWith('mlp_val.xlsx')).toBe(true);
    expect(files.test.endsWith('mlp_test.xlsx')).toBe(true);
    const back = await readSplits(join(dir, 'splits'));
    for (const name of ['train', 'val', 'test'] as const) {
      expect(back[name].rows).toBe(splits[name].rows);
      expect(Array.from(back[name].inputs)).toEqual(Array.from(splits[name].inputs));
      expect(Array.from(back[name].targets)).toEqual(Array.from(splits[name].targets));
      expect(Array.from(back[name].latents.diff)).toEqual(Array.from(splits[name].latents.diff));
    }
  });

  it('writes one sheet with a header row c1_0 ... p2, target and numeric cells', async () => {
    const path = join(dir, 'layout.xlsx');
    await writeDatasetXlsx(path, createSplit([[8, 9, 5, 1, 3, 2, 9, 4, 7, 1]]));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Sheet1']);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(header);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([8, 9, 5, 1, 3, 2, 9, 4, 7, 1, 8]);
  });

  it('turns a file into tfjs tensors of shape [rows, 10] and [rows, 1]', async () => {
    const path = join(dir, 'tensors.xlsx');
    const split = generateDataset({ rows: 20, seed: 2 });
    await writeDatasetXlsx(path, split);
    const { inputs, targets } = toTensors(await readDatasetXlsx(path));
    expect(inputs.shape).toEqual([20, 10]);
    expect(targets.shape).toEqual([20, 1]);
    expect(Array.from(await targets.data())).toEqual(Array.from(split.targets));
    tf.dispose([inputs, targets]);
  });

  it('streams a file in batches whose rows concatenate to the whole file', async () => {
    const path = join(dir, 'stream.xlsx');
    const split = generateDataset({ rows: 250, seed: 3 });
    await writeDatasetXlsx(path, split);
    const starts: number[] = [];
    const rows: number[][] = [];
    for await (const b of streamDatasetXlsx(path, { batchRows: 100 })) {
      starts.push(b.rowStart);
      for (let r = 0; r < b.rows; r++) rows.push(getRow(b, r));
    }
    expect(starts).toEqual([0, 100, 200]);
    expect(rows).toEqual(Array.from({ length: 250 }, (_, r) => getRow(split, r)));
  });

  it("writes a split in memory with the cells exceljs' streaming writer gives for the same rows", async () => {
    const split = generateDataset({ rows: 300, seed: 5 });
    const direct = join(dir, 'direct.xlsx');
    const streamed = join(dir, 'streamed.xlsx');
    await writeDatasetXlsx(direct, split);
    // plain rows are not a split: they go through exceljs
    await writeDatasetXlsx(streamed, Array.from({ length: split.rows }, (_, r) => getRow(split, r)));
    const cells = async (path: string): Promise<unknown[][]> => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Sheet1']);
      const out: unknown[][] = [];
      (wb.worksheets[0] as ExcelJS.Worksheet).eachRow((row) => out.push((row.values as unknown[]).slice(1)));
      return out;
    };
    const a = await cells(direct);
    expect(a).toHaveLength(301);
    expect(a[0]).toEqual(header);
    expect(a).toEqual(await cells(streamed));
  });

  it('writes a split over 1,000,000 cells through exceljs (bounded memory), with the same rows read back', async () => {
    const members = async (path: string): Promise<string[]> => (await readZipDirectory(createByteReader(await readFile(path)))).map((e) => e.name);
    const small = join(dir, 'small.xlsx');
    await writeDatasetXlsx(small, generateDataset({ rows: 10, seed: 9 }));
    expect(await members(small)).not.toContain('xl/theme/theme1.xml'); // written directly
    const large = join(dir, 'large.xlsx');
    const split = generateDataset({ rows: 91_000, seed: 9 }); // 91,000 x 11 cells
    await writeDatasetXlsx(large, split);
    expect(await members(large)).toContain('xl/theme/theme1.xml'); // exceljs writes a theme
    const back = await readDatasetXlsx(large);
    expect(back.rows).toBe(91_000);
    expect(Buffer.from(back.inputs.buffer).equals(Buffer.from(split.inputs.buffer))).toBe(true);
    expect(Buffer.from(back.targets.buffer).equals(Buffer.from(split.targets.buffer))).toBe(true);
  }, 60_000);

  it('names the sheet options.sheetName, which readDatasetXlsx finds with options.sheet', async () => {
    const path = join(dir, 'named.xlsx');
    const split = generateDataset({ rows: 12, seed: 6 });
    await writeDatasetXlsx(path, split, { sheetName: 'train & <rows>' });
    expect(Array.from((await readDatasetXlsx(path, { sheet: 'train & <rows>' })).targets)).toEqual(Array.from(split.targets));
    await expect(readDatasetXlsx(path, { sheet: 'Sheet1' })).rejects.toThrow(/sheet "Sheet1": sheet not found/);
  });

  it('writes rows from an async iterable without a split in memory', async () => {
    const path = join(dir, 'iter.xlsx');
    async function* rows() {
      yield [1, 2, 3, 4, 0, 5, 6, 7, 8, 3];
      yield [9, 9, 9, 9, 2, 0, 0, 0, 0, 1];
    }
    expect(await writeDatasetXlsx(path, rows())).toBe(2);
    expect(Array.from((await readDatasetXlsx(path)).targets)).toEqual([7, 9]);
  });
});

describe('bad input names the file, sheet, row and column', () => {
  it('a missing file', async () => {
    const path = join(dir, 'nope.xlsx');
    await expect(readDatasetXlsx(path)).rejects.toThrow(`${path}: file not found`);
  });

  it('a file that is not an xlsx', async () => {
    const path = join(dir, 'garbage.xlsx');
    await writeFile(path, 'this is not a zip file');
    await expect(readDatasetXlsx(path)).rejects.toThrow(/garbage\.xlsx: not a readable xlsx file/);
  });

  it('a renamed column', async () => {
    const renamed = [...header];
    renamed[4] = 'pointer1';
    const path = await writeRaw('renamed.xlsx', [renamed, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1, 8]]);
    const err = await readDatasetXlsx(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetFileError);
    expect((err as Error).message).toMatch(/renamed\.xlsx, sheet "Sheet1", row 1, column p1: header is missing column p1 \(found: .*pointer1/);
  });

  it('a missing column', async () => {
    const path = await writeRaw('missing.xlsx', [header.slice(0, 10), [8, 9, 5, 1, 3, 2, 9, 4, 7, 1]]);
    await expect(readDatasetXlsx(path)).rejects.toThrow(/missing\.xlsx, sheet "Sheet1", row 1, column target: header is missing column target/);
  });

  it('a non-numeric cell', async () => {
    const path = await writeRaw('text.xlsx', [header, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1, 8], [8, 'nine', 5, 1, 3, 2, 9, 4, 7, 1, 8]]);
    await expect(readDatasetXlsx(path)).rejects.toThrow(/text\.xlsx, sheet "Sheet1", row 3, column c1_1 \(B\): cell is not a number \("nine"\)/);
  });

  it('an empty cell', async () => {
    const path = await writeRaw('empty.xlsx', [header, [8, 9, 5, 1, 3, 2, null, 4, 7, 1, 8]]);
    await expect(readDatasetXlsx(path)).rejects.toThrow(/empty\.xlsx, sheet "Sheet1", row 2, column c2_1 \(G\): cell is empty/);
  });

  it('a pointer out of range', async () => {
    const path = await writeRaw('pointer.xlsx', [header, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1, 8], [8, 9, 5, 1, 3, 2, 9, 4, 7, 4, 8]], 'data');
    await expect(readDatasetXlsx(path)).rejects.toThrow(/pointer\.xlsx, sheet "data", row 3, column p2 \(J\): pointer must be an integer in \[0, 3\], got 4/);
  });

  it('a target that does not match the inputs, unless asked to recompute', async () => {
    const path = await writeRaw('target.xlsx', [header, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1, 7]]);
    await expect(readDatasetXlsx(path)).rejects.toThrow(/target\.xlsx, sheet "Sheet1", row 2, column target \(K\): target 7 does not match \|c1\[p1\] - c2\[p2\]\| = 8/);
    const fixed = await readDatasetXlsx(path, { onTargetMismatch: 'recompute' });
    expect(Array.from(fixed.targets)).toEqual([8]);
  });

  it("reads a file exceljs' streaming reader fails on with exceljs' whole-file reader, the same rows", async () => {
    const rows = [header, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1, 8], [1, 2, 3, 4, 0, 5, 6, 7, 8, 3, 7]];
    const path = await writeRaw('entry-order.xlsx', rows);
    const expected = await readDatasetXlsx(path);
    await reorderZip(path, ['xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/workbook.xml']);
    const streaming = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache' });
    await expect((async () => {
      for await (const ws of streaming) void ws;
    })()).rejects.toThrow(/sheets/);
    const split = await readDatasetXlsx(path);
    expect(split.rows).toBe(2);
    expect(Array.from(split.inputs)).toEqual(Array.from(expected.inputs));
    expect(Array.from(split.targets)).toEqual([8, 7]);
    // a bad cell in such a file is still named
    await reorderZip(await writeRaw('entry-order-bad.xlsx', [header, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1, 6]]), ['xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/workbook.xml']);
    await expect(readDatasetXlsx(join(dir, 'entry-order-bad.xlsx'))).rejects.toThrow(/entry-order-bad\.xlsx, sheet "Sheet1", row 2, column target \(K\)/);
  });

  it('a sheet that does not exist', async () => {
    const path = await writeRaw('sheets.xlsx', [header]);
    await expect(readDatasetXlsx(path, { sheet: 'train' })).rejects.toThrow(/sheets\.xlsx, sheet "train": sheet not found/);
  });

  it('a row the writer cannot represent is refused before anything lands', async () => {
    const path = join(dir, 'refused.xlsx');
    await expect(writeDatasetXlsx(path, [[8, 9, 5, 1, 9, 2, 9, 4, 7, 1]])).rejects.toThrow(/row 0 \(sheet row 2\), column p1: pointer must be/);
    await expect(readFile(path)).rejects.toThrow(/ENOENT/);
  });

  it('a split with a row the writer cannot represent is refused before anything lands', async () => {
    const path = join(dir, 'refused-split.xlsx');
    const split = generateDataset({ rows: 5, seed: 7 });
    split.inputs[3 * split.numInputs + 4] = 9; // row 3's pointer p1 out of range
    await expect(writeDatasetXlsx(path, split)).rejects.toThrow(/refused-split\.xlsx: row 3 \(sheet row 5\), column p1: pointer must be/);
    await expect(readFile(path)).rejects.toThrow(/ENOENT/);
  });

  it('a sheet name Excel cannot hold is a RangeError naming options.sheetName, before anything lands', async () => {
    const path = join(dir, 'bad-sheet.xlsx');
    const split = generateDataset({ rows: 3, seed: 8 });
    await expect(writeDatasetXlsx(path, split, { sheetName: 'a/b' })).rejects.toThrow(/bad-sheet\.xlsx: options\.sheetName "a\/b" contains "\/"/);
    await expect(writeDatasetXlsx(path, split, { sheetName: 'x'.repeat(32) })).rejects.toThrow(/options\.sheetName "x+" is 32 characters long \(at most 31\)/);
    await expect(readFile(path)).rejects.toThrow(/ENOENT/);
  });
});

describe('atomic writes', () => {
  it('a crash mid-write leaves the previous file intact and no temp file behind', async () => {
    const sub = join(dir, 'atomic');
    const path = join(sub, 'mlp_train.xlsx');
    await writeDatasetXlsx(path, generateDataset({ rows: 10, seed: 1 }));
    const before = await readFile(path);
    async function* crashing() {
      yield [1, 2, 3, 4, 0, 5, 6, 7, 8, 3];
      throw new Error('simulated crash');
    }
    await expect(writeDatasetXlsx(path, crashing())).rejects.toThrow('simulated crash');
    expect((await readFile(path)).equals(before)).toBe(true);
    expect(await readdir(sub)).toEqual(['mlp_train.xlsx']);
  });
});
