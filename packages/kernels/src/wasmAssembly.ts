/**
 * Byte-level helpers shared by the hand-assembled WebAssembly modules ({@link buildKernelModule} and
 * {@link buildGemmModule}): LEB128 integers, local get/set, constants, SIMD prefixes, the counted
 * loop and the module section encoders.
 *
 * @internal
 */

export const I32 = 0x7f;
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

export const get = (i: number): number[] => [0x20, ...uleb(i)];
export const set = (i: number): number[] => [0x21, ...uleb(i)];
export const i32c = (v: number): number[] => [0x41, ...sleb(v)];
export const simd = (code: number, ...rest: number[]): number[] => [0xfd, ...uleb(code), ...rest];
export const I32_ADD = [0x6a];
export const I32_SHL = [0x74];
export const I32_GE_U = [0x4f];
export const V_SPLAT = simd(0x13);
export const V_ADD = simd(0xe4);
export const V_MUL = simd(0xe6);

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
