import { readFile } from 'node:fs/promises';
import { crc32, inflateRawSync } from 'node:zlib';
import { createByteReader, readZipDataOffset, readZipDirectory, type ZipEntry } from '@interp/zip';
import { computeTarget, findRowProblem } from './computeLatents';
import { allocateSplit, setRow, type DatasetSplit } from './createSplit';
import { getInputColumns, resolveTaskConfig, type TaskConfig } from './taskConfig';

/** Options the fast reader understands (those of `readDatasetXlsx`). */
interface FastReadOptions {
  config?: Partial<TaskConfig>;
  sheet?: string;
  onTargetMismatch?: 'error' | 'recompute';
}

/** Largest sheet XML the fast reader inflates into one string; a larger sheet goes to exceljs' streaming reader. */
const MAX_SHEET_BYTES = 256 * 2 ** 20;

/**
 * The central directory of a zip file held in `buf`, by entry name, read by `@interp/zip`; `undefined` for
 * anything it refuses (not a zip, damaged, encrypted members: exceljs then reads the file, or reports it).
 */
async function readDirectory(buf: Uint8Array): Promise<Map<string, ZipEntry> | undefined> {
  try {
    const entries = await readZipDirectory(createByteReader(buf));
    return new Map(entries.map((e) => [e.name, e]));
  } catch {
    return undefined;
  }
}

/** An entry's text, checked against its size and CRC; `undefined` when it is missing, encrypted, too large or damaged. */
async function readZipText(buf: Uint8Array, entries: Map<string, ZipEntry>, name: string): Promise<string | undefined> {
  const e = entries.get(name);
  if (!e || (e.flags & 1) !== 0 || e.uncompressedSize > MAX_SHEET_BYTES || (e.method !== 0 && e.method !== 8)) return undefined;
  let start: number;
  try {
    start = await readZipDataOffset(createByteReader(buf), e);
  } catch {
    return undefined;
  }
  const raw = buf.subarray(start, start + e.compressedSize);
  const data = e.method === 8 ? inflateRawSync(raw) : raw;
  if (data.length !== e.uncompressedSize || crc32(data) >>> 0 !== e.crc32) return undefined;
  return new TextDecoder().decode(data);
}

/** `ABC` -> 1-based column number. */
function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

const rowPattern = /<row r="(\d+)"([^>]*)>(.*?)<\/row>/gs;
const cellPattern = /<c r="([A-Z]{1,3})(\d+)"( t="str")?><v>([^<]*)<\/v><\/c>/y;
const plainNumber = /^-?\d+(?:\.\d+)?$/;

/**
 * Reads a dataset workbook of the exact shape `writeDatasetXlsx` writes (one sheet; inline `t="str"` header
 * cells; plain numeric cells without styles) straight from its zip entries with `node:zlib`, every cell
 * checked as `readDatasetXlsx` checks it. Returns `undefined`, having thrown nothing, for anything else:
 * another layout, a zip it does not follow, a bad or missing cell, a row that fails the task's checks, a
 * target that does not match. The caller then reads the file with exceljs, which gives the same numbers for
 * a file this reads and the errors naming file, sheet, row and column for one it refuses.
 *
 * @example
 * ```ts
 * import { readDatasetXlsx } from '@interp/dataset/node';
 * const split = (await tryReadDatasetXlsxFast('out/mlp_train.xlsx')) ?? (await readDatasetXlsx('out/mlp_train.xlsx'));
 * ```
 */
export async function tryReadDatasetXlsxFast(path: string, options: FastReadOptions = {}): Promise<DatasetSplit | undefined> {
  try {
    return await readFast(await readFile(path), options);
  } catch {
    return undefined;
  }
}

