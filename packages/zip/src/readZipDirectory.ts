import { ZipError } from './ZipError';

/**
 * One member of a zip archive, as its central directory describes it (from {@link readZipDirectory}).
 *
 * @example
 * ```ts
 * import { createByteReader, readZipDirectory, type ZipEntry } from '@interp/zip';
 * const entries: ZipEntry[] = await readZipDirectory(createByteReader(bytes));
 * entries.map((e) => `${e.name}: ${e.uncompressedSize} bytes, ${e.method === 8 ? 'deflated' : 'stored'}`);
 * ```
 */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated (others are listed; reading them is the caller's choice). */
  method: number;
  /** General-purpose flags (bit 0: encrypted, which {@link readZipDirectory} refuses). */
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the member's local header. */
  localHeaderOffset: number;
}

/**
 * Random access to the bytes of an archive: a buffer in the browser ({@link createByteReader}), a file
 * handle in Node.
 *
 * @example
 * ```ts
 * import type { ByteReader } from '@interp/zip';
 * const reader: ByteReader = { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
 * ```
 */
export interface ByteReader {
  readonly size: number;
  /** Exactly `length` bytes at `offset` (or an error). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/**
 * A {@link ByteReader} over bytes in memory (reads are views, not copies).
 *
 * @example
 * ```ts
 * import { createByteReader, readZipDirectory } from '@interp/zip';
 * const entries = await readZipDirectory(createByteReader(new Uint8Array(await (await fetch('book.xlsx')).arrayBuffer())));
 * ```
 */
export function createByteReader(bytes: Uint8Array): ByteReader {
  return {
    size: bytes.length,
    read: async (offset, length) => {
      if (offset < 0 || offset + length > bytes.length) throw new ZipError(`read of ${length} bytes at ${offset} is beyond the end (${bytes.length} bytes)`);
      return bytes.subarray(offset, offset + length);
    },
  };
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

function u64(v: DataView, at: number, source: string | undefined): number {
  if (at + 8 > v.byteLength) throw new ZipError('truncated zip64 field', { source });
  const n = v.getBigUint64(at, true);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('zip64 size or offset beyond 2^53', { source });
  return Number(n);
}

/**
 * Reads the central directory of a zip archive, zip64 records included (as NumPy's `np.savez` writes them).
 * Errors (`ZipError`, naming `source`): not a zip archive, truncated, a damaged directory, an encrypted member.
 *
 * @example
 * ```ts
 * import { createByteReader, readZipDirectory } from '@interp/zip';
 * const entries = await readZipDirectory(createByteReader(bytes), 'acts.npz');
 * entries.map((e) => e.name); // ['activations.npy']
 * ```
 */
export async function readZipDirectory(reader: ByteReader, source?: string): Promise<ZipEntry[]> {
  const tailLength = Math.min(reader.size, 22 + 0xffff);
  if (reader.size < 22) throw new ZipError(`not a zip archive (${reader.size} bytes)`, { source });
  const tail = await reader.read(reader.size - tailLength, tailLength);
  const tv = view(tail);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('not a zip archive (no end of central directory record)', { source });
  let count = tv.getUint16(eocd + 10, true);
  let cdSize = tv.getUint32(eocd + 12, true);
  let cdOffset = tv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || tv.getUint32(loc, true) !== 0x07064b50) throw new ZipError('zip64 locator missing', { source });
    const z64Offset = u64(tv, loc + 8, source);
    if (z64Offset + 56 > reader.size) throw new ZipError('truncated zip archive (zip64 record beyond the end)', { source });
    const z = view(await reader.read(z64Offset, 56));
    if (z.getUint32(0, true) !== 0x06064b50) throw new ZipError('zip64 end of central directory record missing', { source });
    count = u64(z, 32, source);
    cdSize = u64(z, 40, source);
    cdOffset = u64(z, 48, source);
  }
  if (cdOffset + cdSize > reader.size) throw new ZipError('truncated zip archive (central directory beyond the end)', { source });
  const cd = await reader.read(cdOffset, cdSize);
  const cv = view(cd);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let e = 0; e < count; e++) {
    if (p + 46 > cd.length || cv.getUint32(p, true) !== 0x02014b50) throw new ZipError(`corrupt zip central directory at entry ${e}`, { source });
    const flags = cv.getUint16(p + 8, true);
    const method = cv.getUint16(p + 10, true);
    const crc = cv.getUint32(p + 16, true);
    let compressedSize = cv.getUint32(p + 20, true);
    let uncompressedSize = cv.getUint32(p + 24, true);
    const nameLength = cv.getUint16(p + 28, true);
    const extraLength = cv.getUint16(p + 30, true);
    const commentLength = cv.getUint16(p + 32, true);
    let localHeaderOffset = cv.getUint32(p + 42, true);
    if (p + 46 + nameLength + extraLength + commentLength > cd.length) throw new ZipError(`corrupt zip central directory at entry ${e}`, { source });
    const name = decoder.decode(cd.subarray(p + 46, p + 46 + nameLength));
    let x = p + 46 + nameLength;
    const xEnd = x + extraLength;
    while (x + 4 <= xEnd) {
      const id = cv.getUint16(x, true);
      const len = cv.getUint16(x + 2, true);
      if (id === 0x0001) {
        let q = x + 4;
        if (uncompressedSize === 0xffffffff) (uncompressedSize = u64(cv, q, source)), (q += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(cv, q, source)), (q += 8);
        if (localHeaderOffset === 0xffffffff) (localHeaderOffset = u64(cv, q, source)), (q += 8);
      }
      x += 4 + len;
    }
    if (flags & 1) throw new ZipError('encrypted zip members are not supported', { source, entry: name });
    entries.push({ name, method, flags, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset });
    p = xEnd + commentLength;
  }
  return entries;
}

/**
 * The offset of a member's data: after its local header, whose extra field may differ from the central one.
 *
 * @example
 * ```ts
 * import { createByteReader, readZipDataOffset, readZipDirectory } from '@interp/zip';
 * const reader = createByteReader(bytes);
 * const [first] = await readZipDirectory(reader);
 * const start = await readZipDataOffset(reader, first!);
 * const stored = bytes.subarray(start, start + first!.compressedSize);
 * ```
 */
export async function readZipDataOffset(reader: ByteReader, entry: ZipEntry, source?: string): Promise<number> {
  if (entry.localHeaderOffset + 30 > reader.size) throw new ZipError('corrupt zip: local header beyond the end', { source, entry: entry.name });
  const h = view(await reader.read(entry.localHeaderOffset, 30));
  if (h.getUint32(0, true) !== 0x04034b50) throw new ZipError('corrupt zip: bad local header', { source, entry: entry.name });
  const start = entry.localHeaderOffset + 30 + h.getUint16(26, true) + h.getUint16(28, true);
  if (start + entry.compressedSize > reader.size) throw new ZipError('truncated zip member', { source, entry: entry.name });
  return start;
}
