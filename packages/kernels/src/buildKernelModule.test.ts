import { describe, expect, it } from 'vitest';
import { createNormalSampler, createRng } from '@interp/core';
import { buildKernelModule } from './buildKernelModule';

type Wide = {
  axpyWide(dst: number, src: number, n: number, a: number): void;
  squaredDiffWide(x: number, y: number, out: number, n: number): void;
  adam(p: number, g: number, m: number, v: number, n: number, lr: number, b1: number, b2: number, eps: number): void;
  adamZero(p: number, g: number, m: number, v: number, n: number, lr: number, b1: number, b2: number, eps: number): void;
};

function instantiate(shared: boolean): { exports: Wide; heap: Float32Array; memory: WebAssembly.Memory } {
  const memory = shared ? new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }) : new WebAssembly.Memory({ initial: 1 });
  const exports = new WebAssembly.Instance(new WebAssembly.Module(buildKernelModule(shared)), { env: { memory } }).exports as unknown as Wide;
  return { exports, heap: new Float32Array(memory.buffer), memory };
}

function fill(heap: Float32Array, seed: number): void {
  const normal = createNormalSampler(createRng(seed));
  for (let i = 0; i < heap.length; i++) heap[i] = normal() * 3;
}

describe('buildKernelModule: the f64 kernels of the exact decoding', () => {
  for (const shared of [false, true]) {
    it(`axpyWide and squaredDiffWide equal JavaScript's Float32Array arithmetic bit for bit (${shared ? 'shared' : 'private'} memory)`, () => {
      const { exports: k, heap, memory } = instantiate(shared);
      for (const n of [1, 2, 3, 7, 16, 511, 512]) {
        fill(heap, n);
        const dst = 3;
        const src = 1001;
        const a = Math.fround(-0.3719 * n);
        const expected = heap.slice(dst, dst + n + 2);
        const js = heap.slice(dst, dst + n);
        for (let i = 0; i < n; i++) js[i]! += a * heap[src + i]!;
        k.axpyWide(dst << 2, src << 2, n, a);
        expect(Array.from(heap.subarray(dst, dst + n))).toEqual(Array.from(js));
        expect(heap[dst + n]).toBe(expected[n]); // untouched past n
        // a naive float32 multiply-add rounds differently somewhere: the test can tell the two apart
        const out = 2048; // floats: byte offset 8192, 8-byte aligned
        k.squaredDiffWide(dst << 2, src << 2, out << 2, n);
        const sq = new Float64Array(memory.buffer, out << 2, n + 1);
        for (let i = 0; i < n; i++) {
          const e = heap[dst + i]! - heap[src + i]!;
          expect(sq[i]).toBe(e * e);
        }
      }
    });

    it(`adamZero updates as adam does and zeroes the gradients it read (${shared ? 'shared' : 'private'} memory)`, () => {
      const a = instantiate(shared);
      const b = instantiate(shared);
      fill(a.heap, 5);
      for (let i = 2000; i < 3000; i++) a.heap[i] = Math.abs(a.heap[i]!);
      b.heap.set(a.heap);
      const n = 203;
      a.exports.adam(0, 1000 << 2, 1500 << 2, 2000 << 2, n, 1e-3, 0.9, 0.999, 1e-8);
      b.exports.adamZero(0, 1000 << 2, 1500 << 2, 2000 << 2, n, 1e-3, 0.9, 0.999, 1e-8);
      for (const o of [0, 1500, 2000]) expect(Array.from(b.heap.subarray(o, o + n + 1))).toEqual(Array.from(a.heap.subarray(o, o + n + 1)));
      expect(Array.from(b.heap.subarray(1000, 1000 + n)).every((g) => g === 0)).toBe(true);
      expect(b.heap[1000 + n]).toBe(a.heap[1000 + n]);
    });
  }

  it('axpyWide differs from a float32 multiply-add on some inputs (so the test above can fail)', () => {
    const { exports: k, heap } = instantiate(false);
    fill(heap, 11);
    const n = 512;
    const a = Math.fround(0.7);
    const f32 = heap.slice(0, n).map((v, i) => Math.fround(v + Math.fround(a * heap[4000 + i]!)));
    k.axpyWide(0, 4000 << 2, n, a);
    expect(Array.from(heap.subarray(0, n))).not.toEqual(Array.from(f32));
  });
});
