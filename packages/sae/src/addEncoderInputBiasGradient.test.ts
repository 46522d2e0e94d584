import { describe, expect, it } from 'vitest';
import { addEncoderInputBiasGradient } from './addEncoderInputBiasGradient';
import { createRandom } from './createRandom';
import { createTrainingState, DECODER_BIAS_BLOCK, type TrainingState } from './createTrainingState';

// 150 features: blocks of 64, 64 and 22; a few b_enc gradients are zero
function filledState(prefer: 'auto' | 'js'): TrainingState {
  const [d, S] = [12, 150];
  const state = createTrainingState(d, S, 8, prefer);
  const rng = createRandom(3);
  const { heap, layout: L } = state;
  for (let i = 0; i < S * d; i++) heap[L.wenc + i] = rng.normal();
  for (let j = 0; j < S; j++) heap[L.grad + L.benc + j] = j % 7 === 0 ? 0 : rng.normal() * 0.01;
  for (let i = 0; i < d; i++) heap[L.grad + L.bdec + i] = rng.normal() * 0.1;
  return state;
}

describe('addEncoderInputBiasGradient', () => {
  it('adds -sum_j g_j W_enc[j] to the b_dec gradient (within float32 rounding of a float64 sum)', () => {
    const state = filledState('auto');
    const { heap, layout: L, dIn: d, dSae: S } = state;
    const expected = Array.from({ length: d }, (_, i) => {
      let s = heap[L.grad + L.bdec + i]!;
      for (let j = 0; j < S; j++) s -= heap[L.grad + L.benc + j]! * heap[L.wenc + j * d + i]!;
      return s;
    });
    addEncoderInputBiasGradient(state);
    for (let i = 0; i < d; i++) expect(heap[L.grad + L.bdec + i]!, `dimension ${i}`).toBeCloseTo(expected[i]!, 5);
  });

  it('sums each block of features from zero in feature order, then adds the blocks in order (float32, bit for bit)', () => {
    expect(DECODER_BIAS_BLOCK).toBe(64);
    for (const prefer of ['auto', 'js'] as const) {
      // 'auto' is the wasm SIMD kernel here; 'js' the fallback
      const state = filledState(prefer);
      const { heap, layout: L, dIn: d, dSae: S } = state;
      const f = Math.fround;
      // the wasm axpy rounds the product, then the sum; the JavaScript one rounds once
      const term = state.kernels.kind === 'wasm-simd' ? (g: number, w: number) => f(-g * w) : (g: number, w: number) => -g * w;
      const expected = Array.from({ length: d }, (_, i) => {
        let total = heap[L.grad + L.bdec + i]!;
        for (let q0 = 0; q0 < S; q0 += L.biasBlock) {
          let part = 0;
          for (let j = q0; j < Math.min(S, q0 + L.biasBlock); j++) {
            const g = heap[L.grad + L.benc + j]!;
            if (g !== 0) part = f(part + term(g, heap[L.wenc + j * d + i]!));
          }
          total = f(total + part);
        }
        return total;
      });
      addEncoderInputBiasGradient(state);
      expect(Array.from(heap.subarray(L.grad + L.bdec, L.grad + L.bdec + d)), prefer).toEqual(expected);
    }
  });
});
