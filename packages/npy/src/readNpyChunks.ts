import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { crc32, type ByteReader, type ZipEntry } from '@interp/zip';
import { fileReader, openFile } from './fileAccess';
import { countElements, npyDtypeByteSize, npyPreludeLength, parseNpyHeader, type NpyHeader } from './npyHeader';
import { decodeNpyData, type NpyData } from './npyData';
import { NpyError } from './NpyError';
import { npzArrayName, readNpzDataOffset, readNpzDirectory } from './npzArchive';

/**
 * One chunk of rows of an array, as yielded by {@link readNpyChunks}.
 *
 * @example
 * ```ts
 * import { readNpyChunks, type NpyChunk } from '@interp/npy/node';
 * for await (const chunk of readNpyChunks('acts.npy', 4096)) {
 *   const c: NpyChunk = chunk;
 *   console.log(`rows ${c.rowStart}..${c.rowStart + c.rows - 1}: ${c.data.length} values`);
 * }
 * ```
 */
export interface NpyChunk {
  /** Index of the chunk's first row (first dimension). */
  rowStart: number;
  rows: number;
  /** `rows * rowLength` values, row-major, in a fresh array the caller may keep. */
  data: NpyData;
}

/**
 * What {@link readNpyInfo} tells about one array of a `.npy` or `.npz` file.
 *
 * @example
 * ```ts
 * import { readNpyInfo, type NpyArrayInfo } from '@interp/npy/node';
 * const arrays: NpyArrayInfo[] = await readNpyInfo('acts.npz');
 * for (const a of arrays) console.log(a.name, a.header.shape, a.header.dtype, a.compression);
 * ```
 */
