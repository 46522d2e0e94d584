import { writeZip, writeZipAsync, type ZipInput } from '@interp/zip';
import { buildStylesXml } from './buildStylesXml';
import { checkSheetNames } from './checkSheetNames';
import { escapeXml, findInvalidXmlChar } from './escapeXml';
import { MAX_COLUMNS, MAX_ROWS, toColumnName } from './toColumnName';
import type { BuildXlsxOptions, XlsxSheet, XlsxWorkbook } from './XlsxWorkbook';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument';

/** Shared strings: each distinct text once, cells refer to it by index. */
class SharedStrings {
  readonly index = new Map<string, number>();
  readonly items: string[] = [];
  count = 0;

  add(text: string): number {
    this.count++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.items.length;
      this.index.set(text, i);
      // Leading or trailing whitespace, tabs and line breaks are kept only with xml:space="preserve".
      this.items.push(/^\s|\s$|[\t\n\r]/.test(text) ? `<si><t xml:space="preserve">${escapeXml(text)}</t></si>` : `<si><t>${escapeXml(text)}</t></si>`);
    }
    return i;
  }

  toXml(): string {
    return `${XML_HEAD}<sst xmlns="${MAIN_NS}" count="${this.count}" uniqueCount="${this.items.length}">${this.items.join('')}</sst>`;
  }
}

function buildSheetXml(sheet: XlsxSheet, sheetIndex: number, styleCount: number, strings: SharedStrings): string {
  const label = `buildXlsx: sheet ${JSON.stringify(sheet.name)}`;
  const { rows, cellStyles, columnWidths } = sheet;
  if (!Array.isArray(rows)) throw new RangeError(`${label}: rows must be an array of rows, got ${typeof rows}`);
  if (rows.length > MAX_ROWS) throw new RangeError(`${label}: ${rows.length} rows (at most ${MAX_ROWS})`);
  if (cellStyles !== undefined && !Array.isArray(cellStyles)) throw new RangeError(`${label}: cellStyles must be an array parallel to rows`);
  let width = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!Array.isArray(row)) throw new RangeError(`${label} row ${r + 1}: must be an array of cells, got ${row === null ? 'null' : typeof row}`);
    width = Math.max(width, row.length, cellStyles?.[r]?.length ?? 0);
  }
  if (width > MAX_COLUMNS) throw new RangeError(`${label}: ${width} columns (at most ${MAX_COLUMNS})`);
  const columns = Array.from({ length: width }, (_, c) => toColumnName(c));
  const out: string[] = [];
  let lastRow = 0;
  let lastColumn = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as readonly unknown[];
    const styles = cellStyles?.[r];
    if (styles !== undefined && styles !== null && !Array.isArray(styles)) throw new RangeError(`${label} row ${r + 1}: cellStyles must be an array, got ${typeof styles}`);
    const n = Math.max(row.length, styles?.length ?? 0);
    const rowNumber = r + 1;
    let cells = '';
    for (let c = 0; c < n; c++) {
      const value = row[c];
      const style = styles?.[c];
      if (style !== undefined && style !== null && !(Number.isInteger(style) && style >= 0 && style < styleCount)) {
        throw new RangeError(`${label} row ${rowNumber} column ${c + 1} (${columns[c]}${rowNumber}): style ${String(style)} is not an index of styles (${styleCount === 0 ? 'the workbook has none' : `0-${styleCount - 1}`})`);
      }
      const s = style === undefined || style === null ? '' : ` s="${style + 1}"`;
      const ref = `${columns[c]}${rowNumber}`;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new RangeError(`${label} row ${rowNumber} column ${c + 1} (${ref}): ${value} is not a finite number`);
        cells += `<c r="${ref}"${s}><v>${value}</v></c>`;
      } else if (typeof value === 'string') {
        const invalid = findInvalidXmlChar(value);
        if (invalid) throw new RangeError(`${label} row ${rowNumber} column ${c + 1} (${ref}): the text contains ${invalid}, which XML (so xlsx) cannot hold`);
        cells += `<c r="${ref}"${s} t="s"><v>${strings.add(value)}</v></c>`;
      } else if (value === null || value === undefined) {
        if (!s) continue;
        cells += `<c r="${ref}"${s}/>`;
      } else {
        throw new RangeError(`${label} row ${rowNumber} column ${c + 1} (${ref}): a cell must be a string, a finite number or null, got ${typeof value}`);
      }
      lastColumn = Math.max(lastColumn, c + 1);
    }
    if (cells) {
      out.push(`<row r="${rowNumber}">${cells}</row>`);
      lastRow = rowNumber;
    }
  }
  let cols = '';
  if (columnWidths !== undefined) {
    if (!Array.isArray(columnWidths)) throw new RangeError(`${label}: columnWidths must be an array`);
    if (columnWidths.length > MAX_COLUMNS) throw new RangeError(`${label}: ${columnWidths.length} column widths (at most ${MAX_COLUMNS})`);
    columnWidths.forEach((w, c) => {
      if (w === undefined || w === null) return;
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0 || w > 255) {
        throw new RangeError(`${label}: columnWidths[${c}] (column ${toColumnName(c)}) must be a number in [0, 255], got ${String(w)}`);
      }
      cols += `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`;
    });
  }
  const dimension = lastRow === 0 ? 'A1' : `A1:${toColumnName(lastColumn - 1)}${lastRow}`;
  const view = sheet.freezeFirstRow
    ? `<sheetView workbookViewId="0"${sheetIndex === 0 ? ' tabSelected="1"' : ''}><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>`
    : `<sheetView workbookViewId="0"${sheetIndex === 0 ? ' tabSelected="1"' : ''}/>`;
  return (
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><dimension ref="${dimension}"/><sheetViews>${view}</sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>${cols ? `<cols>${cols}</cols>` : ''}<sheetData>${out.join('')}</sheetData>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
  );
}

