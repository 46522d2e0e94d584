import { createMulberry32 } from '@interp/core';
import { createMlp, type Mlp } from '@interp/models';

/** Test helper: a small seeded random MLP (4 -> 16 -> 8 -> 1, tanh bottleneck). */
export function createTestModel(seed = 3): Mlp {
  return createMlp(
    { inputSize: 4, hiddenSize: 16, bottleneckSize: 8, outputSize: 1, hiddenActivation: 'relu', bottleneckActivation: 'tanh' },
    { seed },
  );
}

/** Test helper: `rows` rows of 4 seeded pseudo-random inputs in [-2, 2) (`@interp/core`'s `createMulberry32`). */
export function createTestInputs(rows: number, seed = 7, width = 4): Float32Array {
  const rng = createMulberry32(seed);
  return Float32Array.from({ length: rows * width }, () => rng.next() * 4 - 2);
}
