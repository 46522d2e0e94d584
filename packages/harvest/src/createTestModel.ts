import { createMlp, type Mlp } from '@interp/models';

/** Test helper: a small seeded random MLP (4 -> 16 -> 8 -> 1, tanh bottleneck). */
export function createTestModel(seed = 3): Mlp {
  return createMlp(
    { inputSize: 4, hiddenSize: 16, bottleneckSize: 8, outputSize: 1, hiddenActivation: 'relu', bottleneckActivation: 'tanh' },
    { seed },
  );
}

/** Test helper: `rows` rows of 4 seeded pseudo-random inputs in [-2, 2) (mulberry32). */
export function createTestInputs(rows: number, seed = 7, width = 4): Float32Array {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Float32Array.from({ length: rows * width }, () => next() * 4 - 2);
}
