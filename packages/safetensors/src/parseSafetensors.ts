import { assertLittleEndian, dtypeByteSize, typedArrayConstructorFor, type SafetensorsDtype, type TypedArray } from './dtypes';
import { parseSafetensorsHeader, readHeaderSize } from './parseSafetensorsHeader';

/**
 * A tensor read from a safetensors file.
 *
 * @example
 * ```ts
 * import { parseSafetensors, type Tensor } from '@interp/safetensors';
 * const w: Tensor | undefined = parseSafetensors(bytes).tensors.W_enc;
 * if (w?.dtype === 'F32') console.log(w.shape, (w.data as Float32Array)[0]);
 * ```
 */
export interface Tensor {
  dtype: SafetensorsDtype;
  shape: number[];
  /** Row-major elements: F32 -> Float32Array, I64 -> BigInt64Array, ..., F16/BF16 -> raw Uint16Array bits, BOOL -> Uint8Array. */
  data: TypedArray;
}

/**
 * The content of a safetensors file.
 *
 * @example
 * ```ts
 * import { parseSafetensors, type Safetensors } from '@interp/safetensors';
 * const file: Safetensors = parseSafetensors(bytes, { source: 'model.safetensors' });
 * Object.keys(file.tensors); // tensor names
 * file.metadata.format;      // a __metadata__ entry, e.g. 'pt'
 * ```
 */
export interface Safetensors {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

/**
 * Decodes a whole safetensors file held in memory, validating it against the specification (see
 * {@link parseSafetensorsHeader}). Tensor data are views into `bytes` where the offset is aligned for the
 * typed array, else copies; copy `bytes` first if you will modify it. Little-endian hosts only.
 *
 * @param options.source - A file name or label; every error message starts with it.
 * @example
 * ```ts
 * import { parseSafetensors, serializeSafetensors } from '@interp/safetensors';
 * const bytes = serializeSafetensors({ w: { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } });
 * const { tensors } = parseSafetensors(bytes, { source: 'w.safetensors' });
 * tensors.w?.data; // Float32Array [1, 2, 3, 4]
 * ```
 */
export function parseSafetensors(bytes: Uint8Array, options: { source?: string } = {}): Safetensors {
  assertLittleEndian('parseSafetensors');
  const headerSize = readHeaderSize(bytes.subarray(0, 8), bytes.length, options.source);
  const dataStart = 8 + headerSize;
  const header = parseSafetensorsHeader(bytes.subarray(8, dataStart), bytes.length - dataStart, options);
  const tensors: Record<string, Tensor> = {};
  for (const [name, entry] of Object.entries(header.entries)) {
    const [begin, end] = entry.dataOffsets;
    tensors[name] = {
      dtype: entry.dtype,
      shape: entry.shape,
      data: typedArrayFromBytes(entry.dtype, bytes.subarray(dataStart + begin, dataStart + end)),
    };
  }
  return { tensors, metadata: header.metadata };
}

/**
 * Views little-endian bytes as the typed array of `dtype`; copies when `bytes` is not aligned for it.
 *
 * @example
 * ```ts
 * import { typedArrayFromBytes } from '@interp/safetensors';
 * typedArrayFromBytes('I16', new Uint8Array([1, 0, 2, 0])); // Int16Array [1, 2]
 * ```
 */
export function typedArrayFromBytes(dtype: SafetensorsDtype, bytes: Uint8Array): TypedArray {
  const size = dtypeByteSize(dtype);
  const Ctor = typedArrayConstructorFor(dtype);
  if (bytes.length % size !== 0) {
    throw new RangeError(`typedArrayFromBytes: ${bytes.length} bytes is not a whole number of ${dtype} elements`);
  }
  const count = bytes.length / size;
  if (bytes.byteOffset % size === 0) return new Ctor(bytes.buffer, bytes.byteOffset, count);
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Ctor(copy.buffer, 0, count);
}
