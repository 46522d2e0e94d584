/**
 * Node-only entry point (file I/O) of `@interp/safetensors`.
 *
 * @module @interp/safetensors/node
 */
export { createSafetensorsWriter, type SafetensorsWriter } from './createSafetensorsWriter';
export { readSafetensorsFile } from './readSafetensorsFile';
export { readSafetensorsHeader } from './readSafetensorsHeader';
export { readTensor } from './readTensor';
export { readTensorChunks, type TensorChunk } from './readTensorChunks';
export { writeSafetensorsFile } from './writeSafetensorsFile';
