import { decodeFloat16, encodeFloat16 } from '@interp/safetensors';
import { countElements, type NpyDtype, type NpyEndian } from './npyHeader';
import { NpyError } from './NpyError';

/**
 * The values of an array: `Float64Array` for f8, `Float32Array` for f4 and f2 (half floats decoded).
 *
 * @example
 * ```ts
 * import { parseNpy, type NpyData } from '@interp/npy';
 * const data: NpyData = parseNpy(bytes).data; // Float64Array for f8, Float32Array for f4 and f2
 * const first = data[0];
 * ```
 */
export type NpyData = Float32Array | Float64Array;

/**
 * An n-d array of floats, row-major (C order) in memory whatever the file's order.
 *
 * @example
 * ```ts
 * import { parseNpy, serializeNpy, type NpyArray } from '@interp/npy';
 * const a: NpyArray = parseNpy(serializeNpy({ shape: [2, 3], data: new Float32Array(6) }));
 * a.dtype; // 'f4'
 * a.shape; // [2, 3]
 * ```
 */
export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
}

const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/**
 * Decodes raw element bytes of a dtype and byte order into a fresh array in host order (f2 decoded to
 * Float32Array). The bytes are not modified.
 *
 * @example
 * ```ts
 * import { decodeNpyData } from '@interp/npy';
 * decodeNpyData(new Uint8Array([0x3f, 0x80, 0, 0]), 'f4', 'big'); // Float32Array [1]
 * ```
 */
export function decodeNpyData(bytes: Uint8Array, dtype: NpyDtype, endian: NpyEndian): NpyData {
  const size = dtype === 'f2' ? 2 : dtype === 'f4' ? 4 : 8;
  if (bytes.length % size !== 0) throw new NpyError(`${bytes.length} bytes are not a whole number of ${dtype} elements`);
  const copy = new Uint8Array(bytes); // aligned, ours to swap
  if ((endian === 'little') !== HOST_LITTLE) swapBytes(copy, size);
  const n = copy.length / size;
  if (dtype === 'f8') return new Float64Array(copy.buffer, 0, n);
  if (dtype === 'f4') return new Float32Array(copy.buffer, 0, n);
  return decodeFloat16(new Uint16Array(copy.buffer, 0, n));
}

/**
 * Encodes values as raw element bytes of a dtype and byte order (f2: round to nearest even).
 *
 * @example
 * ```ts
 * import { encodeNpyData } from '@interp/npy';
 * encodeNpyData(new Float32Array([1]), 'f4', 'big'); // Uint8Array [0x3f, 0x80, 0, 0]
 * ```
 */
export function encodeNpyData(values: ArrayLike<number>, dtype: NpyDtype, endian: NpyEndian): Uint8Array {
  let out: Uint8Array;
  let size: number;
  if (dtype === 'f8') {
    const a = Float64Array.from(values);
    out = new Uint8Array(a.buffer);
    size = 8;
  } else if (dtype === 'f4') {
    const a = Float32Array.from(values);
    out = new Uint8Array(a.buffer);
    size = 4;
  } else {
    out = new Uint8Array(encodeFloat16(values).buffer);
    size = 2;
  }
  if ((endian === 'little') !== HOST_LITTLE) swapBytes(out, size);
  return out;
}

function strides(shape: readonly number[], fortran: boolean): number[] {
  const s = new Array<number>(shape.length).fill(1);
  if (fortran) for (let i = 1; i < shape.length; i++) s[i] = s[i - 1]! * shape[i - 1]!;
  else for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

/**
 * Reorders an array between column-major (Fortran) and row-major (C) order: `toC` true takes
 * Fortran-ordered data to C order, false the reverse.
 *
 * @example
 * ```ts
 * import { reorderNpyData } from '@interp/npy';
 * reorderNpyData(new Float32Array([1, 3, 2, 4]), [2, 2], true); // Float32Array [1, 2, 3, 4]
 * ```
 */
export function reorderNpyData<T extends NpyData>(data: T, shape: readonly number[], toC: boolean): T {
  const n = countElements(shape);
  if (data.length !== n) throw new NpyError(`data hold ${data.length} values; shape [${shape.join(', ')}] needs ${n}`);
  if (shape.length < 2) return data.slice() as T;
  const out = new (data.constructor as { new (n: number): T })(n);
  const fs = strides(shape, true);
  const idx = new Array<number>(shape.length).fill(0);
  // walk C order; track the Fortran offset incrementally
  let f = 0;
  for (let c = 0; c < n; c++) {
    if (toC) out[c] = data[f]!;
    else out[f] = data[c]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]! += 1;
      f += fs[d]!;
      if (idx[d]! < shape[d]!) break;
      f -= fs[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return out;
}
