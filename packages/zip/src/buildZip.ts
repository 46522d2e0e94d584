import { toDosDateTime } from './toDosDateTime';
import { ZipError } from './ZipError';

/**
 * One member for {@link buildZip}: its bytes as they go in the archive (already deflated when `method` is 8),
 * with the CRC-32 and size of the uncompressed data.
 *
 * @example
 * ```ts
 * import { crc32, type ZipMember } from '@interp/zip';
 * const data = new TextEncoder().encode('hello');
 * const member: ZipMember = { name: 'hello.txt', stored: data, method: 0, crc32: crc32(data), uncompressedSize: data.length };
 * ```
 */
export interface ZipMember {
  name: string;
  /** The member's bytes as stored (deflated already when `method` is 8). */
  stored: Uint8Array;
  method: 0 | 8;
  crc32: number;
  uncompressedSize: number;
}

/** Largest offset or size written without zip64 (0xffffffff would mean "see the zip64 field"). */
const MAX_32 = 0xfffffffe;

/**
 * The 22 bytes a local header (from offset 6) and a central directory record (from offset 8) share, in the same
 * order: flags (UTF-8 names), method, DOS time and date, CRC-32, stored and uncompressed sizes, name length.
 */
function writeEntryFields(v: DataView, at: number, m: ZipMember, time: number, day: number, nameLength: number): void {
  v.setUint16(at, 0x0800, true);
  v.setUint16(at + 2, m.method, true);
  v.setUint16(at + 4, time, true);
  v.setUint16(at + 6, day, true);
  v.setUint32(at + 8, m.crc32, true);
  v.setUint32(at + 12, m.stored.length, true);
  v.setUint32(at + 16, m.uncompressedSize, true);
  v.setUint16(at + 20, nameLength, true);
}

/**
 * Lays out zip members, in the given order, as an archive without zip64: local headers and data, the central
 * directory, the end record (no comment). Every entry gets the DOS date of `options.date` (default
 * 1980-01-01 00:00, so the same members give the same bytes) and the UTF-8 name flag. Returns the parts to
 * write in order (no copy of the members' bytes). Errors (`ZipError`): an archive over 4 GiB or over 65,534
 * members, a name over 65,535 UTF-8 bytes, duplicate or empty names.
 *
 * @example
 * ```ts
 * import { buildZip, concatBytes, crc32 } from '@interp/zip';
 * const data = new TextEncoder().encode('hello');
 * const zip = concatBytes(buildZip([{ name: 'hello.txt', stored: data, method: 0, crc32: crc32(data), uncompressedSize: data.length }]));
 * ```
 */
export function buildZip(members: readonly ZipMember[], options: { date?: Date; source?: string } = {}): Uint8Array[] {
  const { source } = options;
  const { time, day } = options.date ? toDosDateTime(options.date) : { time: 0, day: 0x21 };
  if (members.length > 0xfffe) throw new ZipError(`${members.length} members: more than 65,534 need zip64, which this writer does not write`, { source });
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  const seen = new Set<string>();
  let offset = 0;
  const enc = new TextEncoder();
  for (let i = 0; i < members.length; i++) {
    const m = members[i] as ZipMember;
    if (typeof m.name !== 'string' || m.name.length === 0) throw new ZipError(`member ${i}: name must be a non-empty string`, { source });
    if (seen.has(m.name)) throw new ZipError('duplicate member name', { source, entry: m.name });
    seen.add(m.name);
    const name = enc.encode(m.name);
    if (name.length > 0xffff) throw new ZipError(`name is ${name.length} UTF-8 bytes (at most 65,535)`, { source, entry: m.name });
    if (offset > MAX_32 || m.stored.length > MAX_32 || m.uncompressedSize > MAX_32) {
      throw new ZipError('archive over 4 GiB: zip64 is not written', { source, entry: m.name });
    }
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true); // version needed
    writeEntryFields(lv, 6, m, time, day, name.length);
    local.set(name, 30);
    const c = new Uint8Array(46 + name.length);
    const cv = new DataView(c.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true); // version made by
    cv.setUint16(6, 20, true); // version needed
    writeEntryFields(cv, 8, m, time, day, name.length);
    cv.setUint32(42, offset, true);
    c.set(name, 46);
    central.push(c);
    parts.push(local, m.stored);
    offset += local.length + m.stored.length;
  }
  const cdSize = central.reduce((a, c) => a + c.length, 0);
  if (offset + cdSize > MAX_32) throw new ZipError('archive over 4 GiB: zip64 is not written', { source });
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, members.length, true);
  ev.setUint16(10, members.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return [...parts, ...central, end];
}
