import { selectBackend } from '@interp/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from './createRandom';
import { createSae } from './Sae';
import type { SaeActivation } from './SaeConfig';
import { toDenseFeatures, toSparseFeatures } from './SparseFeatures';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

function randomSae(activation: SaeActivation, dIn = 12, dSae = 40, seed = 3) {
  const rng = createRandom(seed);
  const r = (n: number, s: number) => Float32Array.from({ length: n }, () => s * rng.normal());
  return createSae(
    { W_enc: r(dIn * dSae, 0.5), W_dec: r(dSae * dIn, 0.3), b_enc: r(dSae, 0.2), b_dec: r(dIn, 0.1) },
    { dIn, dSae, activation, applyBDecToInput: true },
  );
}

const maxAbsDiff = (a: Float32Array, b: Float32Array): number => {
  expect(a).toHaveLength(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

// 1100 rows: more than two 512-row encoder blocks, the last one partial
const rows = 1100;
const data = (() => {
  const rng = createRandom(9);
  return Float32Array.from({ length: rows * 12 }, () => rng.normal());
})();

describe.each([{ type: 'topk', k: 5 } as const, { type: 'relu' } as const])('encodeSparse ($type)', (activation) => {
  it('holds exactly the non-zero activations of the tensor path, largest first, and decodes to the same reconstruction', () => {
    const sae = randomSae(activation);
    const dense = tf.tidy(() => sae.encode(tf.tensor2d(data, [rows, 12])).dataSync() as Float32Array);
    const s = sae.encodeSparse(data, rows);
    expect(s.rows).toBe(rows);
    expect(s.dSae).toBe(40);
    if (activation.type === 'topk') expect(s.k).toBe(5);
    expect(s.indices).toHaveLength(rows * s.k);
    const back = toDenseFeatures(s);
    expect(maxAbsDiff(back, dense)).toBeLessThan(1e-5);
    let maxCount = 0;
    for (let r = 0; r < rows; r++) {
      let n = 0;
      for (let t = r * s.k; t < (r + 1) * s.k; t++) {
        if (s.indices[t]! < 0) {
          if (s.values[t] !== 0) throw new Error(`row ${r}: padding slot ${t} holds ${s.values[t]}`);
          continue;
        }
        n++;
        if (!(s.values[t]! > 0)) throw new Error(`row ${r}: slot ${t} holds ${s.values[t]}`);
        if (t > r * s.k && s.values[t]! > s.values[t - 1]!) throw new Error(`row ${r}: slots not largest first`);
      }
      maxCount = Math.max(maxCount, n);
    }
    if (activation.type === 'relu') expect(s.k).toBe(maxCount);
    // dense output of encodeArray agrees, and the sparse decode equals the dense decode
    const arr = sae.encodeArray(data, rows);
    expect(maxAbsDiff(arr, dense)).toBeLessThan(1e-5);
    const xhDense = tf.tidy(() => sae.decode(tf.tensor2d(back, [rows, 40])).dataSync() as Float32Array);
    const xh = sae.decodeSparse(s);
    expect(maxAbsDiff(xh, xhDense)).toBeLessThan(1e-4);
    sae.dispose();
  });
});

describe('sparse features', () => {
  it('toSparseFeatures and toDenseFeatures round-trip, padding short rows', () => {
    const dense = new Float32Array([0, 2, 0, 1, 0, 0, 0, 0, 0, 3, -1, 0]);
    const s = toSparseFeatures(dense, 3, 4);
    expect(s.k).toBe(2);
    expect(Array.from(s.indices)).toEqual([1, 3, -1, -1, 1, 2]);
    expect(Array.from(s.values)).toEqual([2, 1, 0, 0, 3, -1]);
    expect(Array.from(toDenseFeatures(s))).toEqual(Array.from(dense));
  });

  it('encodes zero rows', () => {
    const sae = randomSae({ type: 'topk', k: 3 });
    const s = sae.encodeSparse(new Float32Array(0), 0);
    expect(s.rows).toBe(0);
    expect(s.indices).toHaveLength(0);
    expect(sae.decodeSparse(s)).toHaveLength(0);
    sae.dispose();
  });

  it.each([
    [(sae: ReturnType<typeof randomSae>) => sae.encodeSparse(new Float32Array(5), 1), /Sae.encodeSparse: data must hold rows \* 12 = 12 floats, got 5/],
    [(sae: ReturnType<typeof randomSae>) => sae.encodeSparse(new Float32Array(12), -1), /Sae.encodeSparse: rows must be an integer >= 0, got -1/],
    [(sae: ReturnType<typeof randomSae>) => sae.decodeSparse({ rows: 1, k: 1, dSae: 7, indices: new Int32Array(1), values: new Float32Array(1) }), /features.dSae must be 40, got 7/],
    [(sae: ReturnType<typeof randomSae>) => sae.decodeSparse({ rows: 1, k: 2, dSae: 40, indices: new Int32Array(1), values: new Float32Array(2) }), /must hold rows \* k = 2 entries, got 1 and 2/],
    [(sae: ReturnType<typeof randomSae>) => sae.decodeSparse({ rows: 1, k: 1, dSae: 40, indices: new Int32Array([40]), values: new Float32Array([1]) }), /features.indices\[0\] = 40 is not a feature id in \[0, 40\)/],
    [() => toSparseFeatures(new Float32Array(5), 2, 3), /toSparseFeatures: dense must hold rows \* dSae = 6 floats, got 5/],
  ])('rejects bad input naming it (%#)', (call, message) => {
    const sae = randomSae({ type: 'topk', k: 3 });
    try {
      expect(() => call(sae)).toThrow(message);
    } finally {
      sae.dispose();
    }
  });
});
