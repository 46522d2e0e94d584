/**
 * Node-only part of `@interp/core`: atomic file writes.
 *
 * @module @interp/core/node
 */
export { openAtomicFile, createTempPath } from './openAtomicFile';
export type { AtomicFile } from './openAtomicFile';
export { writeFileAtomic, writeFilesAtomic } from './writeFileAtomic';
export type { AtomicFileContent } from './writeFileAtomic';
