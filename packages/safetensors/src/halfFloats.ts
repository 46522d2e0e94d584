const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++; // a carry rolls into the exponent, up to infinity
  return sign | half;
}

function float16BitsToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

/**
 * Decodes IEEE half floats (the raw bits of an F16 tensor) to a Float32Array.
 *
 * @example
 * ```ts
 * import { decodeFloat16 } from '@interp/safetensors';
 * decodeFloat16(new Uint16Array([0x3c00, 0xc000])); // Float32Array [1, -2]
 * ```
 */
export function decodeFloat16(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float16BitsToFloat32(bits[i] as number);
  return out;
}

/**
 * Encodes numbers as IEEE half-float bits (round to nearest even; overflow becomes infinity) for an F16 tensor.
 *
 * @example
 * ```ts
 * import { encodeFloat16 } from '@interp/safetensors';
 * encodeFloat16(new Float32Array([1, -2])); // Uint16Array [0x3c00, 0xc000]
 * ```
 */
export function encodeFloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float32ToFloat16Bits(values[i] as number);
  return out;
}

/**
 * Decodes bfloat16 bits (the raw data of a BF16 tensor) to a Float32Array.
 *
 * @example
 * ```ts
 * import { decodeBFloat16 } from '@interp/safetensors';
 * decodeBFloat16(new Uint16Array([0x3f80])); // Float32Array [1]
 * ```
 */
export function decodeBFloat16(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < bits.length; i++) outBits[i] = (bits[i] as number) << 16;
  return out;
}

/**
 * Encodes numbers as bfloat16 bits (round to nearest even) for a BF16 tensor.
 *
 * @example
 * ```ts
 * import { encodeBFloat16 } from '@interp/safetensors';
 * encodeBFloat16([1, 0.5]); // Uint16Array [0x3f80, 0x3f00]
 * ```
 */
export function encodeBFloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i] as number;
    const x = u32[0] as number;
    out[i] = Number.isNaN(f32[0]) ? 0x7fc0 | ((x >>> 16) & 0x8000) : ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
  }
  return out;
}
