/**
 * Browser-safe entry point of `@interp/xlsx`: build an xlsx workbook in memory.
 *
 * @module @interp/xlsx
 */
export { buildXlsx, buildXlsxAsync } from './buildXlsx';
export { buildStylesXml } from './buildStylesXml';
export { checkSheetNames } from './checkSheetNames';
export { escapeXml, findInvalidXmlChar } from './escapeXml';
export { MAX_COLUMNS, MAX_ROWS, toColumnName } from './toColumnName';
export type { BuildXlsxOptions, XlsxCell, XlsxSheet, XlsxStyle, XlsxWorkbook } from './XlsxWorkbook';
