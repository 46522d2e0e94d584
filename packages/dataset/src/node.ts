/**
 * Node-only entry point (file I/O) of `@interp/dataset`.
 *
 * @module @interp/dataset/node
 */
export { writeDatasetXlsx } from './writeDatasetXlsx';
export type { WriteDatasetXlsxOptions } from './writeDatasetXlsx';
export { readDatasetXlsx, streamDatasetXlsx } from './readDatasetXlsx';
export type { ReadDatasetXlsxOptions, StreamDatasetXlsxOptions, DatasetBatch } from './readDatasetXlsx';
export { writeSplits, readSplits, splitFileNames } from './writeSplits';
export { DatasetFileError, getColumnLetter } from './DatasetFileError';
export type { DatasetFileLocation } from './DatasetFileError';