export interface NpyArrayInfo {
  /** The array's name inside an `.npz` (without `.npy`); `undefined` for a `.npy` file. */
  name: string | undefined;
  header: NpyHeader;
  /** Inside an `.npz`: `stored` or `deflated`. */
  compression: 'none' | 'stored' | 'deflated';
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Whether the first bytes are a zip archive's (an `.npz`). */
export function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

interface Located {
  info: NpyArrayInfo;
  /** Where the `.npy` bytes start in the file (random access), for `.npy` files and stored members. */
  base?: number;
  entry?: ZipEntry;
  compressedStart?: number;
}

async function readHeaderAt(reader: ByteReader, base: number, source: string, limit: number): Promise<NpyHeader> {
  let want = Math.min(limit, 4096);
  for (;;) {
    const bytes = await reader.read(base, Math.min(want, reader.size - base));
    const need = npyPreludeLength(bytes, source);
    if (need !== undefined && bytes.length >= need) return parseNpyHeader(bytes, { source });
    if (bytes.length >= limit || (need !== undefined && need > limit)) throw new NpyError('truncated header', { source });
    want = Math.max(need ?? 0, want * 2);
  }
}

async function* inflateMember(path: string, start: number, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  if (entry.compressedSize === 0) return;
  const stream = createReadStream(path, { start, end: start + entry.compressedSize - 1 }).pipe(createInflateRaw());
  let crc = 0;
  let size = 0;
  for await (const chunk of stream) {
    const bytes = new Uint8Array(chunk as Buffer);
    crc = crc32(bytes, crc);
    size += bytes.length;
    yield bytes;
  }
  if (size !== entry.uncompressedSize || crc !== entry.crc32) {
    throw new NpyError('corrupt zip member (size or CRC-32 mismatch)', { source: path, entry: entry.name });
  }
}

/** Pulls exact byte counts out of a stream of chunks. */
function byteQueue(source: AsyncGenerator<Uint8Array>, path: string, entry: string) {
  let pending: Uint8Array[] = [];
  let have = 0;
  return {
    async take(n: number): Promise<Uint8Array> {
      while (have < n) {
        const next = await source.next();
        if (next.done) throw new NpyError(`member ends after ${have} of ${n} bytes (truncated?)`, { source: path, entry });
        pending.push(next.value);
        have += next.value.length;
      }
      const out = new Uint8Array(n);
      let at = 0;
      const rest: Uint8Array[] = [];
      for (const p of pending) {
        if (at >= n) rest.push(p);
        else if (at + p.length <= n) out.set(p, at), (at += p.length);
        else {
          out.set(p.subarray(0, n - at), at);
          rest.push(p.subarray(n - at));
          at = n;
        }
      }
      pending = rest;
      have -= n;
      return out;
    },
    async drain(): Promise<void> {
      for (;;) if ((await source.next()).done) return;
    },
  };
}

async function locate(fh: FileHandle, path: string, entryName: string | undefined): Promise<{ reader: ByteReader; arrays: Located[] }> {
  const reader = await fileReader(fh, path);
  if (reader.size === 0) throw new NpyError('empty file', { source: path });
  const head = await reader.read(0, Math.min(8, reader.size));
  if (!isZip(head)) {
    const header = await readHeaderAt(reader, 0, path, reader.size);
    return { reader, arrays: [{ info: { name: undefined, header, compression: 'none' }, base: 0 }] };
  }
  const arrays: Located[] = [];
  for (const entry of await readNpzDirectory(reader, path)) {
    const name = npzArrayName(entry.name);
    if (entryName !== undefined && name !== entryName) continue;
    const start = await readNpzDataOffset(reader, entry, path);
    const where = `${path}/${entry.name}`;
    if (entry.method === 0) {
      const header = await readHeaderAt(reader, start, where, entry.compressedSize);
      arrays.push({ info: { name, header, compression: 'stored' }, base: start, entry });
    } else if (entry.method === 8) {
      const q = byteQueue(inflateMember(path, start, entry), path, entry.name);
      let bytes = await q.take(Math.min(10, entry.uncompressedSize));
      const need = npyPreludeLength(bytes, where) ?? (bytes.length >= 12 ? undefined : 12);
      if (need === undefined) throw new NpyError('truncated header', { source: where });
      if (need > bytes.length) bytes = concat(bytes, await q.take(need - bytes.length));
      arrays.push({ info: { name, header: parseNpyHeader(bytes, { source: where }), compression: 'deflated' }, entry, compressedStart: start });
    } else {
      throw new NpyError(`compression method ${entry.method} is not supported (stored and deflated are)`, { source: path, entry: entry.name });
    }
  }
  return { reader, arrays };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Lists the arrays of a `.npy` file (one, unnamed) or `.npz` archive (by name) with their headers, reading
 * only headers and the zip directory.
 *
 * @example
 * ```ts
 * import { readNpyInfo } from '@interp/npy/node';
 * for (const { name, header } of await readNpyInfo('acts.npz')) console.log(name, header.shape, header.dtype);
 * ```
 */
export async function readNpyInfo(path: string): Promise<NpyArrayInfo[]> {
  const fh = await openFile(path, 'r');
  try {
    return (await locate(fh, path, undefined)).arrays.map((a) => a.info);
  } finally {
    await fh.close();
  }
}

/** Rows and elements per row of a shape (a 0-d array is one row of one). */
export function rowsOf(shape: readonly number[]): { rows: number; rowLength: number } {
  return shape.length === 0 ? { rows: 1, rowLength: 1 } : { rows: shape[0]!, rowLength: countElements(shape.slice(1)) };
}

/** For each Fortran-order index of the trailing dims, its C-order index. */
function trailingFortranToC(shape: readonly number[]): Int32Array {
  const rest = shape.slice(1);
  const n = countElements(rest);
  const map = new Int32Array(n);
  const idx = new Array<number>(rest.length).fill(0);
  for (let f = 0; f < n; f++) {
    let c = 0;
    for (let d = 0; d < rest.length; d++) c = c * rest[d]! + idx[d]!;
    map[f] = c;
    for (let d = 0; d < rest.length; d++) {
      idx[d]! += 1;
      if (idx[d]! < rest[d]!) break;
      idx[d] = 0;
    }
  }
  return map;
}

async function* randomAccessChunks(reader: ByteReader, header: NpyHeader, start: number, rowsPerChunk: number): AsyncGenerator<NpyChunk> {
  const { rows: total, rowLength } = rowsOf(header.shape);
  const size = npyDtypeByteSize(header.dtype);
  const map = header.fortranOrder && header.shape.length >= 2 ? trailingFortranToC(header.shape) : undefined;
  for (let rowStart = 0; rowStart < total; rowStart += rowsPerChunk) {
    const rows = Math.min(rowsPerChunk, total - rowStart);
    if (!map) {
      const bytes = await reader.read(start + rowStart * rowLength * size, rows * rowLength * size);
      yield { rowStart, rows, data: decodeNpyData(bytes, header.dtype, header.endian) };
      continue;
    }
    const data = header.dtype === 'f8' ? new Float64Array(rows * rowLength) : new Float32Array(rows * rowLength);
    for (let f = 0; f < rowLength; f++) {
      const column = decodeNpyData(await reader.read(start + (f * total + rowStart) * size, rows * size), header.dtype, header.endian);
      const c = map[f]!;
      for (let r = 0; r < rows; r++) data[r * rowLength + c] = column[r]!;
    }
    yield { rowStart, rows, data };
  }
}

/**
 * Options of {@link readNpyChunks}.
 *
 * @example
 * ```ts
 * import { readNpyChunks, type ReadNpyChunksOptions } from '@interp/npy/node';
 * const options: ReadNpyChunksOptions = { name: 'activations' }; // the member activations.npy of the archive
 * for await (const { rows } of readNpyChunks('run.npz', 1024, options)) console.log(rows);
 * ```
 */
export interface ReadNpyChunksOptions {
  /** The array to read inside an `.npz`; may be left out when the archive holds one array. */
  name?: string;
}

/**
 * Streams an array of a `.npy` file or `.npz` archive in chunks of `rowsPerChunk` rows (first dimension),
 * row-major in host byte order, holding one chunk in memory at a time: C and Fortran order, both byte
 * orders, f2/f4/f8, stored and deflated members (deflated Fortran-order members are inflated to a temp file
 * first).
 *
 * @example
 * ```ts
 * import { readNpyChunks } from '@interp/npy/node';
 * for await (const { rowStart, rows, data } of readNpyChunks('acts.npy', 1024)) console.log(rowStart, rows, data.length);
 * ```
 */
export async function* readNpyChunks(path: string, rowsPerChunk: number, options: ReadNpyChunksOptions = {}): AsyncGenerator<NpyChunk> {
  if (!Number.isSafeInteger(rowsPerChunk) || rowsPerChunk < 1) {
    throw new NpyError(`rowsPerChunk must be a positive integer, got ${rowsPerChunk}`, { source: path });
  }
  const fh = await openFile(path, 'r');
  let tempDir: string | undefined;
  try {
    const { reader, arrays } = await locate(fh, path, options.name);
    if (arrays.length !== 1) {
      const names = (await readNpyInfo(path)).map((a) => JSON.stringify(a.name)).join(', ');
      throw new NpyError(
        options.name !== undefined ? `no array named ${JSON.stringify(options.name)}; the archive has ${names || 'none'}` : `the archive holds ${arrays.length} arrays (${names || 'none'}); pass options.name`,
        { source: path },
      );
    }
    const a = arrays[0]!;
    const h = a.info.header;
    const { rows: total, rowLength } = rowsOf(h.shape);
    const size = npyDtypeByteSize(h.dtype);
    const dataBytes = total * rowLength * size;
    if (a.base !== undefined) {
      const available = (a.entry ? a.entry.compressedSize : reader.size) - h.dataOffset;
      if (available !== dataBytes) {
        throw new NpyError(
          available < dataBytes
            ? `truncated: shape [${h.shape.join(', ')}] of ${h.dtype} needs ${dataBytes} data bytes, found ${available}`
            : `${available - dataBytes} bytes after the data of shape [${h.shape.join(', ')}]`,
          { source: path, entry: a.entry?.name },
        );
      }
      yield* randomAccessChunks(reader, h, a.base + h.dataOffset, rowsPerChunk);
      return;
    }
    const entry = a.entry!;
    if (entry.uncompressedSize !== h.dataOffset + dataBytes) {
      throw new NpyError(`member holds ${entry.uncompressedSize - h.dataOffset} data bytes; shape [${h.shape.join(', ')}] of ${h.dtype} needs ${dataBytes}`, { source: path, entry: entry.name });
    }
    if (h.fortranOrder && h.shape.length >= 2) {
      tempDir = await mkdtemp(join(tmpdir(), 'interp-npz-'));
      const temp = join(tempDir, 'member.npy');
      await pipeline(createReadStream(path, { start: a.compressedStart!, end: a.compressedStart! + entry.compressedSize - 1 }), createInflateRaw(), createWriteStream(temp));
      const tfh = await openFile(temp, 'r');
      try {
        yield* randomAccessChunks(await fileReader(tfh, temp), h, h.dataOffset, rowsPerChunk);
      } finally {
        await tfh.close();
      }
      return;
    }
    const q = byteQueue(inflateMember(path, a.compressedStart!, entry), path, entry.name);
    await q.take(h.dataOffset);
    for (let rowStart = 0; rowStart < total; rowStart += rowsPerChunk) {
      const rows = Math.min(rowsPerChunk, total - rowStart);
      yield { rowStart, rows, data: decodeNpyData(await q.take(rows * rowLength * size), h.dtype, h.endian) };
    }
    await q.drain(); // checks the CRC
  } finally {
    await fh.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}
