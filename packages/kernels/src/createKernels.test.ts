import { describe, expect, it } from 'vitest';
import { createKernels } from './createKernels';
import { createNormalSampler, createRng } from '@interp/core';

function fill(k: ReturnType<typeof createKernels>, seed: number): void {
  const normal = createNormalSampler(createRng(seed));
  for (let i = 0; i < k.heap.length; i++) k.heap[i] = normal();
}

describe('createKernels', () => {
  it('picks the WebAssembly SIMD kernels in Node', () => {
    expect(createKernels(16).kind).toBe('wasm-simd');
    expect(createKernels(16, 'js').kind).toBe('js');
  });

  it('wasm diffSums equals the JavaScript one and float32 statements on plain arrays bit for bit, at every length', () => {
    const w = createKernels(4096);
    const j = createKernels(4096, 'js');
    for (const n of [1, 3, 4, 7, 16, 17, 35, 512, 515]) {
      fill(w, n);
      fill(j, n);
      // by hand: Float32Array statements, as the kernel's contract says
      const sumAbs = w.heap.slice(2000, 2000 + n);
      const sum = w.heap.slice(3000, 3000 + n);
      for (let i = 0; i < n; i++) {
        const d = Math.fround(w.heap[100 + i]! - w.heap[1000 + i]!);
        sumAbs[i]! += Math.abs(d);
        sum[i]! += d;
      }
      w.diffSums(1000, 100, 2000, 3000, n);
      j.diffSums(1000, 100, 2000, 3000, n);
      expect(Array.from(w.heap.subarray(2000, 2000 + n + 1))).toEqual([...Array.from(sumAbs), j.heap[2000 + n]]);
      expect(Array.from(w.heap.subarray(3000, 3000 + n + 1))).toEqual([...Array.from(sum), j.heap[3000 + n]]);
      expect(Array.from(j.heap.subarray(2000, 2000 + n))).toEqual(Array.from(sumAbs));
      expect(Array.from(j.heap.subarray(3000, 3000 + n))).toEqual(Array.from(sum));
    }
  });

  it('wasm centredSums equals the JavaScript one and float64 statements on plain arrays bit for bit, at every length', () => {
    const w = createKernels(8192);
    const j = createKernels(8192, 'js');
    for (const n of [1, 2, 3, 4, 7, 16, 17, 35, 512, 515]) {
      fill(w, n);
      fill(j, n);
      const w64 = new Float64Array(w.heap.buffer, w.heap.byteOffset, 4096);
      const j64 = new Float64Array(j.heap.buffer, j.heap.byteOffset, 4096);
      // by hand: Float32Array reads into Float64Array sums, as the kernel's contract says
      const sum = w64.slice(1000, 1000 + n);
      const sq = w64.slice(2000, 2000 + n);
      for (let i = 0; i < n; i++) {
        const d = w.heap[100 + i]! - w.heap[1000 + i]!;
        sum[i]! += d;
        sq[i]! += d * d;
      }
      // twice: the sums accumulate
      for (const k of [w, j]) k.centredSums(100, 1000, 2000, 4000, n);
      for (const k of [w, j]) k.centredSums(100, 1000, 2000, 4000, n);
      for (let i = 0; i < n; i++) {
        const d = w.heap[100 + i]! - w.heap[1000 + i]!;
        sum[i]! += d;
        sq[i]! += d * d;
      }
      expect(Array.from(w64.subarray(1000, 1000 + n + 1))).toEqual([...Array.from(sum), j64[1000 + n]]);
      expect(Array.from(w64.subarray(2000, 2000 + n + 1))).toEqual([...Array.from(sq), j64[2000 + n]]);
      expect(Array.from(j64.subarray(1000, 1000 + n))).toEqual(Array.from(sum));
      expect(Array.from(j64.subarray(2000, 2000 + n))).toEqual(Array.from(sq));
    }
  });

  it('centredSums names a float64 offset that is odd (not 8-byte aligned)', () => {
    for (const kind of ['auto', 'js'] as const) {
      const k = createKernels(64, kind);
      expect(() => k.centredSums(0, 8, 17, 32, 4)).toThrow(/centredSums: sum must be an even float offset \(8-byte aligned\), got 17/);
      expect(() => k.centredSums(0, 8, 16, 33, 4)).toThrow(/centredSums: sq must be an even float offset/);
    }
  });

  it('wasm axpy, dot and dotAxpy equal the JavaScript ones for lengths that are not multiples of 4 or 16', () => {
    const w = createKernels(4096);
    const j = createKernels(4096, 'js');
    for (const n of [1, 3, 4, 7, 16, 17, 35, 512, 515]) {
      fill(w, n);
      fill(j, n);
      expect(w.dot(5, 1500, n)).toBeCloseTo(j.dot(5, 1500, n), 3);
      w.axpy(3, 2000, n, 0.75);
      j.axpy(3, 2000, n, 0.75);
      for (let i = 0; i < n + 2; i++) expect(w.heap[2 + i]).toBeCloseTo(j.heap[2 + i]!, 5);
      expect(w.dotAxpy(700, 1500, 3000, n, -0.5)).toBeCloseTo(j.dotAxpy(700, 1500, 3000, n, -0.5), 3);
      for (let i = 0; i < n + 2; i++) expect(w.heap[2999 + i]).toBeCloseTo(j.heap[2999 + i]!, 5);
    }
  });

  it("dotPaired returns dotAxpy's sum bit for bit (wasm and JavaScript), at every length, and leaves the heap alone", () => {
    let differsFromDot = false;
    for (const kind of ['auto', 'js'] as const) {
      const k = createKernels(4096, kind);
      for (const n of [1, 3, 4, 7, 8, 9, 16, 17, 35, 512, 515]) {
        fill(k, 100 + n);
        const before = k.heap.slice();
        const paired = k.dotPaired(700, 1500, n);
        expect(Buffer.from(k.heap.buffer, k.heap.byteOffset, k.heap.byteLength).equals(Buffer.from(before.buffer))).toBe(true);
        // dotAxpy with a = 0 leaves z as it was (finite data) and returns its sum
        expect(paired, `${kind} n ${n}`).toBe(k.dotAxpy(700, 1500, 3000, n, 0));
        if (paired !== k.dot(700, 1500, n)) differsFromDot = true;
      }
    }
    // on wasm, dot sums in another order: somewhere it gives another float (so the test above can fail)
    expect(differsFromDot).toBe(true);
  });

  it('wasm adam equals the JavaScript Adam step', () => {
    const w = createKernels(400);
    const j = createKernels(400, 'js');
    fill(w, 9);
    fill(j, 9);
    for (let i = 200; i < 400; i++) w.heap[i] = j.heap[i] = Math.abs(j.heap[i]!); // v >= 0
    w.adam(0, 100, 200, 300, 99, 1e-2, 0.9, 0.999, 1e-8);
    j.adam(0, 100, 200, 300, 99, 1e-2, 0.9, 0.999, 1e-8);
    for (let i = 0; i < 400; i++) expect(w.heap[i]).toBeCloseTo(j.heap[i]!, 5);
    expect(w.heap[99]).toBe(j.heap[99]); // untouched past n
  });
});

describe('filterAbove', () => {
  it('lists exactly the positions where s > t, in order, for wasm and JavaScript', () => {
    for (const kind of ['auto', 'js'] as const) {
      const k = createKernels(512, kind);
      fill(k, 4);
      const n = 103;
      const c = k.filterAbove(0, 200, n, 400);
      const expected = Array.from({ length: n }, (_, i) => i).filter((i) => k.heap[i]! > k.heap[200 + i]!);
      expect(Array.from(k.heapI32.subarray(400, 400 + c))).toEqual(expected);
    }
  });
});
