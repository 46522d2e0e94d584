export { readNpyChunks, readNpyInfo, type NpyArrayInfo, type NpyChunk, type ReadNpyChunksOptions } from './readNpyChunks';
export { readNpyFile, readNpzFile } from './readNpyFile';
export { createNpyWriter, writeNpyFile, writeNpzFile, type NpyWriter } from './writeNpyFile';