/** W3CDTF without milliseconds, as Office writes it. */
function toW3cdtf(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Builds an xlsx workbook in memory (browser-safe): one worksheet per sheet, in order, with shared strings,
 * the style table (bold, horizontal and vertical alignment, a bottom border, number formats), column widths
 * and frozen header rows; `docProps/core.xml` carries `creator` and `date` (created and modified). With the
 * same input and `date` the bytes are the same. Zip members are deflated with `options.deflateRaw`, stored
 * without it. Errors (RangeError naming the sheet, row and column, or the style): a NaN or infinite number, a
 * value that is not a string, number or null, text with characters XML cannot hold (C0 controls but tab, LF,
 * CR; U+FFFE, U+FFFF; lone surrogates), a bad sheet name (empty, over 31 characters, `[ ] : * ? / \`, a
 * repeat), a style index outside the table, a width outside 0-255, more rows or columns than Excel has.
 *
 * @example
 * ```ts
 * import { deflateRawSync } from 'node:zlib';
 * import { buildXlsx } from '@interp/xlsx';
 * const bytes = buildXlsx(
 *   {
 *     styles: [{ bold: true, horizontal: 'center', borderBottom: 'thin' }, { numFmt: '0.0000' }],
 *     sheets: [{ name: 'Weights', rows: [['Neuron', 'Weight'], [3, 0.125]], cellStyles: [[0, 0], [null, 1]], freezeFirstRow: true }],
 *   },
 *   { deflateRaw: (b) => deflateRawSync(b), date: new Date(0), creator: 'me' },
 * );
 * ```
 */
export function buildXlsx(workbook: XlsxWorkbook, options: BuildXlsxOptions = {}): Uint8Array {
  const { entries, date } = buildXlsxEntries(workbook, options);
  return writeZip(entries, { ...(options.deflateRaw ? { deflateRaw: options.deflateRaw } : {}), date });
}

/**
 * {@link buildXlsx} with an asynchronous (or synchronous) deflate: in a browser `deflateRawWithStreams` of
 * `@interp/zip` (`CompressionStream('deflate-raw')`). The same parts, checks and layout.
 *
 * @example
 * ```ts
 * import { buildXlsxAsync } from '@interp/xlsx';
 * import { deflateRawWithStreams } from '@interp/zip';
 * const bytes = await buildXlsxAsync({ sheets: [{ name: 'Summary', rows: [['MSE', 0.01]] }] }, { deflateRaw: deflateRawWithStreams });
 * const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
 * ```
 */
export async function buildXlsxAsync(
  workbook: XlsxWorkbook,
  options: Omit<BuildXlsxOptions, 'deflateRaw'> & { deflateRaw?: (data: Uint8Array) => Uint8Array | Promise<Uint8Array> } = {},
): Promise<Uint8Array> {
  const { entries, date } = buildXlsxEntries(workbook, options);
  return writeZipAsync(entries, { ...(options.deflateRaw ? { deflateRaw: options.deflateRaw } : {}), date });
}

/** The zip entries of a workbook, in their order, and the date they carry. */
function buildXlsxEntries(workbook: XlsxWorkbook, options: Omit<BuildXlsxOptions, 'deflateRaw'>): { entries: ZipInput[]; date: Date } {
  if (typeof workbook !== 'object' || workbook === null || !Array.isArray(workbook.sheets)) throw new RangeError('buildXlsx: workbook must be { sheets: [...], styles?: [...] }');
  const { sheets } = workbook;
  const styles = workbook.styles ?? [];
  if (!Array.isArray(styles)) throw new RangeError('buildXlsx: workbook.styles must be an array');
  if (sheets.length === 0) throw new RangeError('buildXlsx: a workbook needs at least one sheet');
  checkSheetNames(sheets.map((s) => (typeof s === 'object' && s !== null ? s.name : undefined)));
  const date = options.date ?? new Date();
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError(`buildXlsx: options.date must be a valid Date, got ${String(date)}`);
  const creator = options.creator;
  if (creator !== undefined && (typeof creator !== 'string' || findInvalidXmlChar(creator))) throw new RangeError('buildXlsx: options.creator must be a string XML can hold');
  const stylesXml = buildStylesXml(styles);
  const strings = new SharedStrings();
  const sheetXml = sheets.map((s, i) => buildSheetXml(s, i, styles.length, strings));
  const n = sheets.length;
  const sheetIds = Array.from({ length: n }, (_, i) => i + 1);
  const contentTypes =
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${CT}.spreadsheetml.sheet.main+xml"/>` +
    sheetIds.map((i) => `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="${CT}.spreadsheetml.worksheet+xml"/>`).join('') +
    `<Override PartName="/xl/styles.xml" ContentType="${CT}.spreadsheetml.styles+xml"/>` +
    `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.spreadsheetml.sharedStrings+xml"/>` +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    `<Override PartName="/docProps/app.xml" ContentType="${CT}.extended-properties+xml"/></Types>`;
  const rootRels =
    `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
    `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
    `<Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/></Relationships>`;
  const stamp = toW3cdtf(date);
  const core =
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    (creator === undefined ? '' : `<dc:creator>${escapeXml(creator)}</dc:creator>`) +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified></cp:coreProperties>`;
  const app =
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
    '<Application>@interp/xlsx</Application>' +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${n}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${n}" baseType="lpstr">${sheets.map((s) => `<vt:lpstr>${escapeXml(s.name)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts></Properties>`;
  const workbookXml =
    `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>` +
    sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
    '</sheets></workbook>';
  const workbookRels =
    `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
    sheetIds.map((i) => `<Relationship Id="rId${i}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i}.xml"/>`).join('') +
    `<Relationship Id="rId${n + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId${n + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  const entries: ZipInput[] = [
    { name: '[Content_Types].xml', data: contentTypes },
    { name: '_rels/.rels', data: rootRels },
    { name: 'docProps/core.xml', data: core },
    { name: 'docProps/app.xml', data: app },
    { name: 'xl/workbook.xml', data: workbookXml },
    { name: 'xl/_rels/workbook.xml.rels', data: workbookRels },
    { name: 'xl/styles.xml', data: stylesXml },
    { name: 'xl/sharedStrings.xml', data: strings.toXml() },
    ...sheetXml.map((data, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data })),
  ];
  return { entries, date };
}
