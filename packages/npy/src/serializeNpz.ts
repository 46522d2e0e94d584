import { concatBytes, crc32, type ZipMember } from '@interp/zip';
import type { NpyWriteOptions } from './npyHeader';
import { buildNpz } from './npzArchive';
import { serializeNpy, type NpyInput } from './serializeNpy';

/**
 * Serialises arrays to an uncompressed `.npz` archive (browser-safe), as `np.savez` does: one `<name>.npy`
 * member per array, stored. `@interp/npy/node`'s `writeNpzFile` also deflates (`np.savez_compressed`).
 *
 * @example
 * ```ts
 * import { parseNpz, serializeNpz } from '@interp/npy';
 * const bytes = serializeNpz({ activations: { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } });
 * (await parseNpz(bytes)).activations?.data; // Float32Array [1, 2, 3, 4]
 * ```
 */
export function serializeNpz(arrays: Record<string, NpyInput>, options: NpyWriteOptions = {}): Uint8Array {
  const members: ZipMember[] = Object.entries(arrays).map(([name, array]) => {
    const bytes = serializeNpy(array, options);
    return { name: `${name}.npy`, stored: bytes, method: 0, crc32: crc32(bytes), uncompressedSize: bytes.length };
  });
  return concatBytes(buildNpz(members));
}
