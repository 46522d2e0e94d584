/**
 * Node-only entry point (file I/O) of `@interp/npy`.
 *
 * @module @interp/npy/node
 */
export { readNpyChunks, readNpyInfo, type NpyArrayInfo, type NpyChunk, type ReadNpyChunksOptions } from './readNpyChunks';
export { readNpyFile, readNpzFile } from './readNpyFile';
export { createNpyWriter, writeNpyFile, writeNpzFile, type NpyWriter } from './writeNpyFile';
