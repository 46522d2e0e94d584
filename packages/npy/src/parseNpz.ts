import { crc32 } from './crc32';
import { parseNpy } from './parseNpy';
import type { NpyArray } from './npyData';
import { NpyError } from './NpyError';
import { npzArrayName, readZipDirectory, zipDataOffset, type ByteReader } from './zipDirectory';

/** Inflates raw deflate data with the platform's `DecompressionStream` (browsers, Node >= 18). */
export async function inflateRawWithStreams(bytes: Uint8Array): Promise<Uint8Array> {
  const Ds = (globalThis as { DecompressionStream?: new (format: string) => TransformStream<Uint8Array, Uint8Array> }).DecompressionStream;
  if (!Ds) throw new NpyError('this platform has no DecompressionStream to inflate deflated .npz members');
  const stream = new Blob([bytes.slice()]).stream().pipeThrough(new Ds('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A {@link ByteReader} over bytes in memory. */
export function bytesReader(bytes: Uint8Array): ByteReader {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

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
  const reader = bytesReader(bytes);
  const out: Record<string, NpyArray> = {};
  for (const entry of await readZipDirectory(reader, source)) {
    const start = await zipDataOffset(reader, entry, source);
    const raw = bytes.subarray(start, start + entry.compressedSize);
    let member: Uint8Array;
    if (entry.method === 0) member = raw;
    else if (entry.method === 8) member = await inflateRawWithStreams(raw);
    else throw new NpyError(`compression method ${entry.method} is not supported (stored and deflated are)`, { source, entry: entry.name });
    if (member.length !== entry.uncompressedSize || crc32(member) !== entry.crc32) {
      throw new NpyError('corrupt zip member (size or CRC-32 mismatch)', { source, entry: entry.name });
    }
    out[npzArrayName(entry.name)] = parseNpy(member, { source: source ? `${source}/${entry.name}` : entry.name });
  }
  return out;
}
