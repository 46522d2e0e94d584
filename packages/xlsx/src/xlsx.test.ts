import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { deflateRawWithStreams, readZip } from '@interp/zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXlsx, buildXlsxAsync, checkSheetNames, escapeXml, findInvalidXmlChar, toColumnName, type XlsxWorkbook } from './index';
import { writeXlsx } from './node';

const run = promisify(execFile);
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xlsx-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

const date = new Date('2026-12-03T09:30:00Z');
const tricky = 'a & b < c > d "q" \'s\' \t tab\nline\r\ncrlf  ü 😀';
const book: XlsxWorkbook = {
  styles: [
    { bold: true, horizontal: 'center', vertical: 'center', borderBottom: 'thin' },
    { horizontal: 'center' },
    { horizontal: 'center', numFmt: '0.0000' },
    { horizontal: 'right', vertical: 'top', numFmt: '0.00%' },
  ],
  sheets: [
    {
      name: 'Input->Neuron',
      rows: [
        ['Position', 'Input', 'Weight', 'Share'],
        [0, 'c1_0', -0.05128121003508568, 0.25],
        [1, tricky, 1e-9, null],
        [2, '  padded  ', 123456789012, -0],
        [],
        [3, '', 1e21, undefined],
      ],
      cellStyles: [
        [0, 0, 0, 0],
        [1, 1, 2, 3],
        [1, 1, 2, 3],
        [null, undefined, 2, 3],
        [],
        [1, 1, 2],
      ],
      columnWidths: [11, 8, null, 12.5],
      freezeFirstRow: true,
    },
    { name: 'A & B "x" <y>', rows: [['Measure', 'Value'], ['MSE', 0.5], ['Label', 'p1=3']] },
    { name: 'Empty', rows: [] },
  ],
};

