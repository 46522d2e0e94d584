import { selectBackend } from '@interp/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { deserializeSae } from './deserializeSae';
import { evaluateSae } from './evaluateSae';
import { quickSelect } from './quickSelect';
import { serializeSae } from './serializeSae';
import { makeSparseTrainingInput } from './__tests__/testData';
import { trainSae } from './trainSae';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

const input = makeSparseTrainingInput();
const { data, width } = input;

/** The SAELens JumpReLU encode, written out: relu(pre) * (pre > threshold), pre = (x - b_dec) W_enc + b_enc. */
function jumpReluByHand(w: ReturnType<ReturnType<typeof deserializeSae>['getWeights']>, x: Float32Array, dIn: number, dSae: number): Float32Array {
  const out = new Float32Array(dSae);
  for (let j = 0; j < dSae; j++) {
    let p = w.b_enc[j]!;
    for (let i = 0; i < dIn; i++) p += (x[i]! - w.b_dec[i]!) * w.W_enc[i * dSae + j]!;
    out[j] = p > w.threshold![j]! && p > 0 ? p : 0;
  }
  return out;
}

describe('quickSelect', () => {
  it('finds the rank-th smallest, with duplicates', () => {
    const values = [5, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    const sorted = [...values].sort((a, b) => a - b);
    for (let r = 0; r < values.length; r++) expect(quickSelect(Float32Array.from(values), values.length, r)).toBe(sorted[r]);
  });
});

for (const type of ['batchtopk', 'matryoshka'] as const) {
  describe(`${type} SAE`, () => {
    it('trains to a good FVE at a mean L0 near k, and saves as SAELens jumprelu with a threshold that round-trips', async () => {
      const { sae, history } = await trainSae(input, {
        dSae: 64,
        architecture: type === 'batchtopk' ? { type, k: 4 } : { type, k: 4, prefixes: [8, 16, 32] },
        epochs: 8,
        batchSize: 32,
        learningRate: 1e-2,
        seed: 3,
      });
      const last = history.evaluations.at(-1)!.metrics;
      // training reduces the loss
      const first = history.steps[0]!.loss;
      const end = history.steps.slice(-5).reduce((a, r) => a + r.loss, 0) / 5;
      expect(end).toBeLessThan(0.7 * first);
      expect(last.fve).toBeGreaterThan(0.65);
      expect(last.l0).toBeGreaterThan(2);
      expect(last.l0).toBeLessThan(8);
      expect(sae.config.activation.type).toBe('jumprelu');
      const theta = sae.getWeights().threshold!;
      expect(theta[0]).toBeGreaterThan(0);
      expect(new Set(theta).size).toBe(1); // one global threshold
      const files = serializeSae(sae);
      expect(JSON.parse(files['cfg.json']).architecture).toBe('jumprelu');
      const again = deserializeSae(files);
      const w = again.getWeights();
      const x = data.subarray(0, width);
      const byHand = jumpReluByHand(w, x, width, 64);
      const encoded = again.encodeArray(x, 1);
      for (let j = 0; j < 64; j++) expect(encoded[j]).toBeCloseTo(byHand[j]!, 4);
      expect(Array.from(again.encodeArray(data.subarray(0, 5 * width), 5))).toEqual(Array.from(sae.encodeArray(data.subarray(0, 5 * width), 5)));
      // with the global threshold, a row encodes the same alone as within any batch
      const alone = sae.encodeArray(data.subarray(7 * width, 8 * width), 1);
      const inBatch = sae.encodeArray(data.subarray(0, 40 * width), 40).subarray(7 * 64, 8 * 64);
      expect(Array.from(alone)).toEqual(Array.from(inBatch));
      expect(alone.some((v) => v > 0)).toBe(true);
      const m = await evaluateSae(again, input);
      expect(m.fve).toBeGreaterThan(0.6);
      sae.dispose();
      again.dispose();
    });
  });
}

it('matryoshka: the first prefix alone reconstructs better than the same number of features of a plain BatchTopK SAE', async () => {
  const opts = { dSae: 64, epochs: 8, batchSize: 32, learningRate: 1e-2, seed: 4 } as const;
  const prefixFve = async (type: 'batchtopk' | 'matryoshka') => {
    const { sae } = await trainSae(input, { ...opts, architecture: type === 'matryoshka' ? { type, k: 4, prefixes: [16] } : { type, k: 4 } });
    const n = 200;
    const f = sae.encodeArray(data.subarray(0, n * width), n);
    for (let r = 0; r < n; r++) f.fill(0, r * 64 + 16, (r + 1) * 64); // keep features 0..15 only
    const xh = sae.decodeArray(f, n);
    sae.dispose();
    let sse = 0;
    let sst = 0;
    const mean = new Float64Array(width);
    for (let r = 0; r < n; r++) for (let i = 0; i < width; i++) mean[i]! += data[r * width + i]! / n;
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < width; i++) {
        sse += (data[r * width + i]! - xh[r * width + i]!) ** 2;
        sst += (data[r * width + i]! - mean[i]!) ** 2;
      }
    }
    return 1 - sse / sst;
  };
  const nested = await prefixFve('matryoshka');
  const plain = await prefixFve('batchtopk');
  expect(nested).toBeGreaterThan(plain);
});
