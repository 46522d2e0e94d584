import { SafetensorsError } from './SafetensorsError';
import {
  assertLittleEndian,
  describeValue,
  dtypeByteSize,
  inferDtype,
  isArrayCompatible,
  isSafetensorsDtype,
  SAFETENSORS_DTYPES,
  type SafetensorsDtype,
  type TypedArray,
} from './dtypes';

/**
 * A tensor to write: shape and row-major data, with the dtype inferred from the array unless given.
 *
 * @example
 * ```ts
 * import { encodeFloat16, serializeSafetensors, type TensorInput } from '@interp/safetensors';
 * const w: TensorInput = { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) };           // F32
 * const h: TensorInput = { dtype: 'F16', shape: [2], data: encodeFloat16(new Float32Array([0.5, 1])) };
 * const bytes = serializeSafetensors({ w, h });
 * ```
 */
export interface TensorInput {
  /** Default: from the array type (Float32Array -> F32, ...). F16/BF16 take raw bits in a Uint16Array; BOOL a Uint8Array. */
  dtype?: SafetensorsDtype;
  shape: readonly number[];
  data: TypedArray;
}

/**
 * The shape and dtype of one tensor, for laying out a file before its data exist.
 *
 * @example
 * ```ts
 * import { layoutSafetensors, type TensorLayout } from '@interp/safetensors';
 * const activations: TensorLayout = { dtype: 'F32', shape: [100_000, 512] };
 * const { dataLength } = layoutSafetensors({ activations }); // 204800000 bytes, no data allocated
 * ```
 */
export interface TensorLayout {
  dtype: SafetensorsDtype;
  shape: readonly number[];
}

/**
 * A file layout computed from tensor shapes: the encoded header and where each tensor's bytes go.
 *
 * @example
 * ```ts
 * import { layoutSafetensors, type SafetensorsLayout } from '@interp/safetensors';
 * const plan: SafetensorsLayout = layoutSafetensors({ a: { dtype: 'F32', shape: [2] }, b: { dtype: 'U8', shape: [3] } });
 * plan.tensors.map((t) => [t.name, t.begin, t.end]); // [['a', 0, 8], ['b', 8, 11]]
 * plan.header.length % 8; // 0: the data start 8-byte aligned
 * ```
 */
export interface SafetensorsLayout {
  /** The 8-byte length prefix plus the space-padded JSON header: the first bytes of the file. */
  header: Uint8Array;
  /** Tensors in data order, with their byte ranges relative to the data buffer. */
  tensors: { name: string; dtype: SafetensorsDtype; shape: number[]; begin: number; end: number }[];
  /** Total data bytes after the header. */
  dataLength: number;
}

/**
 * Computes the header of a safetensors file from tensor shapes alone: tensors are stored in the order
 * given, contiguously; the JSON header is padded with spaces to a multiple of 8 bytes so the data start
 * 8-byte aligned. Used by {@link serializeSafetensors} and the streaming Node writer.
 *
 * @example
 * ```ts
 * import { layoutSafetensors } from '@interp/safetensors';
 * const { header, dataLength } = layoutSafetensors({ w: { dtype: 'F32', shape: [3, 4] } }, { step: '10' });
 * ```
 */
