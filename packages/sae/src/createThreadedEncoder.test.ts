import { describe, expect, it } from 'vitest';
import { selectBackend } from '@interp/backend';
import { createRandom } from './createRandom';
import { createThreadedEncoder } from './createThreadedEncoder';
import { evaluateSae } from './evaluateSae';
import { createSae } from './Sae';

function randomSae(dIn: number, dSae: number, k: number, seed: number, activation: 'topk' | 'relu' = 'topk') {
  const rng = createRandom(seed);
  const n = (len: number, s: number) => Float32Array.from({ length: len }, () => rng.normal() * s);
  return createSae(
    { W_enc: n(dIn * dSae, 0.3), W_dec: n(dSae * dIn, 0.3), b_enc: n(dSae, 0.1), b_dec: n(dIn, 0.1) },
    { dIn, dSae, activation: activation === 'topk' ? { type: 'topk', k } : { type: 'relu' }, applyBDecToInput: true },
  );
}

describe('createThreadedEncoder', () => {
  it('encodes like sae.encodeSparse on 1, 2 and 3 threads, and evaluateSae equals the SAE\'s own path bit for bit', async () => {
    await selectBackend({ backend: 'wasm' });
    // two blocks, the last of 91 rows (not a multiple of 8 or 4: the gemm's column tails); 70 features: not a multiple of 4
    const [dIn, dSae, k, rows] = [24, 70, 5, 603];
    const sae = randomSae(dIn, dSae, k, 3);
    const rng = createRandom(8);
    const data = Float32Array.from({ length: rows * dIn }, () => Math.max(0, rng.normal()));
    const ref = sae.encodeSparse(data, rows);
    expect(ref.values.some((v) => v > 0)).toBe(true);
    for (const threads of [1, 2, 3]) {
      const encoder = await createThreadedEncoder(sae, threads);
      expect(encoder?.threads).toBe(threads);
      try {
        const got = await encoder!.encodeSparse(data, rows);
        expect([got.rows, got.k, got.dSae]).toEqual([ref.rows, ref.k, ref.dSae]);
        expect(Array.from(got.indices)).toEqual(Array.from(ref.indices));
        expect(Buffer.from(got.values.buffer).equals(Buffer.from(ref.values.buffer))).toBe(true);
      } finally {
        encoder!.dispose();
      }
    }
    // the SAE's own path: tfjs' matMul, JavaScript selection and decodeSparse; the threaded kernels must give the same numbers
    const own = await evaluateSae(sae, { data, rows, width: dIn });
    const figures = (m: typeof own) => [m.mse, m.fve, m.l0, m.deadFraction, m.denseFraction, ...m.featureFrequency];
    for (const threads of [1, 2, 3]) {
      const got = await evaluateSae(sae, { data, rows, width: dIn }, { threads });
      expect(figures(got), `threads ${threads}`).toEqual(figures(own));
    }
    sae.dispose();
  });

  it("gives encodeBlock each row's squared error of the SAE's own reconstruction, also after encodeSparse ran on other rows", async () => {
    await selectBackend({ backend: 'wasm' });
    const [dIn, dSae, k, rows] = [24, 70, 5, 40];
    const sae = randomSae(dIn, dSae, k, 4);
    const rng = createRandom(9);
    const data = Float32Array.from({ length: rows * dIn }, () => Math.max(0, rng.normal()));
    const other = Float32Array.from({ length: rows * dIn }, () => 3 * rng.normal());
    const xh = sae.decodeSparse(sae.encodeSparse(data, rows));
    for (const threads of [1, 2]) {
      const encoder = (await createThreadedEncoder(sae, threads))!;
      try {
        await encoder.encodeSparse(other, rows); // codes only: must leave nothing that the block below reads
        const got: number[] = [];
        await encoder.encodeBlock(data, rows, (codes) => got.push(...codes.rowSse.subarray(0, rows)));
        const want = Array.from({ length: rows }, (_, r) => {
          let e = 0;
          for (let i = 0; i < dIn; i++) e += (data[r * dIn + i]! - xh[r * dIn + i]!) ** 2;
          return Math.fround(e);
        });
        expect(got, `threads ${threads}`).toEqual(want);
      } finally {
        encoder.dispose();
      }
    }
    sae.dispose();
  });

  it('declines SAEs its kernels do not run, and rejects a bad thread count naming the option', async () => {
    await selectBackend({ backend: 'wasm' });
    const relu = randomSae(8, 16, 0, 1, 'relu');
    expect(await createThreadedEncoder(relu, 2)).toBeUndefined();
    relu.dispose();
    const topk = randomSae(8, 16, 2, 1);
    await expect(createThreadedEncoder(topk, 0)).rejects.toThrow(/createThreadedEncoder: threads must be an integer in \[1, 256\], got 0/);
    const encoder = await createThreadedEncoder(topk, 2);
    await expect(encoder!.encodeSparse(new Float32Array(7), 1)).rejects.toThrow(/encodeSparse: data must be a Float32Array of rows \* 8 = 8 floats, got 7/);
    encoder!.dispose();
    topk.dispose();
  });
});