async function readFast(buf: Uint8Array, options: FastReadOptions): Promise<DatasetSplit | undefined> {
  const cfg = resolveTaskConfig(options.config);
  const entries = await readDirectory(buf);
  if (!entries) return undefined;
  const workbook = await readZipText(buf, entries, 'xl/workbook.xml');
  const rels = await readZipText(buf, entries, 'xl/_rels/workbook.xml.rels');
  if (workbook === undefined || rels === undefined) return undefined;
  const sheets = workbook.match(/<sheet\b[^>]*>/g) ?? [];
  if (sheets.length !== 1) return undefined;
  const sheetTag = sheets[0] as string;
  const name = /\sname="([^"&<]*)"/.exec(sheetTag)?.[1];
  const rid = /\sr:id="([^"&<]*)"/.exec(sheetTag)?.[1];
  if (name === undefined || rid === undefined || (options.sheet !== undefined && options.sheet !== name)) return undefined;
  let target: string | undefined;
  for (const rel of rels.match(/<Relationship\b[^>]*>/g) ?? []) {
    if (/\sId="([^"]*)"/.exec(rel)?.[1] === rid) target = /\sTarget="([^"&<]*)"/.exec(rel)?.[1];
  }
  if (target === undefined) return undefined;
  const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const xml = await readZipText(buf, entries, sheetPath);
  if (xml === undefined) return undefined;
  const open = xml.indexOf('<sheetData>');
  const close = xml.indexOf('</sheetData>');
  if (open < 0 || close < open || xml.indexOf('<sheetData>', open + 1) >= 0) return undefined;

  const expected = [...getInputColumns(cfg), 'target'];
  const width = expected.length - 1;
  const texts: string[] = [];
  const isText: boolean[] = [];
  let columnIndex: number[] | undefined;
  let capacity = 1024;
  let split = allocateSplit(capacity, cfg);
  let n = 0;
  const values = new Array<number>(width);
  let at = open + '<sheetData>'.length;
  rowPattern.lastIndex = at;
  let expectedRow = 1;
  for (let m = rowPattern.exec(xml); m && m.index < close; m = rowPattern.exec(xml)) {
    if (m.index !== at || (m[2] as string).endsWith('/') || Number(m[1]) !== expectedRow) return undefined;
    at = rowPattern.lastIndex;
    const rowText = m[3] as string;
    texts.length = 0;
    isText.length = 0;
    cellPattern.lastIndex = 0;
    while (cellPattern.lastIndex < rowText.length) {
      const c = cellPattern.exec(rowText);
      if (!c || Number(c[2]) !== expectedRow) return undefined;
      const col = columnNumber(c[1] as string);
      if (texts[col] !== undefined) return undefined;
      texts[col] = c[4] as string;
      isText[col] = c[3] !== undefined;
    }
    if (texts.length === 0) return undefined;
    if (!columnIndex) {
      // The header, mapped as readDatasetXlsx maps it: trimmed names, the last of a repeated name wins.
      const found = new Map<string, number>();
      for (let i = 0; i < texts.length; i++) {
        const t = texts[i];
        if (t === undefined) continue;
        if (!isText[i] || t.includes('&')) return undefined;
        if (t.trim() !== '') found.set(t.trim(), i);
      }
      const mapped: number[] = [];
      for (const col of expected) {
        const i = found.get(col);
        if (i === undefined) return undefined;
        mapped.push(i);
      }
      columnIndex = mapped;
      expectedRow++;
      continue;
    }
    let targetValue = 0;
    for (let c = 0; c <= width; c++) {
      const col = columnIndex[c] as number;
      const t = texts[col];
      if (t === undefined || isText[col] || !plainNumber.test(t)) return undefined;
      const v = Number(t);
      if (c < width) values[c] = v;
      else targetValue = v;
    }
    if (findRowProblem(values, cfg)) return undefined;
    if (computeTarget(values, cfg) !== targetValue && options.onTargetMismatch !== 'recompute') return undefined;
    if (n === capacity) {
      const grown = allocateSplit(capacity * 2, cfg);
      copyRows(split, grown, n);
      split = grown;
      capacity *= 2;
    }
    setRow(split, n++, values);
    expectedRow++;
  }
  if (at !== close || !columnIndex || n === 0) return undefined;
  const out = allocateSplit(n, cfg);
  copyRows(split, out, n);
  return out;
}

function copyRows(from: DatasetSplit, to: DatasetSplit, rows: number): void {
  to.inputs.set(from.inputs.subarray(0, rows * from.numInputs));
  to.targets.set(from.targets.subarray(0, rows));
  for (const key of ['p1', 'p2', 'a', 'b', 'diff', 'target'] as const) to.latents[key].set(from.latents[key].subarray(0, rows));
}
