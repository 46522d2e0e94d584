import { crc32 } from './crc32';
import type { NpyWriteOptions } from './npyHeader';
import { NpyError } from './NpyError';
import { serializeNpy, type NpyInput } from './serializeNpy';

/** One member to put in a zip archive. */
export interface ZipMember {
  name: string;
  /** The member's bytes as stored (deflated already when `method` is 8). */
  stored: Uint8Array;
  method: 0 | 8;
  crc32: number;
  uncompressedSize: number;
}

/** Lays out zip members as an archive: local headers and data, central directory, end record (no zip64). */
export function buildZip(members: ZipMember[], source?: string): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const enc = new TextEncoder();
  for (const m of members) {
    const name = enc.encode(m.name);
    if (offset > 0xfffffffe || m.stored.length > 0xfffffffe || m.uncompressedSize > 0xfffffffe) {
      throw new NpyError('archive over 4 GiB: write the arrays as separate .npy files', { source, entry: m.name });
    }
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, m.method, true);
    lv.setUint16(10, 0, true);
    lv.setUint16(12, 0x21, true); // 1980-01-01: fixed, so the same arrays give the same bytes
    lv.setUint32(14, m.crc32, true);
    lv.setUint32(18, m.stored.length, true);
    lv.setUint32(22, m.uncompressedSize, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const c = new Uint8Array(46 + name.length);
    const cv = new DataView(c.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, m.method, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, m.crc32, true);
    cv.setUint32(20, m.stored.length, true);
    cv.setUint32(24, m.uncompressedSize, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    c.set(name, 46);
    central.push(c);
    parts.push(local, m.stored);
    offset += local.length + m.stored.length;
  }
  const cdSize = central.reduce((a, c) => a + c.length, 0);
  if (offset + cdSize > 0xfffffffe) throw new NpyError('archive over 4 GiB: write the arrays as separate .npy files', { source });
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, members.length, true);
  ev.setUint16(10, members.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return [...parts, ...central, end];
}

/** Joins byte arrays. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, at), (at += p.length);
  return out;
}

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
  return concatBytes(buildZip(members));
}
