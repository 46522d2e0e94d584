export { openAtomicFile, createTempPath } from './openAtomicFile';
export type { AtomicFile } from './openAtomicFile';
export { writeFileAtomic, writeFilesAtomic } from './writeFileAtomic';
export type { AtomicFileContent } from './writeFileAtomic';
