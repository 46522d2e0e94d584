import { crc32 } from './crc32';
import { inflateRawWithStreams } from './inflateRawWithStreams';
import { createByteReader, readZipDataOffset, readZipDirectory } from './readZipDirectory';
import { ZipError } from './ZipError';

/**
 * Options of {@link readZip}.
 *
 * @example
 * ```ts
 * import { inflateRawSync } from 'node:zlib';
 * import type { ReadZipOptions } from '@interp/zip';
 * const options: ReadZipOptions = { inflateRaw: (b) => inflateRawSync(b), source: 'book.xlsx' };
 * ```
 */
export interface ReadZipOptions {
  /** Raw inflate; default `DecompressionStream('deflate-raw')`. */
  inflateRaw?: (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;
  /** The archive's name for error messages. */
  source?: string;
}

/**
 * Reads every member of a zip archive held in memory (browser-safe), in directory order: stored or deflated,
 * each checked against its size and CRC-32. Errors (`ZipError` naming the member): anything
 * {@link readZipDirectory} refuses, another compression method, a size or CRC mismatch.
 *
 * @example
 * ```ts
 * import { readZip, writeZip } from '@interp/zip';
 * const files = await readZip(writeZip([{ name: 'a.txt', data: 'hello' }]));
 * new TextDecoder().decode(files[0]!.data); // 'hello'
 * ```
 */
export async function readZip(bytes: Uint8Array, options: ReadZipOptions = {}): Promise<{ name: string; data: Uint8Array }[]> {
  const { source } = options;
  const inflateRaw = options.inflateRaw ?? inflateRawWithStreams;
  const reader = createByteReader(bytes);
  const out: { name: string; data: Uint8Array }[] = [];
  for (const entry of await readZipDirectory(reader, source)) {
    const start = await readZipDataOffset(reader, entry, source);
    const raw = bytes.subarray(start, start + entry.compressedSize);
    let data: Uint8Array;
    if (entry.method === 0) data = raw;
    else if (entry.method === 8) data = await inflateRaw(raw);
    else throw new ZipError(`compression method ${entry.method} is not supported (stored and deflated are)`, { source, entry: entry.name });
    if (data.length !== entry.uncompressedSize || crc32(data) !== entry.crc32) {
      throw new ZipError('corrupt zip member (size or CRC-32 mismatch)', { source, entry: entry.name });
    }
    out.push({ name: entry.name, data });
  }
  return out;
}
