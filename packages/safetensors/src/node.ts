/**
 * Node-only entry point (file I/O) of `@interp/safetensors`.
 *
 * @module @interp/safetensors/node
 */
export { createAtomicWriteQueue, type AtomicWriteQueue } from './createAtomicWriteQueue';
export { createSafetensorsWriter, type SafetensorsWriter } from './createSafetensorsWriter';
export { readExactly } from './readExactly';
export { readSafetensorsFile } from './readSafetensorsFile';
export { readSafetensorsHeader } from './readSafetensorsHeader';
export { readTensor } from './readTensor';
export { readTensorChunks, type TensorChunk } from './readTensorChunks';
export { writeAll } from './writeAll';
export { writeSafetensorsFile } from './writeSafetensorsFile';