describe('buildXlsx', () => {
  it('reads back with exceljs exactly: values, formats, bold, alignment, border, widths, frozen pane, names, properties', async () => {
    const bytes = buildXlsx(book, { deflateRaw: (b) => deflateRawSync(b), date, creator: '@interp/probe' });
    const wb = await readBack(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Input->Neuron', 'A & B "x" <y>', 'Empty']);
    expect(wb.creator).toBe('@interp/probe');
    expect(wb.created?.toISOString()).toBe(date.toISOString());
    expect(wb.modified?.toISOString()).toBe(date.toISOString());
    const ws = wb.getWorksheet('Input->Neuron')!;
    expect(ws.getRow(1).values).toEqual([undefined, 'Position', 'Input', 'Weight', 'Share']);
    expect(ws.getRow(2).values).toEqual([undefined, 0, 'c1_0', -0.05128121003508568, 0.25]);
    expect(ws.getRow(3).values).toEqual([undefined, 1, tricky, 1e-9]);
    expect(ws.getRow(4).values).toEqual([undefined, 2, '  padded  ', 123456789012, 0]);
    expect(ws.getRow(5).cellCount).toBe(0);
    expect(ws.getRow(6).values).toEqual([undefined, 3, '', 1e21]);
    for (let c = 1; c <= 4; c++) {
      const h = ws.getRow(1).getCell(c);
      expect(h.font?.bold).toBe(true);
      expect(h.alignment).toEqual({ horizontal: 'center', vertical: 'middle' });
      expect(h.border?.bottom?.style).toBe('thin');
    }
    const weight = ws.getRow(2).getCell(3);
    expect(weight.numFmt).toBe('0.0000');
    expect(weight.alignment).toEqual({ horizontal: 'center' });
    expect(weight.font?.bold).toBeFalsy();
    expect(weight.border?.bottom).toBeUndefined();
    expect(ws.getRow(2).getCell(4).numFmt).toBe('0.00%');
    expect(ws.getRow(2).getCell(4).alignment).toEqual({ horizontal: 'right', vertical: 'top' });
    expect(ws.getRow(2).getCell(2).numFmt).toBeUndefined();
    expect(ws.getRow(4).getCell(1).alignment).toBeUndefined();
    expect(ws.getRow(3).getCell(4).numFmt).toBe('0.00%'); // a styled empty cell keeps its style
    expect([1, 2, 3, 4].map((c) => ws.getColumn(c).width)).toEqual([11, 8, undefined, 12.5]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const other = wb.getWorksheet('A & B "x" <y>')!;
    expect(other.getRow(3).values).toEqual([undefined, 'Label', 'p1=3']);
    expect(other.views[0]?.state).not.toBe('frozen');
    expect(wb.getWorksheet('Empty')!.rowCount).toBe(0);
  });

  it('gives the same bytes for the same input and date, stored or deflated; Python reads the zip', async () => {
    const a = buildXlsx(book, { date });
    expect(buildXlsx(book, { date })).toEqual(a);
    const deflated = buildXlsx(book, { date, deflateRaw: (b) => deflateRawSync(b) });
    expect(deflated.length).toBeLessThan(a.length);
    const stored = await readZip(a);
    const inflated = await readZip(deflated, { inflateRaw: (b) => inflateRawSync(b) });
    expect(inflated.map((f) => f.name)).toEqual(stored.map((f) => f.name));
    expect(stored[0]!.name).toBe('[Content_Types].xml');
    expect(inflated.map((f) => Buffer.from(f.data).toString())).toEqual(stored.map((f) => Buffer.from(f.data).toString()));
    expect((await readBack(a)).getWorksheet('Input->Neuron')!.getRow(2).getCell(3).value).toBe(-0.05128121003508568);
    try {
      await run('python3', ['-c', 'import zipfile']);
    } catch {
      return; // no python3 with zipfile here: the cross-check is skipped
    }
    const path = join(dir, 'py.xlsx');
    await writeFile(path, deflated);
    const script =
      'import sys,zipfile\nimport xml.dom.minidom as m\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\n' +
      'for n in z.namelist(): m.parseString(z.read(n))\nprint(len(z.namelist()), z.infolist()[0].date_time)';
    const { stdout } = await run('python3', ['-c', script, path]);
    expect(stdout.trim()).toBe('11 (2026, 12, 3, 9, 30, 0)');
  });

  it('buildXlsxAsync deflates with CompressionStream (the browser way): exceljs reads the same workbook', async () => {
    const bytes = await buildXlsxAsync(book, { deflateRaw: deflateRawWithStreams, date, creator: 'browser' });
    const files = await readZip(bytes);
    expect(files.map((f) => f.name)).toEqual((await readZip(buildXlsx(book, { date }))).map((f) => f.name));
    const wb = await readBack(bytes);
    expect(wb.creator).toBe('browser');
    const ws = wb.getWorksheet('Input->Neuron')!;
    expect(ws.getRow(3).values).toEqual([undefined, 1, tricky, 1e-9]);
    expect(ws.getRow(2).getCell(3).numFmt).toBe('0.0000');
    expect(await buildXlsxAsync(book, { date })).toEqual(buildXlsx(book, { date }));
  });

  it('rejects bad cells, naming the sheet, row and column', () => {
    const one = (rows: unknown[][], extra: object = {}) => () => buildXlsx({ sheets: [{ name: 'S', rows: rows as never, ...extra }] });
    expect(one([[1, Number.NaN]])).toThrow('buildXlsx: sheet "S" row 1 column 2 (B1): NaN is not a finite number');
    expect(one([[], [], [Number.POSITIVE_INFINITY]])).toThrow('buildXlsx: sheet "S" row 3 column 1 (A3): Infinity is not a finite number');
    expect(one([[true]])).toThrow('row 1 column 1 (A1): a cell must be a string, a finite number or null, got boolean');
    expect(one([[{}]])).toThrow(/got object/);
    expect(one([['ok', 'bell\u0007']])).toThrow('buildXlsx: sheet "S" row 1 column 2 (B1): the text contains U+0007, which XML (so xlsx) cannot hold');
    expect(one([['\ud800x']])).toThrow(/contains U\+D800/);
    expect(one([['x']], { cellStyles: [[0]] })).toThrow('buildXlsx: sheet "S" row 1 column 1 (A1): style 0 is not an index of styles (the workbook has none)');
    expect(() => buildXlsx({ styles: [{}], sheets: [{ name: 'S', rows: [['x']], cellStyles: [[1.5]] }] })).toThrow(/style 1\.5 is not an index of styles \(0-0\)/);
    expect(one([['x']], { columnWidths: [8, -1] })).toThrow('buildXlsx: sheet "S": columnWidths[1] (column B) must be a number in [0, 255], got -1');
    expect(one(['abc' as never])).toThrow('buildXlsx: sheet "S" row 1: must be an array of cells, got string');
    expect(() => buildXlsx({ sheets: [{ name: 'S', rows: [[1]] }] }, { date: new Date(Number.NaN) })).toThrow(/options.date must be a valid Date/);
    expect(() => buildXlsx({ sheets: [] })).toThrow(/at least one sheet/);
  });

  it('rejects bad styles, naming the style and field', () => {
    const styled = (style: object) => () => buildXlsx({ styles: [{}, style as never], sheets: [{ name: 'S', rows: [[1]] }] });
    expect(styled({ horizontal: 'middle' })).toThrow('buildXlsx: styles[1].horizontal must be one of general, left, center, right');
    expect(styled({ vertical: 'middle' })).toThrow(/styles\[1\]\.vertical must be one of top, center, bottom/);
    expect(styled({ borderBottom: 'thin-ish' })).toThrow(/styles\[1\]\.borderBottom must be one of thin/);
    expect(styled({ bold: 'yes' })).toThrow('buildXlsx: styles[1].bold must be a boolean, got yes');
    expect(styled({ numFmt: '' })).toThrow(/styles\[1\]\.numFmt must be a format code/);
    expect(styled({ italic: true })).toThrow(/styles\[1\]: unknown key "italic"/);
  });

  it('rejects bad sheet names', () => {
    expect(() => checkSheetNames(['x'.repeat(31)])).not.toThrow();
    expect(() => checkSheetNames(['x'.repeat(32)])).toThrow(/sheet 1 name "x{32}" is 32 characters long \(at most 31\)/);
    for (const c of ['[', ']', ':', '*', '?', '/', '\\']) expect(() => checkSheetNames([`a${c}b`])).toThrow(`contains ${JSON.stringify(c)}`);
    expect(() => checkSheetNames(['Data', 'data'])).toThrow('buildXlsx: sheet 2 name "data" repeats sheet 1\'s name (names are compared ignoring case)');
    expect(() => checkSheetNames([''])).toThrow(/must be a non-empty string/);
    expect(() => checkSheetNames(["'quoted'"])).toThrow(/apostrophe/);
    expect(() => checkSheetNames(['History'])).toThrow(/reserved/);
    expect(() => buildXlsx({ sheets: [{ name: 'a', rows: [] }, { name: 'A', rows: [] }] })).toThrow(/sheet 2 name "A" repeats/);
  });
});

describe('helpers', () => {
  it('escapes XML text and finds characters XML cannot hold', () => {
    expect(escapeXml('Input->Neuron & "x" <y>\r')).toBe('Input-&gt;Neuron &amp; &quot;x&quot; &lt;y&gt;&#13;');
    expect(escapeXml('plain')).toBe('plain');
    expect(findInvalidXmlChar('tab\tnewline\ncr\r 😀 \ud7ff \ue000')).toBeUndefined();
    expect(findInvalidXmlChar('\u0000')).toBe('U+0000');
    expect(findInvalidXmlChar('x\ufffe')).toBe('U+FFFE');
    expect(findInvalidXmlChar('\udc00')).toBe('U+DC00');
  });

  it('names columns A..XFD', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(toColumnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
    expect(() => toColumnName(16384)).toThrow(RangeError);
  });
});

describe('writeXlsx', () => {
  it('writes atomically with node:zlib; a failed write leaves no temp file and names the path', async () => {
    const path = join(dir, 'out', 'book.xlsx');
    await mkdir(join(dir, 'out'));
    await writeXlsx(path, book, { date, creator: 'me' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.getWorksheet('Input->Neuron')!.getRow(2).getCell(3).numFmt).toBe('0.0000');
    expect(await readdir(join(dir, 'out'))).toEqual(['book.xlsx']);
    const blocked = join(dir, 'out', 'blocked.xlsx');
    await mkdir(blocked);
    await expect(writeXlsx(blocked, book)).rejects.toThrow(/writeXlsx .*blocked\.xlsx/);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['blocked.xlsx', 'book.xlsx']);
    await expect(writeXlsx('', book)).rejects.toThrow(/path must be a non-empty string/);
  });
});
