import { NpyError } from './NpyError';

/**
 * The element types this package reads and writes: IEEE half, single and double floats.
 *
 * @example
 * ```ts
 * import { npyDtypeByteSize, serializeNpy, type NpyDtype } from '@interp/npy';
 * const dtype: NpyDtype = 'f2'; // stored as IEEE half floats, read back as a Float32Array
 * const bytes = serializeNpy({ dtype, shape: [3], data: new Float32Array([0.5, 1, 2]) });
 * npyDtypeByteSize(dtype); // 2
 * ```
 */
export type NpyDtype = 'f2' | 'f4' | 'f8';

/**
 * Byte order of the data in a file.
 *
 * @example
 * ```ts
 * import { parseNpyHeader, serializeNpy, type NpyEndian } from '@interp/npy';
 * const endian: NpyEndian = 'big';
 * const bytes = serializeNpy({ shape: [2], data: new Float32Array([1, 2]) }, { endian });
 * parseNpyHeader(bytes).descr; // '>f4'
 * ```
 */
export type NpyEndian = 'little' | 'big';

/**
 * What a `.npy` header says.
 *
 * @example
 * ```ts
 * import { parseNpyHeader, type NpyHeader } from '@interp/npy';
 * const h: NpyHeader = parseNpyHeader(bytes, 'acts.npy');
 * const rows = h.shape[0];
 * const firstValueAt = h.dataOffset; // a multiple of 64 (128 for a small array NumPy wrote)
 * ```
 */
export interface NpyHeader {
  /** Format version, 1, 2 or 3 (`[major, minor]` = `[version, 0]`). */
  version: 1 | 2 | 3;
  dtype: NpyDtype;
  endian: NpyEndian;
  /** Whether the data are stored column-major (`fortran_order: True`). */
  fortranOrder: boolean;
  shape: number[];
  /** Bytes before the data: magic, version, header length and header text. */
  dataOffset: number;
  /** The `descr` string as written, e.g. `'<f4'`. */
  descr: string;
}

/**
 * The 6 magic bytes every `.npy` file starts with.
 *
 * @example
 * ```ts
 * import { NPY_MAGIC } from '@interp/npy';
 * const isNpy = NPY_MAGIC.every((b, i) => bytes[i] === b); // the bytes \x93NUMPY
 * ```
 */
export const NPY_MAGIC = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);

const SIZES: Record<NpyDtype, number> = { f2: 2, f4: 4, f8: 8 };

/**
 * Bytes per element of a dtype.
 *
 * @example
 * ```ts
 * import { npyDtypeByteSize } from '@interp/npy';
 * npyDtypeByteSize('f2'); // 2
 * ```
 */
export function npyDtypeByteSize(dtype: NpyDtype): number {
  return SIZES[dtype];
}

/**
 * Elements in an array of `shape` (1 for a 0-d array).
 *
 * @example
 * ```ts
 * import { countElements } from '@interp/npy';
 * countElements([4, 3, 2]); // 24
 * countElements([]);        // 1 (a 0-d array)
 * ```
 */
export function countElements(shape: readonly number[]): number {
  return shape.reduce((a, d) => a * d, 1);
}

/**
 * How many bytes the prelude (magic, version, header length) and header of a `.npy` take, once the first
 * 10 bytes (12 for versions 2 and 3) are known; `undefined` while fewer bytes are there.
 *
 * @example
 * ```ts
 * import { npyPreludeLength } from '@interp/npy';
 * const first = bytes.subarray(0, 12);
 * const dataOffset = npyPreludeLength(first, 'acts.npy'); // e.g. 128; undefined if `first` is too short
 * ```
 */
export function npyPreludeLength(bytes: Uint8Array, source?: string): number | undefined {
  if (bytes.length < 8) return undefined;
  for (let i = 0; i < NPY_MAGIC.length; i++) {
    if (bytes[i] !== NPY_MAGIC[i]) throw new NpyError('not a .npy file (the magic string \\x93NUMPY is missing)', { source });
  }
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new NpyError(`format version ${major}.${bytes[7]} is not supported (1.0, 2.0, 3.0 are)`, { source });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major === 1) return bytes.length < 10 ? undefined : 10 + view.getUint16(8, true);
  return bytes.length < 12 ? undefined : 12 + view.getUint32(8, true);
}

function parseDictLiteral(text: string, source?: string): Record<string, unknown> {
  // The header is a Python dict literal of str keys and str / bool / tuple-of-int values.
  let i = 0;
  const bad = (what: string): never => {
    throw new NpyError(`header ${JSON.stringify(text.trim())} is not a dict literal NumPy writes (${what} at character ${i})`, { source });
  };
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const str = (): string => {
    const q = text[i];
    if (q !== "'" && q !== '"') bad('expected a string');
    const end = text.indexOf(q!, i + 1);
    if (end < 0) bad('unterminated string');
    const s = text.slice(i + 1, end);
    i = end + 1;
    return s;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === "'" || c === '"') return str();
    if (text.startsWith('True', i)) return (i += 4), true;
    if (text.startsWith('False', i)) return (i += 5), false;
    if (c === '(') {
      i++;
      const items: number[] = [];
      for (;;) {
        ws();
        if (text[i] === ')') return i++, items;
        const m = /^\d+L?/.exec(text.slice(i));
        if (!m) bad('expected a dimension');
        items.push(Number(m![0].replace('L', '')));
        i += m![0].length;
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== ')') bad("expected ',' or ')'");
      }
    }
    return bad('unsupported value');
  };
  const out: Record<string, unknown> = {};
  ws();
  if (text[i] !== '{') bad("expected '{'");
  i++;
  for (;;) {
    ws();
    if (text[i] === '}') break;
    const key = str();
    ws();
    if (text[i] !== ':') bad("expected ':'");
    i++;
    out[key] = value();
    ws();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') bad("expected ',' or '}'");
  }
  return out;
}

