import type { TrainingState } from './createTrainingState';

/** Decoder-gradient projection, Adam, decoder renormalisation, gradient reset. */
export function applyAdamUpdate(state: TrainingState, lr: number, beta1: number, beta2: number, eps: number, t: number): void {
  const { kernels, heap, dIn: d, dSae: S, layout: L } = state;
  const G = L.grad;
  for (let j = 0; j < S; j++) {
    const w = L.wdec + j * d;
    const c = kernels.dot(G + w, w, d);
    if (c !== 0) kernels.axpy(G + w, w, d, -c);
  }
  const c1 = 1 - beta1 ** t;
  const c2 = Math.sqrt(1 - beta2 ** t);
  kernels.adam(0, G, L.m, L.v, L.nParams, (lr * c2) / c1, beta1, beta2, eps * c2);
  for (let j = 0; j < S; j++) {
    const w = L.wdec + j * d;
    const n2 = kernels.dot(w, w, d);
    if (n2 > 0) kernels.axpy(w, w, d, 1 / Math.sqrt(n2) - 1);
  }
  heap.fill(0, G, G + L.nParams);
}
