import { describe, expect, it } from 'vitest';
import { createNormalSampler, createRng } from '@interp/core';
import { DEFAULT_GEMM_TILE, buildGemmModule } from './buildGemmModule';
import type { GemmTile } from './buildGemmModule';

type Gemm = (w: number, x: number, bias: number, out: number, nj: number, nb: number, d: number, stride: number) => void;

function instantiate(shared: boolean, tile?: GemmTile): { gemm: Gemm; gemmPacked: Gemm; heap: Float32Array } {
  const memory = shared ? new WebAssembly.Memory({ initial: 4, maximum: 4, shared: true }) : new WebAssembly.Memory({ initial: 4 });
  const { gemm, gemmPacked } = new WebAssembly.Instance(new WebAssembly.Module(buildGemmModule(shared, tile)), { env: { memory } }).exports as unknown as { gemm: Gemm; gemmPacked: Gemm };
  return { gemm, gemmPacked, heap: new Float32Array(memory.buffer) };
}

/** The plain float32 product, each output summed in order of i from 0, one rounding per multiply and add, bias last. */
function reference(heap: Float32Array, w: number, x: number, bias: number, nj: number, nb: number, d: number, stride: number): Float32Array {
  const out = new Float32Array(nj * stride);
  for (let j = 0; j < nj; j++) {
    for (let b = 0; b < nb; b++) {
      let acc = 0;
      for (let i = 0; i < d; i++) acc = Math.fround(acc + Math.fround(heap[w + j * d + i]! * heap[x + i * stride + b]!));
      out[j * stride + b] = Math.fround(acc + heap[bias + j]!);
    }
  }
  return out;
}

/** The gemm's outputs at `out` equal `expected` row by row; the columns past `nb` and the float after the last row still hold `sentinel`. */
function expectOutputs(heap: Float32Array, expected: Float32Array, out: number, nj: number, nb: number, d: number, stride: number, sentinel: number): void {
  for (let j = 0; j < nj; j++) {
    const got = Array.from(heap.subarray(out + j * stride, out + j * stride + nb));
    expect(got, `shape ${nj}x${nb}x${d}, row ${j}`).toEqual(Array.from(expected.subarray(j * stride, j * stride + nb)));
    // the columns past nb are left alone
    for (let b = nb; b < stride; b++) expect(heap[out + j * stride + b]).toBe(sentinel);
  }
  expect(heap[out + nj * stride]).toBe(sentinel);
}

function fill(heap: Float32Array, seed: number, n: number): void {
  const normal = createNormalSampler(createRng(seed));
  for (let i = 0; i < n; i++) heap[i] = normal();
}

const tiles: GemmTile[] = [
  DEFAULT_GEMM_TILE,
  { rows: 4, vectors: 2, unroll: 1 },
  { rows: 6, vectors: 2, unroll: 2 },
  { rows: 5, vectors: 3, unroll: 3 },
  { rows: 1, vectors: 1, unroll: 1 },
  { rows: 12, vectors: 1, unroll: 4 },
  { rows: 5, vectors: 2, unroll: 1, fence: true },
  { rows: 3, vectors: 3, unroll: 2, fence: true },
];
// (nj, nb, d, stride): whole tiles, and every kind of tail (rows past the tile, 4-column and 1-column groups)
const shapes: [number, number, number, number][] = [
  [24, 24, 32, 24],
  [13, 19, 17, 21],
  [7, 5, 3, 9],
  [1, 1, 1, 1],
  [4, 8, 64, 16],
  [6, 3, 2, 3],
  [11, 37, 9, 40],
  [5, 6, 0, 6],
];

describe('buildGemmModule', () => {
  for (const shared of [false, true]) {
    for (const tile of tiles) {
      it(`equals the in-order float32 sum bit for bit with tile ${tile.rows}x${4 * tile.vectors}, unroll ${tile.unroll}${tile.fence === true ? ', fenced' : ''} (${shared ? 'shared' : 'private'} memory)`, () => {
        const { gemm, heap } = instantiate(shared, tile);
        for (const [nj, nb, d, stride] of shapes) {
          const w = 0;
          const x = 8192;
          const bias = 16384;
          const out = 20000;
          fill(heap, nj * 1000 + nb, 20000);
          const sentinel = -12345.5;
          heap.fill(sentinel, out, out + nj * stride + 8);
          gemm(w << 2, x << 2, bias << 2, out << 2, nj, nb, d, stride);
          expectOutputs(heap, reference(heap, w, x, bias, nj, nb, d, stride), out, nj, nb, d, stride, sentinel);
        }
      });
    }
  }

  for (const tile of tiles) {
    it(`gemmPacked gives gemm's floats from x packed in panels, tile ${tile.rows}x${4 * tile.vectors}, unroll ${tile.unroll}${tile.fence === true ? ', fenced' : ''}`, () => {
      const { gemmPacked, heap } = instantiate(true, tile);
      const P = 4 * tile.vectors;
      for (const [nj, panels, d, extra] of [[24, 3, 32, 0], [13, 2, 17, 5], [7, 1, 3, 1], [1, 1, 1, 0], [11, 4, 9, 3], [5, 1, 0, 0]] as const) {
        const nb = panels * P;
        const stride = nb + extra;
        const [w, x, bias, out, xp] = [0, 8192, 16384, 20000, 40000];
        fill(heap, nj * 100 + nb, 20000);
        // pack x [d][stride] into panels of P columns: column b's x[i][b] at xp + (b - b % P) d + i P + b % P
        heap.fill(Number.NaN, xp, xp + nb * d + 64);
        for (let b = 0; b < nb; b++) for (let i = 0; i < d; i++) heap[xp + (b - (b % P)) * d + i * P + (b % P)] = heap[x + i * stride + b]!;
        const sentinel = -777.25;
        heap.fill(sentinel, out, out + nj * stride + 8);
        gemmPacked(w << 2, xp << 2, bias << 2, out << 2, nj, nb, d, stride);
        expectOutputs(heap, reference(heap, w, x, bias, nj, nb, d, stride), out, nj, nb, d, stride, sentinel);
      }
    });
  }

  it('differs from a sum in float64 rounded once (so the test above can fail)', () => {
    const { gemm, heap } = instantiate(false);
    const [nj, nb, d] = [8, 16, 256];
    fill(heap, 3, 20000);
    gemm(0, 8192 << 2, 16384 << 2, 20000 << 2, nj, nb, d, nb);
    let differ = 0;
    for (let j = 0; j < nj; j++) {
      for (let b = 0; b < nb; b++) {
        let acc = 0;
        for (let i = 0; i < d; i++) acc += heap[j * d + i]! * heap[8192 + i * nb + b]!;
        if (Math.fround(acc + heap[16384 + j]!) !== heap[20000 + j * nb + b]) differ++;
      }
    }
    expect(differ).toBeGreaterThan(0);
  });

  it('rejects a tile out of range, naming the field', () => {
    expect(() => buildGemmModule(false, { rows: 0, vectors: 2, unroll: 1 })).toThrow(/tile\.rows must be an integer from 1 to 12, got 0/);
    expect(() => buildGemmModule(false, { rows: 4, vectors: 5, unroll: 1 })).toThrow(/tile\.vectors must be an integer from 1 to 4, got 5/);
    expect(() => buildGemmModule(false, { rows: 4, vectors: 2, unroll: 1.5 })).toThrow(/tile\.unroll must be an integer from 1 to 8, got 1.5/);
  });
});
