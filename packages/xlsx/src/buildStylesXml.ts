import { checkEnum, checkKnownKeys } from '@interp/core';
import { escapeXml, findInvalidXmlChar } from './escapeXml';
import type { XlsxStyle } from './XlsxWorkbook';

const HORIZONTAL = ['general', 'left', 'center', 'right', 'fill', 'justify', 'centerContinuous', 'distributed'] as const;
const VERTICAL = ['top', 'center', 'bottom', 'justify', 'distributed'] as const;
const BORDER = ['thin', 'medium', 'thick', 'dashed', 'dotted', 'double', 'hair'] as const;
const STYLE_KEYS = ['bold', 'horizontal', 'vertical', 'borderBottom', 'numFmt'];

const FONT = '<sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/>';

/**
 * `xl/styles.xml` for a style table: cell format `i + 1` is `styles[i]` (format 0 is the default), fonts,
 * borders and number formats shared between styles that use the same. Throws a RangeError naming the style
 * (its index) and the field for an unknown key or value.
 *
 * @example
 * ```ts
 * import { buildStylesXml } from '@interp/xlsx';
 * const xml = buildStylesXml([{ bold: true, horizontal: 'center' }, { numFmt: '0.0000' }]);
 * ```
 */
export function buildStylesXml(styles: readonly XlsxStyle[]): string {
  const numFmts: string[] = [];
  const fonts = ['regular', 'bold'];
  const borders: string[] = [''];
  const xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  styles.forEach((style, i) => {
    const where = `buildXlsx: styles[${i}]`;
    if (typeof style !== 'object' || style === null) throw new RangeError(`${where} must be an object, got ${String(style)}`);
    checkKnownKeys(style, where, STYLE_KEYS);
    if (style.bold !== undefined && typeof style.bold !== 'boolean') throw new RangeError(`${where}.bold must be a boolean, got ${String(style.bold)}`);
    const horizontal = style.horizontal === undefined ? undefined : checkEnum(style.horizontal, `${where}.horizontal`, HORIZONTAL);
    const vertical = style.vertical === undefined ? undefined : checkEnum(style.vertical, `${where}.vertical`, VERTICAL);
    const border = style.borderBottom === undefined ? undefined : checkEnum(style.borderBottom, `${where}.borderBottom`, BORDER);
    let numFmtId = 0;
    if (style.numFmt !== undefined) {
      const code = style.numFmt;
      if (typeof code !== 'string' || code.length === 0 || code.length > 255 || findInvalidXmlChar(code)) {
        throw new RangeError(`${where}.numFmt must be a format code of 1-255 characters such as "0.0000", got ${JSON.stringify(code)}`);
      }
      if (code !== 'General') {
        let k = numFmts.indexOf(code);
        if (k < 0) k = numFmts.push(code) - 1;
        numFmtId = 164 + k;
      }
    }
    const fontId = style.bold ? 1 : 0;
    let borderId = 0;
    if (border) {
      borderId = borders.indexOf(border);
      if (borderId < 0) borderId = borders.push(border) - 1;
    }
    const align = horizontal || vertical ? `<alignment${horizontal ? ` horizontal="${horizontal}"` : ''}${vertical ? ` vertical="${vertical}"` : ''}/>` : '';
    const apply =
      (numFmtId ? ' applyNumberFormat="1"' : '') + (fontId ? ' applyFont="1"' : '') + (borderId ? ' applyBorder="1"' : '') + (align ? ' applyAlignment="1"' : '');
    const head = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="${borderId}" xfId="0"${apply}`;
    xfs.push(align ? `${head}>${align}</xf>` : `${head}/>`);
  });
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    (numFmts.length
      ? `<numFmts count="${numFmts.length}">${numFmts.map((code, k) => `<numFmt numFmtId="${164 + k}" formatCode="${escapeXml(code)}"/>`).join('')}</numFmts>`
      : '') +
    `<fonts count="${fonts.length}">${fonts.map((f) => (f === 'bold' ? `<font><b/>${FONT}</font>` : `<font>${FONT}</font>`)).join('')}</fonts>` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    `<borders count="${borders.length}">${borders
      .map((b) => `<border><left/><right/><top/>${b ? `<bottom style="${b}"><color auto="1"/></bottom>` : '<bottom/>'}<diagonal/></border>`)
      .join('')}</borders>` +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '<dxfs count="0"/><tableStyles count="0"/></styleSheet>'
  );
}
