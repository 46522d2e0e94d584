import { describe, expect, it } from 'vitest';
import { parseSafetensors } from './parseSafetensors';
import { serializeSafetensors } from './serializeSafetensors';
import { SafetensorsError } from './SafetensorsError';
import { craftSafetensors } from './craftSafetensors';

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const entry = (dtype: string, shape: number[], offsets: number[]) => ({ dtype, shape, data_offsets: offsets });
const parse = (bytes: Uint8Array) => parseSafetensors(bytes, { source: 'bad.safetensors' });

describe('parseSafetensors', () => {
  it('reads the reference implementation example with metadata and an unaligned 102-byte header', () => {
    // huggingface/safetensors bindings/python/tests: load with metadata.
    const bytes = latin1(
      'f\x00\x00\x00\x00\x00\x00\x00{"__metadata__":{"framework":"pt"},"test1":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}}       ' +
        '\x01\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00\xff\xff\xff\xff',
    );
    const { tensors, metadata } = parseSafetensors(bytes);
    expect(metadata).toEqual({ framework: 'pt' });
    expect(tensors.test1?.dtype).toBe('I32');
    expect(tensors.test1?.shape).toEqual([2, 2]);
    expect(Array.from(tensors.test1!.data as Int32Array)).toEqual([1, 2, 3, -1]);
  });

  it('reads the legacy unpadded example header (60 bytes)', () => {
    const bytes = latin1('<\x00\x00\x00\x00\x00\x00\x00{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}}' + '\x00'.repeat(16));
    expect(Array.from(parseSafetensors(bytes).tensors.test!.data as Int32Array)).toEqual([0, 0, 0, 0]);
  });

  it('copies tensor data whose byte offset is not aligned for its typed array, and views aligned data', () => {
    // header of 61 bytes puts the data at byte 69: unaligned for F32.
    const header = JSON.stringify({ x: entry('F32', [2], [0, 8]) }) + ' ';
    const bytes = craftSafetensors(header, 8);
    new DataView(bytes.buffer).setFloat32(8 + header.length, 1.25, true);
    new DataView(bytes.buffer).setFloat32(8 + header.length + 4, -3, true);
    expect((8 + header.length) % 4).not.toBe(0);
    const x = parseSafetensors(bytes).tensors.x!.data as Float32Array;
    expect(Array.from(x)).toEqual([1.25, -3]);
    const aligned = serializeSafetensors({ y: { shape: [2], data: new Float32Array([1, 2]) } });
    expect(parseSafetensors(aligned).tensors.y!.data.buffer).toBe(aligned.buffer);
  });

  it('reads a file with no tensors and metadata only', () => {
    const { tensors, metadata } = parseSafetensors(serializeSafetensors({}, { a: 'b' }));
    expect(tensors).toEqual({});
    expect(metadata).toEqual({ a: 'b' });
  });

  describe('rejects invalid files with an error naming the file and tensor', () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['a file shorter than the length prefix', new Uint8Array(5), /bad\.safetensors: file is 5 bytes, too short/],
      [
        'a header length larger than the file',
        (() => {
          const b = craftSafetensors({}, 0);
          new DataView(b.buffer).setBigUint64(0, 1000n, true);
          return b;
        })(),
        /header length 1000 is larger than the 2 bytes after the length prefix/,
      ],
      [
        'an absurd header length',
        (() => {
          const b = craftSafetensors({}, 0);
          new DataView(b.buffer).setBigUint64(0, 2n ** 63n, true);
          return b;
        })(),
        /header length 9223372036854775808 is larger than the 100000000-byte limit/,
      ],
      ['invalid JSON', craftSafetensors('{"x": {', 0), /header is not valid JSON/],
      [
        'invalid UTF-8',
        (() => {
          const b = craftSafetensors('{"__metadata__":{"a":"x"}}', 0);
          b[8 + 22] = 0xff; // the x
          return b;
        })(),
        /header is not valid UTF-8/,
      ],
      ['a header that is not an object', craftSafetensors('[1, 2]', 0), /must start with "\{"/],
      ['trailing garbage after the JSON object', craftSafetensors('{} x', 0), /not valid JSON/],
      ['metadata that is not an object', craftSafetensors({ __metadata__: ['a'] }, 0), /__metadata__ must be an object of strings, got an array/],
      ['a metadata value that is not a string', craftSafetensors({ __metadata__: { epoch: 3 } }, 0), /__metadata__ value of "epoch" must be a string, got number 3/],
      ['an entry that is not an object', craftSafetensors({ w: 5 }, 0), /tensor "w": entry must be an object/],
      ['an unknown dtype', craftSafetensors({ w: entry('F128', [1], [0, 16]) }, 16), /tensor "w": unknown dtype the string "F128"; supported: F64, F32, F16, BF16/],
      ['a missing dtype', craftSafetensors({ w: { shape: [1], data_offsets: [0, 4] } }, 4), /tensor "w": unknown dtype undefined/],
      ['a negative dimension', craftSafetensors({ w: entry('F32', [-1], [0, 4]) }, 4), /tensor "w": shape must be an array of non-negative integers, got \[-1\]/],
      ['a fractional dimension', craftSafetensors({ w: entry('F32', [1.5], [0, 4]) }, 4), /shape must be an array of non-negative integers/],
      ['a shape that is not an array', craftSafetensors({ w: entry('F32', 4 as unknown as number[], [0, 16]) }, 16), /shape must be an array/],
      ['data_offsets of the wrong arity', craftSafetensors({ w: entry('F32', [1], [0, 4, 8]) }, 8), /tensor "w": data_offsets must be \[begin, end\]/],
      ['negative data_offsets', craftSafetensors({ w: entry('F32', [1], [-4, 0]) }, 4), /data_offsets must be \[begin, end\] with non-negative integers/],
      ['data_offsets that end before they begin', craftSafetensors({ w: entry('F32', [0], [4, 0]) }, 4), /end before they begin/],
      [
        'data_offsets whose length does not match shape and dtype',
        craftSafetensors({ w: entry('F32', [2, 2], [0, 12]) }, 12),
        /tensor "w": data_offsets \[0, 12\] span 12 bytes but shape \[2,2\] of F32 needs 16/,
      ],
      [
        'overlapping tensors',
        craftSafetensors({ a: entry('F32', [2], [0, 8]), b: entry('F32', [2], [4, 12]) }, 12),
        /tensor "b": data_offsets \[4, 12\] overlap tensor "a", which ends at 8/,
      ],
      [
        'two tensors sharing one range',
        craftSafetensors({ a: entry('U8', [4], [0, 4]), b: entry('U8', [4], [0, 4]) }, 4),
        /overlap tensor "a"/,
      ],
      [
        'a gap between tensors',
        craftSafetensors({ a: entry('F32', [1], [0, 4]), b: entry('F32', [1], [8, 12]) }, 12),
        /tensor "b": data_offsets \[8, 12\] leave a gap of 4 bytes after tensor "a"/,
      ],
      [
        'a gap at the start of the data',
        craftSafetensors({ a: entry('F32', [1], [4, 8]) }, 8),
        /leave a gap of 4 bytes after the start of the data/,
      ],
      [
        'trailing bytes that belong to no tensor',
        craftSafetensors({ a: entry('F32', [1], [0, 4]) }, 6),
        /holds 6 bytes but the tensors cover only 4: 2 trailing bytes/,
      ],
      [
        'out-of-range data_offsets',
        craftSafetensors({ a: entry('F32', [4], [0, 16]) }, 8),
        /bad\.safetensors: tensor "a": data_offsets \[0, 16\] are out of range: the data buffer holds 8 bytes/,
      ],
      [
        'data_offsets beyond 2^53',
        craftSafetensors('{"a":{"dtype":"U8","shape":[18014398509481984],"data_offsets":[0,18014398509481984]}}', 0),
        /shape must be an array of non-negative integers|data_offsets must be/,
      ],
      [
        'a duplicate tensor name',
        craftSafetensors('{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', 1),
        /header has the key "a" twice \(duplicate tensor name\)/,
      ],
      [
        'a duplicate metadata key',
        craftSafetensors('{"__metadata__":{"k":"1","k":"2"}}', 0),
        /header has the key "k" twice/,
      ],
    ];
    it.each(cases)('%s', (_title, bytes, message) => {
      let error: unknown;
      try {
        parse(bytes);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SafetensorsError);
      expect((error as Error).message).toMatch(/^safetensors: bad\.safetensors: /);
      expect((error as Error).message).toMatch(message);
    });
  });

  it('names the tensor of a truncated file, cut anywhere in the data', () => {
    const full = serializeSafetensors({
      a: { shape: [2], data: new Float32Array([1, 2]) },
      b: { shape: [3], data: new Float32Array([3, 4, 5]) },
    });
    for (let cut = 1; cut <= 20; cut++) {
      expect(() => parse(full.subarray(0, full.length - cut))).toThrow(
        cut <= 12 ? /tensor "b": data_offsets \[8, 20\] are out of range/ : /tensor "a".*out of range|larger than/,
      );
    }
  });

  it('does not accept a file cut inside its header', () => {
    const full = serializeSafetensors({ a: { shape: [2], data: new Float32Array([1, 2]) } });
    for (const length of [0, 7, 8, 20, full.length - 9]) {
      expect(() => parse(full.subarray(0, length))).toThrow(SafetensorsError);
    }
  });
});
