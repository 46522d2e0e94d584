import type { TrainingState } from './createTrainingState';
import type { StepStats } from './runTopKStep';

/**
 * Bias revival after a step: every feature silent for `reviveAfterRows` training rows gets a nudge of
 * `biasRevival` x the batch's activation scale (`stats.threshold`: the TopK threshold, or the mean positive
 * ReLU activation) added to its encoder bias, capped where the feature's best row of this batch reaches
 * `capFactor` x that scale (0.5 for both TopK and ReLU): its pre-activation is then positive on a few rows,
 * where AuxK (TopK) or its own gradient (ReLU) decides whether it is useful. A TopK cap above the threshold
 * (1.5, before) pushed redundant latents into the top k: on superposition data with more latents than true
 * features it cost up to 0.04 of held-out FVE, and with a least-squares-scaled encoder it fed back on the
 * threshold until the loss overflowed. `biasOffset` is where the `[dSae]` bias to nudge starts in the heap
 * (the encoder bias; gated SAEs pass their gate bias), `alsoOffset` a second bias nudged as much (gated: the
 * magnitude bias).
 */
export function reviveSilentFeatures(
  state: TrainingState,
  stats: StepStats,
  rows: number,
  lastFired: Float64Array,
  rowsSeen: number,
  reviveAfterRows: number,
  biasRevival: number,
  capFactor: number,
  biasOffset = state.layout.benc,
  alsoOffset?: number,
): void {
  const { heap, dSae } = state;
  const thr = stats.threshold;
  const target = capFactor * thr;
  const { preT, preMax } = stats;
  for (let j = 0; j < dSae; j++) {
    if (rowsSeen - lastFired[j]! < reviveAfterRows) continue;
    let best = -Infinity;
    if (preMax) best = preMax[j]!;
    else if (preT) for (let b = j * rows, e = b + rows; b < e; b++) if (preT[b]! > best) best = preT[b]!;
    const room = target - best;
    if (room > 0) {
      const nudge = Math.min(biasRevival * thr, room);
      heap[biasOffset + j]! += nudge;
      if (alsoOffset !== undefined) heap[alsoOffset + j]! += nudge;
    }
  }
}
