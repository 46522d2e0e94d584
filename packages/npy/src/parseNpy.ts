import { countElements, npyDtypeByteSize, parseNpyHeader } from './npyHeader';
import { decodeNpyData, reorderNpyData, type NpyArray } from './npyData';
import { NpyError } from './NpyError';

/**
 * Parses a whole `.npy` file held in memory (browser-safe): format versions 1-3, little or big endian,
 * C or Fortran order, f2/f4/f8. The result is row-major in host byte order whatever the file's layout.
 *
 * @example
 * ```ts
 * import { parseNpy } from '@interp/npy';
 * const bytes = new Uint8Array(await (await fetch('acts.npy')).arrayBuffer());
 * const { shape, data } = parseNpy(bytes, { source: 'acts.npy' });
 * ```
 */
export function parseNpy(bytes: Uint8Array, options: { source?: string } = {}): NpyArray {
  const header = parseNpyHeader(bytes, options);
  const n = countElements(header.shape);
  const need = n * npyDtypeByteSize(header.dtype);
  const have = bytes.length - header.dataOffset;
  if (have < need) {
    throw new NpyError(`truncated: shape [${header.shape.join(', ')}] of ${header.dtype} needs ${need} data bytes, the file has ${have}`, options);
  }
  if (have > need) {
    throw new NpyError(`${have - need} bytes after the data of shape [${header.shape.join(', ')}] (not a .npy file?)`, options);
  }
  const raw = decodeNpyData(bytes.subarray(header.dataOffset), header.dtype, header.endian);
  const data = header.fortranOrder ? reorderNpyData(raw, header.shape, true) : raw;
  return { dtype: header.dtype, shape: header.shape, data };
}
