import { buildZip, type ZipMember } from './buildZip';
import { concatBytes } from './concatBytes';
import { crc32 } from './crc32';
import { ZipError } from './ZipError';

/**
 * One file for {@link writeZip}: its path inside the archive and its content (a string is written as UTF-8).
 *
 * @example
 * ```ts
 * import type { ZipInput } from '@interp/zip';
 * const entry: ZipInput = { name: 'docs/readme.txt', data: 'hello' };
 * ```
 */
export interface ZipInput {
  name: string;
  data: Uint8Array | string;
}

/**
 * Options of {@link writeZip}.
 *
 * @example
 * ```ts
 * import { deflateRawSync } from 'node:zlib';
 * import type { WriteZipOptions } from '@interp/zip';
 * const options: WriteZipOptions = { deflateRaw: (b) => deflateRawSync(b), date: new Date(0) };
 * ```
 */
export interface WriteZipOptions {
  /**
   * Raw deflate (RFC 1951, no zlib header), synchronous: `node:zlib`'s `deflateRawSync` in Node, any synchronous
   * deflate in a browser. Without it every member is stored uncompressed. (For the browser's asynchronous
   * `CompressionStream`, use {@link writeZipAsync} with `deflateRawWithStreams`.)
   */
  deflateRaw?: (data: Uint8Array) => Uint8Array;
  /** The modification date of every entry (UTC); default 1980-01-01 00:00, so equal inputs give equal bytes. */
  date?: Date;
  /** The archive's name for error messages. */
  source?: string;
}

/**
 * Writes files into a zip archive in memory (browser-safe), in the given order: stored without
 * `options.deflateRaw`, deflated with it; every entry carries the same fixed date, so the same files give the
 * same bytes. No zip64 (archives up to 4 GiB). Errors (`ZipError` naming the entry): an empty or duplicate
 * name, data that is neither a string nor bytes, a `deflateRaw` that throws or returns no bytes.
 *
 * @example
 * ```ts
 * import { deflateRawSync } from 'node:zlib';
 * import { writeZip } from '@interp/zip';
 * const stored = writeZip([{ name: 'a.txt', data: 'hello' }]);
 * const deflated = writeZip([{ name: 'a.txt', data: 'hello'.repeat(1000) }], { deflateRaw: (b) => deflateRawSync(b) });
 * ```
 */
export function writeZip(entries: readonly ZipInput[], options: WriteZipOptions = {}): Uint8Array {
  const { deflateRaw, source } = options;
  const inputs = checkEntries(entries, deflateRaw, source);
  const members: ZipMember[] = inputs.map(({ name, data }) => {
    if (!deflateRaw) return { name, stored: data, method: 0, crc32: crc32(data), uncompressedSize: data.length };
    let stored: Uint8Array;
    try {
      stored = deflateRaw(data);
    } catch (e) {
      throw new ZipError(`deflateRaw failed: ${(e as Error).message}`, { source, entry: name });
    }
    return deflatedMember(name, data, stored, source);
  });
  return concatBytes(buildZip(members, { ...(options.date ? { date: options.date } : {}), ...(source === undefined ? {} : { source }) }));
}

/**
 * {@link writeZip} with an asynchronous (or synchronous) deflate, such as `deflateRawWithStreams`
 * (`CompressionStream('deflate-raw')`, the browser's). The same layout, entry order and dates; members are
 * deflated one after another.
 *
 * @example
 * ```ts
 * import { deflateRawWithStreams, writeZipAsync } from '@interp/zip';
 * const zip = await writeZipAsync([{ name: 'a.txt', data: 'hello'.repeat(1000) }], { deflateRaw: deflateRawWithStreams });
 * ```
 */
export async function writeZipAsync(
  entries: readonly ZipInput[],
  options: Omit<WriteZipOptions, 'deflateRaw'> & { deflateRaw?: (data: Uint8Array) => Uint8Array | Promise<Uint8Array> } = {},
): Promise<Uint8Array> {
  const { deflateRaw, source } = options;
  const inputs = checkEntries(entries, deflateRaw, source);
  // every entry's deflate is started at once (Node's zlib runs them on its thread pool, the page's streams in
  // parallel too); the members keep the entries' order
  const members: ZipMember[] = await Promise.all(
    inputs.map(async ({ name, data }): Promise<ZipMember> => {
      if (!deflateRaw) return { name, stored: data, method: 0, crc32: crc32(data), uncompressedSize: data.length };
      let stored: Uint8Array;
      try {
        stored = await deflateRaw(data);
      } catch (e) {
        throw new ZipError(`deflateRaw failed: ${(e as Error).message}`, { source, entry: name });
      }
      return deflatedMember(name, data, stored, source);
    }),
  );
  return concatBytes(buildZip(members, { ...(options.date ? { date: options.date } : {}), ...(source === undefined ? {} : { source }) }));
}

/** The entries as names and bytes (strings encoded as UTF-8), or a ZipError naming the bad one. */
function checkEntries(entries: readonly ZipInput[], deflateRaw: unknown, source: string | undefined): { name: string; data: Uint8Array }[] {
  if (!Array.isArray(entries)) throw new ZipError('entries must be an array of { name, data }', { source });
  if (deflateRaw !== undefined && typeof deflateRaw !== 'function') throw new ZipError('options.deflateRaw must be a function (bytes) => bytes', { source });
  const enc = new TextEncoder();
  return entries.map((entry, i) => {
    const name = entry?.name;
    if (typeof name !== 'string' || name.length === 0) throw new ZipError(`entry ${i}: name must be a non-empty string`, { source });
    const data = typeof entry.data === 'string' ? enc.encode(entry.data) : entry.data;
    if (!(data instanceof Uint8Array)) throw new ZipError('data must be a string or a Uint8Array', { source, entry: name });
    return { name, data };
  });
}

function deflatedMember(name: string, data: Uint8Array, stored: unknown, source: string | undefined): ZipMember {
  if (!(stored instanceof Uint8Array)) throw new ZipError('deflateRaw returned no Uint8Array', { source, entry: name });
  return { name, stored, method: 8, crc32: crc32(data), uncompressedSize: data.length };
}
