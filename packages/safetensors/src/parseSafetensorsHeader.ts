import { SafetensorsError } from './SafetensorsError';
import { describeValue, dtypeByteSize, isSafetensorsDtype, SAFETENSORS_DTYPES, type SafetensorsDtype } from './dtypes';

/**
 * One tensor's header entry: dtype, shape and byte range relative to the data buffer.
 *
 * @example
 * ```ts
 * import { parseSafetensorsHeader, type SafetensorsEntry } from '@interp/safetensors';
 * const json = new TextEncoder().encode('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}');
 * const w: SafetensorsEntry | undefined = parseSafetensorsHeader(json, 8).entries.w;
 * // { dtype: 'F32', shape: [2], dataOffsets: [0, 8] }
 * ```
 */
export interface SafetensorsEntry {
  dtype: SafetensorsDtype;
  shape: number[];
  /** `[begin, end)` in bytes, relative to the start of the data buffer (just after the header). */
  dataOffsets: [number, number];
}

/**
 * A parsed and validated header.
 *
 * @example
 * ```ts
 * import { readSafetensorsHeader } from '@interp/safetensors/node';
 * import type { SafetensorsHeader } from '@interp/safetensors';
 * const header: SafetensorsHeader = await readSafetensorsHeader('sae_weights.safetensors');
 * Object.keys(header.entries); // ['W_enc', 'W_dec', 'b_enc', 'b_dec'] (no tensor data read)
 * header.metadata;             // the __metadata__ strings
 * ```
 */
export interface SafetensorsHeader {
  /** Length in bytes of the JSON header (the u64 at the start of the file); data starts at `8 + headerSize`. */
  headerSize: number;
  /** The `__metadata__` string map (empty when absent). */
  metadata: Record<string, string>;
  /** Tensor entries in header order. */
  entries: Record<string, SafetensorsEntry>;
}

/**
 * The largest JSON header accepted (the reference implementation's limit): 100 MB.
 *
 * @example
 * ```ts
 * import { MAX_HEADER_SIZE, readHeaderSize } from '@interp/safetensors';
 * const n = readHeaderSize(bytes.subarray(0, 8), bytes.length); // throws when n > MAX_HEADER_SIZE (100 MB)
 * ```
 */
export const MAX_HEADER_SIZE = 100_000_000;

/**
 * Reads and checks the 8-byte little-endian header length at the start of a safetensors file.
 * `fileSize` is the size of the whole file (or buffer); the header must fit inside it.
 *
 * @example
 * ```ts
 * import { readHeaderSize } from '@interp/safetensors';
 * const n = readHeaderSize(bytes.subarray(0, 8), bytes.length, 'model.safetensors');
 * ```
 */
export function readHeaderSize(prefix: Uint8Array, fileSize: number, source?: string): number {
  const where = source === undefined ? {} : { source };
  if (prefix.length < 8 || fileSize < 8) {
    throw new SafetensorsError(
      `file is ${Math.min(prefix.length, fileSize)} bytes, too short to hold the 8-byte header length (truncated or not a safetensors file)`,
      where,
    );
  }
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_SIZE)) {
    throw new SafetensorsError(
      `header length ${n} is larger than the ${MAX_HEADER_SIZE}-byte limit (corrupt or not a safetensors file)`,
      where,
    );
  }
  const size = Number(n);
  if (size > fileSize - 8) {
    throw new SafetensorsError(
      `header length ${size} is larger than the ${fileSize - 8} bytes after the length prefix (truncated or not a safetensors file)`,
      where,
    );
  }
  if (size < 2) {
    throw new SafetensorsError(`header length ${size} is too small for a JSON object`, where);
  }
  return size;
}

/**
 * Parses and validates a safetensors JSON header against the specification: a JSON object,
 * string-valued `__metadata__`, known dtypes, non-negative integer shapes, `data_offsets` whose length
 * matches shape and dtype, and byte ranges that tile the data buffer (`dataLength` bytes) exactly: no
 * overlaps, gaps, out-of-range offsets, or duplicate names.
 *
 * @example
 * ```ts
 * import { parseSafetensorsHeader } from '@interp/safetensors';
 * const json = new TextEncoder().encode('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}');
 * const { entries } = parseSafetensorsHeader(json, 8, { source: 'w.safetensors' });
 * ```
 */
