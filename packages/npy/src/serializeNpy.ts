import { buildNpyHeader, countElements, type NpyDtype, type NpyWriteOptions } from './npyHeader';
import { encodeNpyData, reorderNpyData, type NpyData } from './npyData';
import { NpyError } from './NpyError';

/**
 * An array to write: row-major values; `dtype` defaults to f8 for a Float64Array, else f4.
 *
 * @example
 * ```ts
 * import { serializeNpy, type NpyInput } from '@interp/npy';
 * const weights: NpyInput = { shape: [2, 2], data: new Float64Array([1, 2, 3, 4]) }; // dtype f8 (from the array)
 * const half: NpyInput = { dtype: 'f2', shape: [2], data: new Float32Array([0.5, 1]) };
 * serializeNpy(weights);
 * serializeNpy(half);
 * ```
 */
export interface NpyInput {
  dtype?: NpyDtype;
  shape: readonly number[];
  data: NpyData;
}

/** Checks an array to write and returns its dtype. */
export function checkNpyInput(array: NpyInput, where?: string): NpyDtype {
  const dtype = array.dtype ?? (array.data instanceof Float64Array ? 'f8' : 'f4');
  if (!(array.data instanceof Float32Array || array.data instanceof Float64Array)) {
    throw new NpyError('data must be a Float32Array or Float64Array', { source: where });
  }
  const n = countElements(array.shape);
  if (array.data.length !== n) {
    throw new NpyError(`data hold ${array.data.length} values; shape [${array.shape.join(', ')}] needs ${n}`, { source: where });
  }
  return dtype;
}

/**
 * Serialises an array to `.npy` bytes (browser-safe), as NumPy's `np.save` lays them out; options pick
 * the format version, byte order and C or Fortran order.
 *
 * @example
 * ```ts
 * import { parseNpy, serializeNpy } from '@interp/npy';
 * const bytes = serializeNpy({ shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) }, { endian: 'big' });
 * parseNpy(bytes).data; // Float32Array [1, 2, 3, 4]
 * ```
 */
export function serializeNpy(array: NpyInput, options: NpyWriteOptions = {}): Uint8Array {
  const dtype = checkNpyInput(array);
  const header = buildNpyHeader(dtype, array.shape, options);
  const ordered = options.fortranOrder ? reorderNpyData(array.data, array.shape, false) : array.data;
  const body = encodeNpyData(ordered, dtype, options.endian ?? 'little');
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}
