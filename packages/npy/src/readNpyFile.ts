import { readNpyChunks, readNpyInfo, rowsOf } from './readNpyChunks';
import type { NpyArray } from './npyData';

/**
 * Reads one whole array of a `.npy` file or `.npz` archive (`options.name` picks the array of an archive
 * holding several), row-major in host byte order.
 *
 * @example
 * ```ts
 * import { readNpyFile } from '@interp/npy/node';
 * const { shape, data } = await readNpyFile('acts.npy');
 * ```
 */
export async function readNpyFile(path: string, options: { name?: string } = {}): Promise<NpyArray> {
  const infos = await readNpyInfo(path);
  const info = options.name !== undefined ? infos.find((i) => i.name === options.name) : infos.length === 1 ? infos[0] : undefined;
  const chunks = readNpyChunks(path, 65536, options); // throws naming the arrays when the choice is ambiguous
  const first = await chunks.next();
  const h = info!.header;
  const { rowLength } = rowsOf(h.shape);
  const n = rowsOf(h.shape).rows * rowLength;
  const data = h.dtype === 'f8' ? new Float64Array(n) : new Float32Array(n);
  for (let c = first; !c.done; c = await chunks.next()) data.set(c.value.data, c.value.rowStart * rowLength);
  return { dtype: h.dtype, shape: h.shape, data };
}

/**
 * Reads every array of an `.npz` archive (or the one array of a `.npy` file, named `arr_0`).
 *
 * @example
 * ```ts
 * import { readNpzFile } from '@interp/npy/node';
 * const { activations } = await readNpzFile('acts.npz');
 * ```
 */
export async function readNpzFile(path: string): Promise<Record<string, NpyArray>> {
  const out: Record<string, NpyArray> = {};
  for (const info of await readNpyInfo(path)) {
    out[info.name ?? 'arr_0'] = await readNpyFile(path, info.name !== undefined ? { name: info.name } : {});
  }
  return out;
}
