import { escapeXml } from '@interp/xlsx';
import { writeZipAsync, type ZipInput } from '@interp/zip';
import { computeTarget, findRowProblem } from './computeLatents';
import type { DatasetSplit } from './createSplit';
import { getColumnLetter } from './DatasetFileError';
import { getInputColumns, type TaskConfig } from './taskConfig';

/**
 * Options of {@link buildDatasetXlsx}.
 *
 * @example
 * ```ts
 * import { deflateRaw } from 'node:zlib';
 * import { promisify } from 'node:util';
 * const options: BuildDatasetXlsxOptions = { sheetName: 'Sheet1', deflateRaw: promisify(deflateRaw) };
 * ```
 */
export interface BuildDatasetXlsxOptions {
  /** Worksheet name (default `Sheet1`), already checked by the caller. */
  sheetName?: string;
  /** The workbook's created and modified time (default now). */
  date?: Date;
  /** Raw deflate of a zip member (Node's zlib, or the browser's streams); without it the members are stored. */
  deflateRaw?: (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;
  /** The file's name for error messages. */
  source?: string;
}

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const TYPES = 'application/vnd.openxmlformats-officedocument';

/**
 * Throws the RangeError both of `writeDatasetXlsx`'s paths give for a row the task's checks refuse, naming `file`,
 * the 0-based data row `r`, its sheet row and the column; returns for a good row.
 *
 * @internal
 * @example
 * ```ts
 * checkDatasetRow([8, 9, 5, 1, 9, 2, 9, 4, 7, 1], resolveTaskConfig(), [...getInputColumns(), 'target'], 'mlp_train.xlsx', 0); // throws: p1
 * ```
 */
export function checkDatasetRow(row: ArrayLike<number>, cfg: TaskConfig, columns: readonly string[], file: string, r: number): void {
  const problem = findRowProblem(row, cfg);
  if (problem) {
    throw new RangeError(`writeDatasetXlsx ${file}: row ${r} (sheet row ${r + 2}), column ${columns[problem.column] ?? problem.column}: ${problem.message}`);
  }
}

/**
 * The xlsx file of a split, in memory: one sheet with the header row `c1_0 ... p2, target` (inline string cells,
 * `t="str"`) and one row of plain numeric cells per data row, the target computed from the row (as
 * `writeDatasetXlsx` has always written it, so that `readDatasetXlsx`'s fast reader, exceljs and pandas read it).
 * Every row is checked first; a bad one throws a RangeError naming the source, the row and the column.
 *
 * @example
 * ```ts
 * import { generateDataset } from '@interp/dataset';
 * const bytes = await buildDatasetXlsx(generateDataset({ rows: 100, seed: 1 }).train, { source: 'mlp_train.xlsx' });
 * ```
 */
export async function buildDatasetXlsx(split: DatasetSplit, options: BuildDatasetXlsxOptions = {}): Promise<Uint8Array> {
  const cfg = split.config;
  const columns = [...getInputColumns(cfg), 'target'];
  const letters = columns.map((_, c) => getColumnLetter(c));
  const file = options.source ?? '(in memory)';
  const width = split.numInputs;
  const parts: string[] = [];
  parts.push(`<row r="1">${columns.map((name, c) => `<c r="${letters[c]}1" t="str"><v>${escapeXml(name)}</v></c>`).join('')}</row>`);
  for (let r = 0; r < split.rows; r++) {
    const row = split.inputs.subarray(r * width, (r + 1) * width);
    checkDatasetRow(row, cfg, columns, file, r);
    const n = r + 2;
    let cells = '';
    for (let c = 0; c < width; c++) cells += `<c r="${letters[c]}${n}"><v>${row[c]}</v></c>`;
    cells += `<c r="${letters[width]}${n}"><v>${computeTarget(row, cfg)}</v></c>`;
    parts.push(`<row r="${n}">${cells}</row>`);
  }
  const sheetName = escapeXml(options.sheetName ?? 'Sheet1');
  const stamp = (options.date ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const entries: ZipInput[] = [
    {
      name: '[Content_Types].xml',
      data:
        `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${TYPES}.spreadsheetml.sheet.main+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${TYPES}.spreadsheetml.worksheet+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="${TYPES}.spreadsheetml.styles+xml"/>` +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        `<Override PartName="/docProps/app.xml" ContentType="${TYPES}.extended-properties+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data:
        `${HEAD}<Relationships xmlns="${RELS}">` +
        `<Relationship Id="rId1" Type="${DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>` +
        `<Relationship Id="rId2" Type="${RELS}/metadata/core-properties" Target="docProps/core.xml"/>` +
        `<Relationship Id="rId3" Type="${DOC_RELS}/extended-properties" Target="docProps/app.xml"/></Relationships>`,
    },
    {
      name: 'docProps/app.xml',
      data:
        `${HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
        `<Application>@interp/dataset</Application><TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>${sheetName}</vt:lpstr></vt:vector></TitlesOfParts></Properties>`,
    },
    {
      name: 'docProps/core.xml',
      data:
        `${HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<dc:creator>@interp/dataset</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
        `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified></cp:coreProperties>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${DOC_RELS}"><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `${HEAD}<Relationships xmlns="${RELS}">` +
        `<Relationship Id="rId1" Type="${DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${DOC_RELS}/styles" Target="styles.xml"/></Relationships>`,
    },
    {
      name: 'xl/styles.xml',
      data:
        `${HEAD}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data:
        `${HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${DOC_RELS}"><dimension ref="A1:${letters[width]}${split.rows + 1}"/>` +
        `<sheetFormatPr defaultRowHeight="15"/><sheetData>${parts.join('')}</sheetData>` +
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>',
    },
  ];
  return writeZipAsync(entries, {
    ...(options.deflateRaw ? { deflateRaw: options.deflateRaw } : {}),
    ...(options.source === undefined ? {} : { source: options.source }),
  });
}
