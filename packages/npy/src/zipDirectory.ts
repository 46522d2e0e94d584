import { NpyError } from './NpyError';

/** One member of a zip archive, from its central directory. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the member's local header. */
  localHeaderOffset: number;
}

/** Random access to the bytes of an archive: a buffer in the browser, a file handle in Node. */
export interface ByteReader {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

function u64(v: DataView, at: number, source: string | undefined): number {
  const n = v.getBigUint64(at, true);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new NpyError('zip64 size or offset beyond 2^53', { source });
  return Number(n);
}

/**
 * Reads the central directory of a zip archive (with zip64 records, as NumPy's `np.savez` writes them).
 *
 * @example
 * ```ts
 * const entries = await readZipDirectory({ size: bytes.length, read: async (o, n) => bytes.subarray(o, o + n) });
 * ```
 */
export async function readZipDirectory(reader: ByteReader, source?: string): Promise<ZipEntry[]> {
  const tailLength = Math.min(reader.size, 22 + 0xffff);
  if (reader.size < 22) throw new NpyError(`not a zip archive (${reader.size} bytes)`, { source });
  const tail = await reader.read(reader.size - tailLength, tailLength);
  const tv = view(tail);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new NpyError('not a zip archive (no end of central directory record)', { source });
  let count = tv.getUint16(eocd + 10, true);
  let cdSize = tv.getUint32(eocd + 12, true);
  let cdOffset = tv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || tv.getUint32(loc, true) !== 0x07064b50) throw new NpyError('zip64 locator missing', { source });
    const z64Offset = u64(tv, loc + 8, source);
    const z = view(await reader.read(z64Offset, 56));
    if (z.getUint32(0, true) !== 0x06064b50) throw new NpyError('zip64 end of central directory record missing', { source });
    count = u64(z, 32, source);
    cdSize = u64(z, 40, source);
    cdOffset = u64(z, 48, source);
  }
  if (cdOffset + cdSize > reader.size) throw new NpyError('truncated zip archive (central directory beyond the end)', { source });
  const cd = await reader.read(cdOffset, cdSize);
  const cv = view(cd);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let e = 0; e < count; e++) {
    if (p + 46 > cd.length || cv.getUint32(p, true) !== 0x02014b50) throw new NpyError(`corrupt zip central directory at entry ${e}`, { source });
    const flags = cv.getUint16(p + 8, true);
    const method = cv.getUint16(p + 10, true);
    const crc = cv.getUint32(p + 16, true);
    let compressedSize = cv.getUint32(p + 20, true);
    let uncompressedSize = cv.getUint32(p + 24, true);
    const nameLength = cv.getUint16(p + 28, true);
    const extraLength = cv.getUint16(p + 30, true);
    const commentLength = cv.getUint16(p + 32, true);
    let localHeaderOffset = cv.getUint32(p + 42, true);
    const name = new TextDecoder().decode(cd.subarray(p + 46, p + 46 + nameLength));
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
    if (flags & 1) throw new NpyError('encrypted zip members are not supported', { source, entry: name });
    entries.push({ name, method, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset });
    p = xEnd + commentLength;
  }
  return entries;
}

/** The offset of a member's data (after its local header, whose extra field may differ from the central one). */
export async function zipDataOffset(reader: ByteReader, entry: ZipEntry, source?: string): Promise<number> {
  const h = view(await reader.read(entry.localHeaderOffset, 30));
  if (h.getUint32(0, true) !== 0x04034b50) throw new NpyError('corrupt zip: bad local header', { source, entry: entry.name });
  const start = entry.localHeaderOffset + 30 + h.getUint16(26, true) + h.getUint16(28, true);
  if (start + entry.compressedSize > reader.size) throw new NpyError('truncated zip member', { source, entry: entry.name });
  return start;
}

/** The array name of an `.npz` member: its file name without `.npy`. */
export function npzArrayName(fileName: string): string {
  return fileName.endsWith('.npy') ? fileName.slice(0, -4) : fileName;
}