export function layoutSafetensors(
  layout: Record<string, TensorLayout>,
  metadata: Record<string, string> = {},
  source?: string,
): SafetensorsLayout {
  const at = (tensor?: string) => ({
    ...(source === undefined ? {} : { source }),
    ...(tensor === undefined ? {} : { tensor }),
  });
  const json: Record<string, unknown> = {};
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new SafetensorsError(`metadata must be an object of strings, got ${describeValue(metadata)}`, at());
  }
  const metaEntries = Object.entries(metadata);
  for (const [key, value] of metaEntries) {
    if (typeof value !== 'string') {
      throw new SafetensorsError(`metadata value of ${JSON.stringify(key)} must be a string, got ${describeValue(value)}`, at());
    }
  }
  if (metaEntries.length > 0) json.__metadata__ = metadata;
  const tensors: SafetensorsLayout['tensors'] = [];
  let offset = 0;
  for (const [name, { dtype, shape }] of Object.entries(layout)) {
    if (name === '__metadata__') throw new SafetensorsError('"__metadata__" is reserved and cannot name a tensor', at());
    if (!isSafetensorsDtype(dtype)) {
      throw new SafetensorsError(`unknown dtype ${describeValue(dtype)}; supported: ${SAFETENSORS_DTYPES.join(', ')}`, at(name));
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new SafetensorsError(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`, at(name));
    }
    const bytes = shape.reduce((a, d) => a * d, 1) * dtypeByteSize(dtype);
    if (!Number.isSafeInteger(offset + bytes)) {
      throw new SafetensorsError(`shape ${JSON.stringify(shape)} is too large`, at(name));
    }
    tensors.push({ name, dtype, shape: [...shape], begin: offset, end: offset + bytes });
    json[name] = { dtype, shape: [...shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const encoded = new TextEncoder().encode(JSON.stringify(json));
  const padded = Math.ceil(encoded.length / 8) * 8;
  const header = new Uint8Array(8 + padded);
  new DataView(header.buffer).setBigUint64(0, BigInt(padded), true);
  header.set(encoded, 8);
  header.fill(0x20, 8 + encoded.length);
  return { header, tensors, dataLength: offset };
}

/**
 * Encodes tensors (and optional string metadata) as a safetensors file in memory. Tensors are stored
 * in the order given; the dtype defaults from the typed array (see {@link inferDtype}). Little-endian
 * hosts only.
 *
 * @example
 * ```ts
 * import { serializeSafetensors } from '@interp/safetensors';
 * const bytes = serializeSafetensors(
 *   { weight: { shape: [2, 3], data: new Float32Array(6) }, half: { dtype: 'F16', shape: [1], data: new Uint16Array([0x3c00]) } },
 *   { format: 'pt' },
 * );
 * ```
 */
export function serializeSafetensors(
  tensors: Record<string, TensorInput>,
  metadata: Record<string, string> = {},
): Uint8Array {
  assertLittleEndian('serializeSafetensors');
  const layout: Record<string, TensorLayout> = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    layout[name] = { dtype: checkTensorInput(name, tensor), shape: tensor.shape };
  }
  const { header, tensors: placed, dataLength } = layoutSafetensors(layout, metadata);
  const out = new Uint8Array(header.length + dataLength);
  out.set(header, 0);
  for (const t of placed) {
    const data = (tensors[t.name] as TensorInput).data;
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), header.length + t.begin);
  }
  return out;
}

/** Checks a tensor's data against its dtype and shape; returns the dtype. */
export function checkTensorInput(name: string, tensor: TensorInput, source?: string): SafetensorsDtype {
  const at = { tensor: name, ...(source === undefined ? {} : { source }) };
  if (tensor === null || typeof tensor !== 'object') {
    throw new SafetensorsError(`expected { shape, data }, got ${describeValue(tensor)}`, at);
  }
  const { data, shape } = tensor;
  if (!ArrayBuffer.isView(data) || data instanceof DataView) {
    throw new SafetensorsError(`data must be a typed array, got ${describeValue(data)}`, at);
  }
  let dtype: SafetensorsDtype;
  try {
    dtype = tensor.dtype ?? inferDtype(data);
  } catch (e) {
    throw new SafetensorsError((e as Error).message, at);
  }
  if (!isSafetensorsDtype(dtype)) {
    throw new SafetensorsError(`unknown dtype ${describeValue(dtype)}; supported: ${SAFETENSORS_DTYPES.join(', ')}`, at);
  }
  if (!isArrayCompatible(dtype, data)) {
    throw new SafetensorsError(`dtype ${dtype} cannot be written from a ${data.constructor.name}`, at);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new SafetensorsError(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`, at);
  }
  const count = shape.reduce((a, d) => a * d, 1);
  if (count !== data.length) {
    throw new SafetensorsError(`shape ${JSON.stringify(shape)} holds ${count} elements but data has ${data.length}`, at);
  }
  return dtype;
}
