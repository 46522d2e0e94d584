/**
 * Byte-level helpers shared by the hand-assembled WebAssembly modules ({@link buildKernelModule},
 * {@link buildMatMulModule} and {@link buildGemmModule}): the value types, LEB128 integers, local get/set,
 * constants, the opcodes more than one of them uses, the counted loop, the module section encoders and
 * {@link assembleModule}, which puts a module of exported functions on an imported memory together.
 *
 * Loads and stores take their byte offset (default 0) and use the alignment hint of a float (`2`, 4 bytes).
 *
 * @internal
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

/** Unsigned LEB128 encoding of `value`. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 encoding of `value`. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** `local.get i`. */
export const get = (i: number): number[] => [0x20, ...uleb(i)];
/** `local.set i`. */
export const set = (i: number): number[] => [0x21, ...uleb(i)];
/** `i32.const v`. */
export const i32c = (v: number): number[] => [0x41, ...sleb(v)];
/** `f32.const value` (`value` rounded to f32). */
export const f32c = (value: number): number[] => [0x43, ...Array.from(new Uint8Array(new Float32Array([value]).buffer))];
/** The SIMD instruction `code` (after the `0xfd` prefix), then its immediates `rest`. */
export const simd = (code: number, ...rest: number[]): number[] => [0xfd, ...uleb(code), ...rest];

export const I32_ADD = [0x6a];
export const I32_MUL = [0x6c];
export const I32_AND = [0x71];
export const I32_SHL = [0x74];
export const I32_GE_U = [0x4f];
export const F32_ADD = [0x92];
export const F32_SUB = [0x93];
export const F32_MUL = [0x94];
export const F32_DIV = [0x95];
export const F32_SQRT = [0x91];
export const F32_GT = [0x5e];
/** `f32.load` at byte offset `off`. */
export const F32_LOAD = (off = 0): number[] => [0x2a, 2, ...uleb(off)];
/** `f32.store` at byte offset `off`. */
export const F32_STORE = (off = 0): number[] => [0x38, 2, ...uleb(off)];
/** `v128.load` at byte offset `off`. */
export const V_LOAD = (off = 0): number[] => simd(0x00, 2, ...uleb(off));
/** `v128.store` at byte offset `off`. */
export const V_STORE = (off = 0): number[] => simd(0x0b, 2, ...uleb(off));
/**
 * `v128.load32_splat`: one float broadcast to the four lanes in one load (vbroadcastss), about 20% faster in the gemm
 * than `f32.load` then `f32x4.splat`.
 */
export const V_LOAD32_SPLAT = (off = 0): number[] => simd(0x09, 2, ...uleb(off));
/** `v128.const 0`. */
export const V_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
export const V_SPLAT = simd(0x13);
export const V_ADD = simd(0xe4);
export const V_SUB = simd(0xe5);
export const V_MUL = simd(0xe6);
export const V_DIV = simd(0xe7);
export const V_SQRT = simd(0xe3);
export const V_GT = simd(0x44);
/** `f32x4.extract_lane l`. */
export const lane = (l: number): number[] => simd(0x1f, l);

/** The byte address `base + i` of the i32 locals `base` and `i`. */
export const addr = (base: number, i: number): number[] => [...get(base), ...get(i), ...I32_ADD];

/** `for (i; i < end; i += step) body` on the i32 locals `i` and `end`. */
export function forLoop(i: number, end: number, step: number, body: number[]): number[] {
  return [
    0x02, 0x40, 0x03, 0x40,
    ...get(i), ...get(end), ...I32_GE_U, 0x0d, 1,
    ...body,
    ...get(i), ...i32c(step), ...I32_ADD, ...set(i),
    0x0c, 0, 0x0b, 0x0b,
  ];
}

/** A module section: its id, then its payload's length, then the payload. */
export function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

/** A wasm vector: the item count, then the items. */
export function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** A wasm name: UTF-8 bytes prefixed by their length. */
export function name(text: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...uleb(bytes.length), ...bytes];
}

/** A function's entry in the code section: its size, its locals as runs of `[count, type]`, then its body. */
function codeEntry(locals: [number, number][], body: number[]): number[] {
  const content = [...vector(locals.map(([count, type]) => [...uleb(count), type])), ...body];
  return [...uleb(content.length), ...content];
}

/** A function of {@link assembleModule}: its export name, signature, locals (runs of `[count, type]`) and body. */
export type ModuleFunction = {
  name: string;
  params: number[];
  /** The result types, none when left out. */
  results?: number[];
  locals: [number, number][];
  body: number[];
};

/**
 * Returns the bytes of a module that imports its memory as `env.memory` (at least 1 page; with `shared`, a shared
 * memory of up to 65536 pages, what worker threads need) and exports `functions` under their names, function `i`
 * as export `i`. Functions of the same signature share one type, the types in order of first use.
 *
 * @example
 * ```ts
 * const bytes = assembleModule(false, [{ name: 'nop', params: [I32], locals: [], body: [0x0b] }]);
 * ```
 */
export function assembleModule(shared: boolean, functions: ModuleFunction[]): Uint8Array<ArrayBuffer> {
  const types: number[][] = [];
  const typeIndex = new Map<string, number>();
  const typeOf = ({ params, results = [] }: ModuleFunction): number => {
    const type = [0x60, ...vector(params.map((t) => [t])), ...vector(results.map((t) => [t]))];
    const key = type.join(',');
    let index = typeIndex.get(key);
    if (index === undefined) {
      index = types.length;
      types.push(type);
      typeIndex.set(key, index);
    }
    return index;
  };
  const functionTypes = functions.map((f) => uleb(typeOf(f)));
  const limits = shared ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = vector([[...name('env'), ...name('memory'), 0x02, ...limits]]);
  const exports = vector(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]));
  const code = vector(functions.map((f) => codeEntry(f.locals, f.body)));
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(2, imports),
    ...section(3, vector(functionTypes)),
    ...section(7, exports),
    ...section(10, code),
  ]);
}