/**
 * Parses a `.npy` header from the first bytes of a file (at least the prelude and header). Accepts format
 * versions 1-3, `descr` `<f2 >f2 <f4 >f4 <f8 >f8` (and `=`), C or Fortran order; anything else is an
 * error naming the file and the field.
 *
 * @example
 * ```ts
 * import { parseNpyHeader, serializeNpy } from '@interp/npy';
 * const h = parseNpyHeader(serializeNpy({ dtype: 'f4', shape: [2, 3], data: new Float32Array(6) }));
 * // { version: 1, dtype: 'f4', endian: 'little', fortranOrder: false, shape: [2, 3], dataOffset: 128, descr: '<f4' }
 * ```
 */
export function parseNpyHeader(bytes: Uint8Array, options: { source?: string } = {}): NpyHeader {
  const { source } = options;
  const dataOffset = npyPreludeLength(bytes, source);
  if (dataOffset === undefined || bytes.length < dataOffset) {
    throw new NpyError(`truncated header (${bytes.length} bytes; the header needs ${dataOffset ?? 'at least 10'})`, { source });
  }
  const version = bytes[6] as 1 | 2 | 3;
  const start = version === 1 ? 10 : 12;
  const raw = bytes.subarray(start, dataOffset);
  const text = version === 3 ? new TextDecoder('utf-8').decode(raw) : String.fromCharCode(...raw);
  const dict = parseDictLiteral(text, source);
  const descr = dict.descr;
  if (typeof descr !== 'string') {
    throw new NpyError(`header field 'descr' must be a type string such as '<f4', got ${JSON.stringify(descr)} (structured arrays are not supported)`, { source });
  }
  const m = /^([<>=|])?(f2|f4|f8|e|f|d)$/.exec(descr);
  if (!m) throw new NpyError(`header field 'descr' is ${JSON.stringify(descr)}; supported: <f2 >f2 <f4 >f4 <f8 >f8 (float16/32/64)`, { source });
  const code = m[2]!;
  const dtype: NpyDtype = code === 'e' ? 'f2' : code === 'f' ? 'f4' : code === 'd' ? 'f8' : (code as NpyDtype);
  const endian: NpyEndian = m[1] === '>' ? 'big' : 'little';
  if (typeof dict.fortran_order !== 'boolean') {
    throw new NpyError(`header field 'fortran_order' must be True or False, got ${JSON.stringify(dict.fortran_order)}`, { source });
  }
  const shape = dict.shape;
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new NpyError(`header field 'shape' must be a tuple of non-negative integers, got ${JSON.stringify(shape)}`, { source });
  }
  return { version, dtype, endian, fortranOrder: dict.fortran_order, shape: [...(shape as number[])], dataOffset, descr };
}

/**
 * Options of {@link buildNpyHeader} and `serializeNpy`.
 *
 * @example
 * ```ts
 * import { serializeNpy, type NpyWriteOptions } from '@interp/npy';
 * const options: NpyWriteOptions = { version: 3, endian: 'big', fortranOrder: true };
 * const bytes = serializeNpy({ dtype: 'f8', shape: [2, 2], data: new Float64Array([1, 2, 3, 4]) }, options);
 * ```
 */
export interface NpyWriteOptions {
  /** Format version; default 1, or 2 when the header does not fit version 1's 65,535 bytes. */
  version?: 1 | 2 | 3;
  /** Byte order of the written data; default little. */
  endian?: NpyEndian;
  /** Write column-major data (`fortran_order: True`); the input is always row-major. Default false. */
  fortranOrder?: boolean;
}

/**
 * The prelude and header of a `.npy` file, padded with spaces and a newline so the data start at a
 * multiple of 64 bytes, as NumPy writes them.
 *
 * @example
 * ```ts
 * import { buildNpyHeader } from '@interp/npy';
 * buildNpyHeader('f4', [2, 3]).length; // 128
 * ```
 */
export function buildNpyHeader(dtype: NpyDtype, shape: readonly number[], options: NpyWriteOptions = {}): Uint8Array {
  if (!(dtype in SIZES)) throw new NpyError(`dtype must be one of f2, f4, f8, got ${JSON.stringify(dtype)}`);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new NpyError(`shape must hold non-negative integers, got [${shape.join(', ')}]`);
  const descr = `${options.endian === 'big' ? '>' : '<'}${dtype}`;
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': ${options.fortranOrder ? 'True' : 'False'}, 'shape': ${tuple}, }`;
  let version = options.version ?? 1;
  const padded = (prelude: number) => {
    const total = Math.ceil((prelude + dict.length + 1) / 64) * 64;
    return dict + ' '.repeat(total - prelude - dict.length - 1) + '\n';
  };
  let text = padded(10);
  if (version === 1 && text.length > 0xffff) {
    if (options.version === 1) throw new NpyError(`header of ${text.length} bytes does not fit format version 1 (65,535 at most)`);
    version = 2;
  }
  if (version !== 1) text = padded(12);
  const prelude = version === 1 ? 10 : 12;
  const out = new Uint8Array(prelude + text.length);
  out.set(NPY_MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[prelude + i] = text.charCodeAt(i);
  return out;
}
