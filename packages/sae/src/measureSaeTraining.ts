import { buildSaeFromState } from './buildSaeFromState';
import type { TrainingState } from './createTrainingState';
import { createMetricsAccumulator, type SaeMetrics } from './evaluateSae';
import { gatherRows } from './gatherRows';
import type { SaeConfig, SaeWeights } from './SaeConfig';
import type { SaeInputSplit } from './splitSaeInput';

const CHUNK = 1024;

/**
 * Metrics of the SAE in the training heap on the held-out rows or, without them (streams), on the first 1024
 * sample rows (to keep per-epoch evaluations cheap).
 */
export function measureHeldOut(
  state: TrainingState,
  config: SaeConfig,
  split: SaeInputSplit,
  extra: Partial<SaeWeights> = {},
): { metrics: SaeMetrics; split: 'validation' | 'train-sample' } {
  const sae = buildSaeFromState(state, config, undefined, extra);
  const dIn = split.dIn;
  try {
    const acc = createMetricsAccumulator(sae);
    const rows = split.validation ?? { ...split.sample, rows: Math.min(split.sample.rows, CHUNK) };
    for (let r = 0; r < rows.rows; r += CHUNK) {
      const n = Math.min(CHUNK, rows.rows - r);
      acc.add({ data: rows.data.subarray(r * dIn, (r + n) * dIn), rows: n, width: dIn });
    }
    return { metrics: acc.result(), split: split.validation ? 'validation' : 'train-sample' };
  } finally {
    sae.dispose();
  }
}

/** Metrics of the SAE in the training heap over all training rows (the sample rows for streams). */
export function measureTrainRows(state: TrainingState, config: SaeConfig, split: SaeInputSplit, extra: Partial<SaeWeights> = {}): SaeMetrics {
  const probe = buildSaeFromState(state, config, undefined, extra);
  const { dIn, trainRows, train, trainIndex } = split;
  try {
    const acc = createMetricsAccumulator(probe);
    if (train && trainIndex) {
      const chunk = new Float32Array(Math.min(CHUNK, trainRows) * dIn);
      for (let r = 0; r < trainRows; r += CHUNK) {
        const n = Math.min(CHUNK, trainRows - r);
        gatherRows(chunk, 0, train, trainIndex, r, r + n);
        acc.add({ data: chunk.subarray(0, n * dIn), rows: n, width: dIn });
      }
    } else {
      acc.add(split.sample);
    }
    return acc.result();
  } finally {
    probe.dispose();
  }
}
