/**
 * The element types of the safetensors format that this package reads and writes.
 *
 * @example
 * ```ts
 * import { dtypeByteSize, type SafetensorsDtype } from '@interp/safetensors';
 * const dtype: SafetensorsDtype = 'BF16';
 * dtypeByteSize(dtype); // 2
 * ```
 */
export type SafetensorsDtype =
  | 'F64'
  | 'F32'
  | 'F16'
  | 'BF16'
  | 'I64'
  | 'I32'
  | 'I16'
  | 'I8'
  | 'U64'
  | 'U32'
  | 'U16'
  | 'U8'
  | 'BOOL';

/**
 * The JavaScript typed arrays that hold tensor data.
 *
 * @example
 * ```ts
 * import { serializeSafetensors, type TypedArray } from '@interp/safetensors';
 * const data: TypedArray = new Int32Array([1, 2, 3]);
 * serializeSafetensors({ ids: { shape: [3], data } }); // an I32 tensor
 * ```
 */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array
  | BigInt64Array
  | BigUint64Array;

type TypedArrayConstructor = {
  new (length: number): TypedArray;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
};

interface DtypeInfo {
  /** Bytes per element. */
  size: number;
  /** The typed array that holds it (F16/BF16 as raw Uint16Array bits, BOOL as Uint8Array). */
  array: TypedArrayConstructor;
}

const DTYPES: Record<SafetensorsDtype, DtypeInfo> = {
  F64: { size: 8, array: Float64Array },
  F32: { size: 4, array: Float32Array },
  F16: { size: 2, array: Uint16Array },
  BF16: { size: 2, array: Uint16Array },
  I64: { size: 8, array: BigInt64Array },
  I32: { size: 4, array: Int32Array },
  I16: { size: 2, array: Int16Array },
  I8: { size: 1, array: Int8Array },
  U64: { size: 8, array: BigUint64Array },
  U32: { size: 4, array: Uint32Array },
  U16: { size: 2, array: Uint16Array },
  U8: { size: 1, array: Uint8Array },
  BOOL: { size: 1, array: Uint8Array },
};

/**
 * Every dtype this package supports, in the order the safetensors specification lists them.
 *
 * @example
 * ```ts
 * import { SAFETENSORS_DTYPES } from '@interp/safetensors';
 * SAFETENSORS_DTYPES.includes('F32'); // true
 * ```
 */
export const SAFETENSORS_DTYPES: readonly SafetensorsDtype[] = Object.freeze(
  Object.keys(DTYPES) as SafetensorsDtype[],
);

/**
 * Whether `value` names a supported dtype.
 *
 * @example
 * ```ts
 * import { isSafetensorsDtype } from '@interp/safetensors';
 * isSafetensorsDtype('F16');  // true
 * isSafetensorsDtype('F8_E4M3'); // false: not supported here
 * ```
 */
export function isSafetensorsDtype(value: unknown): value is SafetensorsDtype {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DTYPES, value);
}

/**
 * Bytes per element of a dtype.
 *
 * @example
 * ```ts
 * import { dtypeByteSize } from '@interp/safetensors';
 * dtypeByteSize('BF16'); // 2
 * ```
 */
export function dtypeByteSize(dtype: SafetensorsDtype): number {
  return DTYPES[dtype].size;
}

/** The typed array constructor that holds a dtype's elements. */
export function typedArrayConstructorFor(dtype: SafetensorsDtype): TypedArrayConstructor {
  return DTYPES[dtype].array;
}

/**
 * The dtype a typed array maps to when none is given (a `Uint16Array` is `U16`; pass `dtype: 'F16'`
 * or `'BF16'` explicitly for half floats, `'BOOL'` with a `Uint8Array` for booleans).
 *
 * @example
 * ```ts
 * import { inferDtype } from '@interp/safetensors';
 * inferDtype(new Float32Array(3)); // 'F32'
 * ```
 */
export function inferDtype(data: TypedArray): SafetensorsDtype {
  if (data instanceof Float32Array) return 'F32';
  if (data instanceof Float64Array) return 'F64';
  if (data instanceof Int32Array) return 'I32';
  if (data instanceof Int16Array) return 'I16';
  if (data instanceof Int8Array) return 'I8';
  if (data instanceof Uint32Array) return 'U32';
  if (data instanceof Uint16Array) return 'U16';
  if (data instanceof Uint8Array) return 'U8';
  if (data instanceof BigInt64Array) return 'I64';
  if (data instanceof BigUint64Array) return 'U64';
  throw new TypeError(`safetensors: cannot infer a dtype from ${describeValue(data)}; pass a typed array`);
}

/** Whether a typed array can hold the elements of `dtype` (F16/BF16 need Uint16Array, BOOL Uint8Array). */
export function isArrayCompatible(dtype: SafetensorsDtype, data: TypedArray): boolean {
  return data instanceof DTYPES[dtype].array;
}

/** A short description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/**
 * True on little-endian hosts (every platform Node and browsers run on in practice).
 *
 * @example
 * ```ts
 * import { IS_LITTLE_ENDIAN } from '@interp/safetensors';
 * if (!IS_LITTLE_ENDIAN) throw new Error('this host cannot read safetensors without byte swapping');
 * ```
 */
export const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Throws on a big-endian host: safetensors data is little-endian and this package does not byte-swap. */
export function assertLittleEndian(where: string): void {
  if (!IS_LITTLE_ENDIAN) {
    throw new Error(`${where}: big-endian hosts are not supported (safetensors data is little-endian)`);
  }
}