export function parseSafetensorsHeader(
  headerBytes: Uint8Array,
  dataLength: number,
  options: { source?: string } = {},
): SafetensorsHeader {
  const source = options.source;
  const fail = (message: string, tensor?: string): never => {
    throw new SafetensorsError(message, {
      ...(source === undefined ? {} : { source }),
      ...(tensor === undefined ? {} : { tensor }),
    });
  };

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(headerBytes);
  } catch {
    return fail('header is not valid UTF-8');
  }
  if (!text.startsWith('{')) {
    fail(`header must start with "{", got ${JSON.stringify(text.slice(0, 20))} (not a safetensors file?)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return fail(`header must be a JSON object, got ${describeValue(json)}`);
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    fail(`header has the key ${JSON.stringify(duplicate.key)} twice${duplicate.topLevel ? ' (duplicate tensor name)' : ''}`);
  }

  const metadata: Record<string, string> = {};
  const entries: Record<string, SafetensorsEntry> = {};
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value === null) continue;
      if (typeof value !== 'object' || Array.isArray(value)) {
        fail(`__metadata__ must be an object of strings, got ${describeValue(value)}`);
      }
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__ value of ${JSON.stringify(key)} must be a string, got ${describeValue(v)}`);
        metadata[key] = v as string;
      }
      continue;
    }
    entries[name] = parseEntry(name, value, fail);
  }

  checkLayout(entries, dataLength, fail);
  return { headerSize: headerBytes.length, metadata, entries };
}

function parseEntry(name: string, value: unknown, fail: (m: string, t?: string) => never): SafetensorsEntry {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(`entry must be an object with dtype, shape and data_offsets, got ${describeValue(value)}`, name);
  }
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (!isSafetensorsDtype(dtype)) {
    return fail(`unknown dtype ${describeValue(dtype)}; supported: ${SAFETENSORS_DTYPES.join(', ')}`, name);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    return fail(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`, name);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)
  ) {
    return fail(`data_offsets must be [begin, end] with non-negative integers, got ${JSON.stringify(offsets)}`, name);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) return fail(`data_offsets [${begin}, ${end}] end before they begin`, name);
  const count = shape.reduce((a: number, d: number) => a * d, 1);
  const bytes = count * dtypeByteSize(dtype);
  if (!Number.isSafeInteger(bytes)) return fail(`shape ${JSON.stringify(shape)} is too large`, name);
  if (end - begin !== bytes) {
    fail(
      `data_offsets [${begin}, ${end}] span ${end - begin} bytes but shape ${JSON.stringify(shape)} of ${dtype} needs ${bytes}`,
      name,
    );
  }
  return { dtype, shape: shape as number[], dataOffsets: [begin, end] };
}

function checkLayout(
  entries: Record<string, SafetensorsEntry>,
  dataLength: number,
  fail: (m: string, t?: string) => never,
): void {
  for (const [name, e] of Object.entries(entries)) {
    if (e.dataOffsets[1] > dataLength) {
      fail(
        `data_offsets [${e.dataOffsets[0]}, ${e.dataOffsets[1]}] are out of range: the data buffer holds ${dataLength} bytes (truncated file?)`,
        name,
      );
    }
  }
  const sorted = Object.entries(entries).sort(
    ([, a], [, b]) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1],
  );
  let position = 0;
  let previous: string | undefined;
  for (const [name, e] of sorted) {
    const [begin, end] = e.dataOffsets;
    if (begin < position) {
      fail(`data_offsets [${begin}, ${end}] overlap tensor ${JSON.stringify(previous)}, which ends at ${position}`, name);
    }
    if (begin > position) {
      fail(
        `data_offsets [${begin}, ${end}] leave a gap of ${begin - position} bytes after ${previous === undefined ? 'the start of the data' : `tensor ${JSON.stringify(previous)}`} (offset ${position})`,
        name,
      );
    }
    if (end > begin || previous === undefined) previous = name;
    position = end;
  }
  if (position !== dataLength) {
    fail(
      `the data buffer holds ${dataLength} bytes but the tensors cover only ${position}: ${dataLength - position} trailing bytes belong to no tensor`,
    );
  }
}

/** Finds a key that occurs twice in one JSON object (JSON.parse silently keeps the last). Assumes valid JSON. */
function findDuplicateKey(text: string): { key: string; topLevel: boolean } | undefined {
  const stack: ({ seen: Set<string>; expectKey: boolean } | null)[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.seen.has(key)) return { key, topLevel: stack.length === 1 };
        top.seen.add(key);
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === 0x7b /* { */) stack.push({ seen: new Set(), expectKey: true });
    else if (c === 0x5b /* [ */) stack.push(null);
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top) top.expectKey = true;
    }
    i++;
  }
  return undefined;
}
