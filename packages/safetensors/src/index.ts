/**
 * Browser-safe entry point of `@interp/safetensors`.
 *
 * @module @interp/safetensors
 */
export {
  SAFETENSORS_DTYPES,
  dtypeByteSize,
  inferDtype,
  isSafetensorsDtype,
  IS_LITTLE_ENDIAN,
  type SafetensorsDtype,
  type TypedArray,
} from './dtypes';
export { SafetensorsError } from './SafetensorsError';
export {
  MAX_HEADER_SIZE,
  parseSafetensorsHeader,
  readHeaderSize,
  type SafetensorsEntry,
  type SafetensorsHeader,
} from './parseSafetensorsHeader';
export { parseSafetensors, typedArrayFromBytes, type Safetensors, type Tensor } from './parseSafetensors';
export {
  layoutSafetensors,
  serializeSafetensors,
  type SafetensorsLayout,
  type TensorInput,
  type TensorLayout,
} from './serializeSafetensors';
export { decodeBFloat16, decodeFloat16, encodeBFloat16, encodeFloat16 } from './halfFloats';
