import { describe, expect, it } from 'vitest';
import { decodeBFloat16, decodeFloat16, encodeBFloat16, encodeFloat16 } from './halfFloats';

describe('half floats', () => {
  it('decodeFloat16 then encodeFloat16 is the identity on every non-NaN bit pattern', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const back = encodeFloat16(decodeFloat16(all));
    for (let i = 0; i < 65536; i++) {
      const isNaN = (i & 0x7c00) === 0x7c00 && (i & 0x3ff) !== 0;
      if (!isNaN && back[i] !== i) throw new Error(`bits ${i.toString(16)} came back as ${back[i]!.toString(16)}`);
    }
    expect(Number.isNaN(decodeFloat16(new Uint16Array([0x7e00]))[0])).toBe(true);
  });

  it('decodes known F16 values and rounds to nearest even when encoding', () => {
    expect(Array.from(decodeFloat16(new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00])))).toEqual([
      1, -2, 65504, 2 ** -24, Infinity,
    ]);
    expect(Array.from(encodeFloat16([1 + 2 ** -11, 1 + 3 * 2 ** -11, 70000, 2 ** -26, -0]))).toEqual([
      0x3c00, 0x3c02, 0x7c00, 0x0000, 0x8000,
    ]);
  });

  it('round-trips BF16 bits and rounds float32 to nearest even', () => {
    expect(Array.from(decodeBFloat16(new Uint16Array([0x3f80, 0xc000, 0x7f80])))).toEqual([1, -2, Infinity]);
    expect(Array.from(encodeBFloat16([1, 1 + 2 ** -8, 1 + 3 * 2 ** -8, -2]))).toEqual([0x3f80, 0x3f80, 0x3f82, 0xc000]);
    expect(encodeBFloat16([NaN])[0]! & 0x7fc0).toBe(0x7fc0);
  });
});
