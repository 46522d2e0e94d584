// Shared fixtures of the tests (not exported by the package).
import { createSplit, type DatasetSplit } from '@interp/dataset';
import { createMlp, type Mlp } from '@interp/models';
import { createSae, type Sae } from '@interp/sae';
import { createRng } from '@interp/dataset';

/**
 * A split of `rows` random task rows whose pointers cycle 0,1,2,3 (so `p1=k` holds on exactly a quarter of
 * the rows when `rows` is a multiple of 4) and whose other values are seeded random.
 */
export function makeSplit(rows: number, seed: number): DatasetSplit {
  const rng = createRng(seed);
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: 10 }, () => rng.nextInt(10));
    row[4] = r % 4;
    row[9] = rng.nextInt(4);
    out.push(row);
  }
  return createSplit(out);
}

/** A tiny seeded MLP: 10 -> hidden -> 8 -> 1. */
export function makeModel(hidden = 16, seed = 1): Mlp {
  return createMlp({ hiddenSize: hidden, bottleneckSize: 8 }, { seed });
}

/** An SAE whose features are the hook's units: W_enc = W_dec = I, no biases, ReLU (exact on relu activations). */
export function makeIdentitySae(width: number): Sae {
  const eye = new Float32Array(width * width);
  for (let i = 0; i < width; i++) eye[i * width + i] = 1;
  return createSae(
    { W_enc: eye, W_dec: eye.slice(), b_enc: new Float32Array(width), b_dec: new Float32Array(width) },
    { dIn: width, dSae: width, activation: { type: 'relu' }, applyBDecToInput: true },
  );
}

/** A seeded random ReLU SAE. */
export function makeRandomSae(dIn: number, dSae: number, seed: number): Sae {
  const rng = createRng(seed);
  const rand = (n: number, s: number) => Float32Array.from({ length: n }, () => (2 * rng.next() - 1) * s);
  return createSae(
    { W_enc: rand(dIn * dSae, 0.5), W_dec: rand(dSae * dIn, 0.5), b_enc: rand(dSae, 0.1), b_dec: new Float32Array(dIn) },
    { dIn, dSae, activation: { type: 'relu' }, applyBDecToInput: true },
  );
}

/** A seeded random TopK SAE (`k` features per row) with a random decoder bias. */
export function makeTopKSae(dIn: number, dSae: number, k: number, seed: number): Sae {
  const rng = createRng(seed);
  const rand = (n: number, s: number) => Float32Array.from({ length: n }, () => (2 * rng.next() - 1) * s);
  return createSae(
    { W_enc: rand(dIn * dSae, 0.5), W_dec: rand(dSae * dIn, 0.5), b_enc: rand(dSae, 0.1), b_dec: rand(dIn, 0.1) },
    { dIn, dSae, activation: { type: 'topk', k }, applyBDecToInput: true },
  );
}
