import { ZipError } from './ZipError';

/**
 * Inflates raw deflate data with the platform's `DecompressionStream('deflate-raw')` (browsers, Node >= 18).
 *
 * @example
 * ```ts
 * import { inflateRawWithStreams } from '@interp/zip';
 * const data = await inflateRawWithStreams(deflatedBytes);
 * ```
 */
export async function inflateRawWithStreams(bytes: Uint8Array): Promise<Uint8Array> {
  const Ds = (globalThis as { DecompressionStream?: new (format: string) => TransformStream<Uint8Array, Uint8Array> }).DecompressionStream;
  if (!Ds) throw new ZipError('this platform has no DecompressionStream to inflate deflated members');
  const stream = new Blob([bytes.slice()]).stream().pipeThrough(new Ds('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Deflates bytes (raw deflate, no header) with the platform's `CompressionStream('deflate-raw')` (browsers,
 * Node >= 18). Asynchronous: deflate members with it, then lay them out with `buildZip`.
 *
 * @example
 * ```ts
 * import { buildZip, concatBytes, crc32, deflateRawWithStreams } from '@interp/zip';
 * const data = new TextEncoder().encode('hello '.repeat(100));
 * const stored = await deflateRawWithStreams(data);
 * const zip = concatBytes(buildZip([{ name: 'a.txt', stored, method: 8, crc32: crc32(data), uncompressedSize: data.length }]));
 * ```
 */
export async function deflateRawWithStreams(bytes: Uint8Array): Promise<Uint8Array> {
  const Cs = (globalThis as { CompressionStream?: new (format: string) => TransformStream<Uint8Array, Uint8Array> }).CompressionStream;
  if (!Cs) throw new ZipError('this platform has no CompressionStream to deflate members');
  const stream = new Blob([bytes.slice()]).stream().pipeThrough(new Cs('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
