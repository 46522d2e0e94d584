import type { TrainingState } from './createTrainingState';

/**
 * Adds `b_dec`'s gradient through the encoder input (`x - b_dec`) to the gradient block: `-sum_j g_j W_enc[j]`, with
 * `g_j` the gradient of `b_enc[j]` already in the block. The features are summed in blocks of `layout.biasBlock`
 * (each block's terms in feature order from zero, in the heap's `part` rows), then the blocks in order: the same floats
 * as the parallel trainer, whose threads each sum their own blocks while they update those features.
 *
 * @example
 * ```ts
 * const state = createTrainingState(512, 2048, 256, 'auto');
 * // ... a TopK step has written b_enc's gradient
 * addEncoderInputBiasGradient(state);
 * ```
 */
export function addEncoderInputBiasGradient(state: TrainingState): void {
  const { kernels, heap, dIn: d, dSae: S, layout: L } = state;
  const G = L.grad;
  const P = L.part;
  for (let q0 = 0; q0 < S; q0 += L.biasBlock) {
    heap.fill(0, P, P + d);
    const q1 = Math.min(S, q0 + L.biasBlock);
    for (let j = q0; j < q1; j++) {
      const g = heap[G + L.benc + j]!;
      if (g !== 0) kernels.axpy(P, L.wenc + j * d, d, -g);
    }
    kernels.axpy(G + L.bdec, P, d, 1);
  }
}
