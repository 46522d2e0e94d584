import { describe, expect, it } from 'vitest';
import { parseSafetensors } from './parseSafetensors';
import { layoutSafetensors, serializeSafetensors, type TensorInput } from './serializeSafetensors';
import { SAFETENSORS_DTYPES, dtypeByteSize, type SafetensorsDtype } from './dtypes';
import { SafetensorsError } from './SafetensorsError';

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** A tensor of `dtype` with shape [2, 3] and distinct values, including negatives and extremes where they exist. */
function sampleTensor(dtype: SafetensorsDtype): TensorInput {
  const shape = [2, 3];
  switch (dtype) {
    case 'F64':
      return { shape, data: new Float64Array([0, -1.5, Math.PI, 1e300, -0, Number.MIN_VALUE]) };
    case 'F32':
      return { shape, data: new Float32Array([0, -1.5, Math.PI, 3.4e38, -0, 1e-40]) };
    case 'F16':
    case 'BF16':
      return { dtype, shape, data: new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000, 0x7c00]) };
    case 'I64':
      return { shape, data: new BigInt64Array([0n, -1n, 2n ** 62n, -(2n ** 63n), 7n, 2n ** 63n - 1n]) };
    case 'U64':
      return { shape, data: new BigUint64Array([0n, 1n, 2n ** 64n - 1n, 2n ** 40n, 7n, 9n]) };
    case 'I32':
      return { shape, data: new Int32Array([0, -1, 2 ** 31 - 1, -(2 ** 31), 7, 9]) };
    case 'I16':
      return { shape, data: new Int16Array([0, -1, 32767, -32768, 7, 9]) };
    case 'I8':
      return { shape, data: new Int8Array([0, -1, 127, -128, 7, 9]) };
    case 'U32':
      return { shape, data: new Uint32Array([0, 1, 2 ** 32 - 1, 2 ** 31, 7, 9]) };
    case 'U16':
      return { shape, data: new Uint16Array([0, 1, 65535, 32768, 7, 9]) };
    case 'U8':
      return { shape, data: new Uint8Array([0, 1, 255, 128, 7, 9]) };
    case 'BOOL':
      return { dtype, shape, data: new Uint8Array([0, 1, 1, 0, 0, 1]) };
  }
}

describe('serializeSafetensors', () => {
  it.each(SAFETENSORS_DTYPES)('round-trips a %s tensor bit for bit', (dtype) => {
    const input = sampleTensor(dtype);
    const { tensors } = parseSafetensors(serializeSafetensors({ t: input }));
    const t = tensors.t!;
    expect(t.dtype).toBe(dtype);
    expect(t.shape).toEqual([2, 3]);
    expect(t.data.constructor).toBe(input.data.constructor);
    expect(Array.from(t.data as ArrayLike<unknown>)).toEqual(Array.from(input.data as ArrayLike<unknown>));
    expect(Object.is((t.data as Float64Array)[4], (input.data as Float64Array)[4])).toBe(true);
  });

  it('round-trips every dtype together in one file, with metadata', () => {
    const inputs = Object.fromEntries(SAFETENSORS_DTYPES.map((d) => [`t_${d}`, sampleTensor(d)]));
    const bytes = serializeSafetensors(inputs, { format: 'pt', note: 'ünïcode ✓' });
    const { tensors, metadata } = parseSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt', note: 'ünïcode ✓' });
    for (const d of SAFETENSORS_DTYPES) {
      expect(tensors[`t_${d}`]?.dtype).toBe(d);
      expect(Array.from(tensors[`t_${d}`]!.data as ArrayLike<unknown>)).toEqual(
        Array.from(inputs[`t_${d}`]!.data as ArrayLike<unknown>),
      );
    }
  });

  it('produces the byte-exact file of the reference implementation for a [2, 2] I32 tensor', () => {
    // huggingface/safetensors bindings/python/tests test_serialization: 8-byte aligned header, space padded.
    const out = serializeSafetensors({ test: { shape: [2, 2], data: new Int32Array(4) } });
    const expected = latin1(
      '@\x00\x00\x00\x00\x00\x00\x00{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}}    ' + '\x00'.repeat(16),
    );
    expect(Array.from(out)).toEqual(Array.from(expected));
  });

  it('pads the JSON header with spaces so the data start 8-byte aligned', () => {
    for (const name of ['a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh']) {
      const { header } = layoutSafetensors({ [name]: { dtype: 'F64', shape: [1] } });
      expect(header.length % 8).toBe(0);
      const n = Number(new DataView(header.buffer).getBigUint64(0, true));
      expect(n).toBe(header.length - 8);
      expect(header[header.length - 1] === 0x20 || header[header.length - 1] === 0x7d).toBe(true);
    }
  });

  it('stores tensors contiguously in the order given, including empty tensors', () => {
    const bytes = serializeSafetensors({
      b: { shape: [3], data: new Uint8Array([1, 2, 3]) },
      empty: { shape: [0, 4], data: new Float32Array(0) },
      a: { shape: [1], data: new Float64Array([2.5]) },
    });
    const { tensors } = parseSafetensors(bytes);
    expect(Object.keys(tensors)).toEqual(['b', 'empty', 'a']);
    expect(tensors.empty?.shape).toEqual([0, 4]);
    expect(tensors.empty?.data.length).toBe(0);
    expect(tensors.a?.data[0]).toBe(2.5);
  });

  it('writes a 0-d scalar as shape [] with one element', () => {
    const { tensors } = parseSafetensors(serializeSafetensors({ s: { shape: [], data: new Float32Array([4]) } }));
    expect(tensors.s?.shape).toEqual([]);
    expect(Array.from(tensors.s!.data as Float32Array)).toEqual([4]);
  });

  it('writes only the bytes a subarray view covers', () => {
    const backing = new Float32Array([9, 1, 2, 3, 9]);
    const { tensors } = parseSafetensors(serializeSafetensors({ v: { shape: [3], data: backing.subarray(1, 4) } }));
    expect(Array.from(tensors.v!.data as Float32Array)).toEqual([1, 2, 3]);
  });

  it('rejects a shape that does not match the data length, naming the tensor', () => {
    expect(() => serializeSafetensors({ w: { shape: [2, 2], data: new Float32Array(5) } })).toThrow(
      /tensor "w": shape \[2,2\] holds 4 elements but data has 5/,
    );
  });

  it('rejects a dtype the array cannot hold, negative dims, non-string metadata and the reserved name', () => {
    expect(() => serializeSafetensors({ w: { dtype: 'F16', shape: [1], data: new Float32Array(1) } })).toThrow(
      /dtype F16 cannot be written from a Float32Array/,
    );
    expect(() => serializeSafetensors({ w: { shape: [-1], data: new Float32Array(1) } })).toThrow(/non-negative integers/);
    expect(() => serializeSafetensors({ w: { dtype: 'F8' as SafetensorsDtype, shape: [1], data: new Uint8Array(1) } })).toThrow(
      /unknown dtype the string "F8"; supported: F64, F32/,
    );
    expect(() => serializeSafetensors({}, { step: 3 as unknown as string })).toThrow(/metadata value of "step" must be a string/);
    expect(() => serializeSafetensors({ __metadata__: { shape: [1], data: new Uint8Array(1) } })).toThrow(SafetensorsError);
  });

  it('gives every dtype the byte size of the specification', () => {
    const sizes = Object.fromEntries(SAFETENSORS_DTYPES.map((d) => [d, dtypeByteSize(d)]));
    expect(sizes).toEqual({ F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U64: 8, U32: 4, U16: 2, U8: 1, BOOL: 1 });
  });
});
