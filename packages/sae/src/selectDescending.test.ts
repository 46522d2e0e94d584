import { describe, expect, it } from 'vitest';
import { createRandom } from './createRandom';
import { HEAP_FROM, quickselectDescending, selectDescending } from './selectDescending';

/** Floats drawn from a small set (many duplicates), with zeros of both signs, mostly -Infinity, or spread; optionally a NaN. */
function makeFloats(seed: number, n: number, kind: 'spread' | 'few' | 'zeros' | 'sorted' | 'nan' | 'infinite'): Float32Array {
  const rng = createRandom(seed);
  const xs = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (kind === 'few') xs[i] = Math.floor(rng.next() * 5) - 2;
    else if (kind === 'infinite') xs[i] = rng.next() < 0.999 ? -Infinity : rng.normal();
    else if (kind === 'zeros') xs[i] = rng.next() < 0.9 ? (rng.next() < 0.5 ? -0 : 0) : rng.normal();
    else xs[i] = rng.normal();
  }
  if (kind === 'sorted') xs.sort();
  if (kind === 'nan') xs[Math.floor(n / 3)] = Number.NaN;
  return xs;
}

describe('selectDescending', () => {
  it('returns the rank-th largest as a sort gives it, duplicates and the sign of zero included, at every rank the heap pass takes and beyond', () => {
    let heapRanks = 0;
    for (const [seed, kind] of [[1, 'spread'], [2, 'few'], [3, 'zeros'], [4, 'sorted'], [7, 'infinite']] as const) {
      for (const n of [8, 517, 2048, 8192, 16387]) {
        const xs = makeFloats(seed, n + 3, kind);
        const o = 3; // an offset into the array
        const sorted = xs.slice(o, o + n).sort();
        for (const rank of [0, 1, 4, 31, Math.floor(n / 8) - 1, Math.floor(n / 8), n - 1]) {
          if (rank < 0 || rank >= n) continue;
          if (n >= HEAP_FROM && (rank + 1) * 8 <= n) heapRanks++;
          const got = selectDescending(xs, o, n, rank, new Float32Array(n));
          expect(Object.is(got, sorted[n - 1 - rank]), `${kind} n ${n} rank ${rank}: ${got} vs ${sorted[n - 1 - rank]}`).toBe(true);
        }
      }
    }
    expect(heapRanks).toBeGreaterThan(20); // the heap pass ran
  });

  it('gives what the quickselect gives on inputs with a NaN', () => {
    for (const n of [HEAP_FROM, 2048, 8192]) {
      const xs = makeFloats(5, n, 'nan');
      for (const rank of [0, 3, 31, 200, n - 1]) {
        if (rank >= n) continue;
        const a = selectDescending(xs, 0, n, rank, new Float32Array(n));
        const b = quickselectDescending(xs, 0, n, rank, new Float32Array(n));
        expect(Object.is(a, b), `n ${n} rank ${rank}: ${a} vs ${b}`).toBe(true);
      }
    }
  });

  it('leaves the input unchanged', () => {
    const xs = makeFloats(6, 1024, 'spread');
    const copy = xs.slice();
    selectDescending(xs, 0, 1024, 10, new Float32Array(1024));
    expect(Array.from(xs)).toEqual(Array.from(copy));
  });
});
