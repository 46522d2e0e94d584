import { createByteReader, crc32, inflateRawWithStreams } from '@interp/zip';
import { parseNpy } from './parseNpy';
import type { NpyArray } from './npyData';
import { NpyError } from './NpyError';
import { asNpyError, npzArrayName, readNpzDataOffset, readNpzDirectory } from './npzArchive';

/**
 * Parses a whole `.npz` archive held in memory (browser-safe): stored or deflated members (CRC-checked),
 * each a `.npy` file, keyed by array name (`x` for `x.npy`).
 *
 * @example
 * ```ts
 * import { parseNpz } from '@interp/npy';
 * const arrays = await parseNpz(new Uint8Array(await (await fetch('acts.npz')).arrayBuffer()), { source: 'acts.npz' });
 * arrays.activations?.shape; // e.g. [1000, 512]
 * ```
 */
export async function parseNpz(bytes: Uint8Array, options: { source?: string } = {}): Promise<Record<string, NpyArray>> {
  const { source } = options;
  const reader = createByteReader(bytes);
  const out: Record<string, NpyArray> = {};
  for (const entry of await readNpzDirectory(reader, source)) {
    const start = await readNpzDataOffset(reader, entry, source);
    const raw = bytes.subarray(start, start + entry.compressedSize);
    let member: Uint8Array;
    if (entry.method === 0) member = raw;
    else if (entry.method === 8) member = await asNpyError(() => inflateRawWithStreams(raw), source);
    else throw new NpyError(`compression method ${entry.method} is not supported (stored and deflated are)`, { source, entry: entry.name });
    if (member.length !== entry.uncompressedSize || crc32(member) !== entry.crc32) {
      throw new NpyError('corrupt zip member (size or CRC-32 mismatch)', { source, entry: entry.name });
    }
    out[npzArrayName(entry.name)] = parseNpy(member, { source: source ? `${source}/${entry.name}` : entry.name });
  }
  return out;
}
