/**
 * Browser-safe entry point of `@interp/npy`.
 *
 * @module @interp/npy
 */
export { NpyError } from './NpyError';
export {
  NPY_MAGIC,
  buildNpyHeader,
  countElements,
  npyDtypeByteSize,
  npyPreludeLength,
  parseNpyHeader,
  type NpyDtype,
  type NpyEndian,
  type NpyHeader,
  type NpyWriteOptions,
} from './npyHeader';
export { decodeNpyData, encodeNpyData, reorderNpyData, type NpyArray, type NpyData } from './npyData';
export { parseNpy } from './parseNpy';
export { serializeNpy, type NpyInput } from './serializeNpy';
export { parseNpz } from './parseNpz';
export { serializeNpz } from './serializeNpz';
export { crc32 } from '@interp/zip';
