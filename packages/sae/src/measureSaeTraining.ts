import { buildSaeFromState } from './buildSaeFromState';
import type { ParallelTopKTrainer } from './createParallelTopKTrainer';
import type { TrainingState } from './createTrainingState';
import { createMetricsAccumulator, type SaeMetrics } from './evaluateSae';
import { gatherRows } from './gatherRows';
import type { SaeConfig, SaeWeights } from './SaeConfig';
import type { ActivationMatrix } from './toActivationSource';
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

/** Feeds rows through the trainer's kernels, a batch at a time (the heap's x block holds the batch). */
async function addOnThreads(
  acc: ReturnType<typeof createMetricsAccumulator>,
  state: TrainingState,
  trainer: ParallelTopKTrainer,
  rows: ActivationMatrix,
): Promise<void> {
  const { heap, dIn: d, maxBatch, layout: L } = state;
  for (let r = 0; r < rows.rows; r += maxBatch) {
    const n = Math.min(maxBatch, rows.rows - r);
    const chunk = { data: rows.data.subarray(r * d, (r + n) * d), rows: n, width: d };
    heap.set(chunk.data, L.x);
    await trainer.measure(n);
    acc.addEncoded(chunk, trainer.codes);
  }
}

/**
 * {@link measureHeldOut} on the threaded trainer's kernels (the same encoder product and selection as its
 * steps, then each row decoded as `Sae.decodeSparse` decodes it; rows split over its threads). Between steps
 * only: it overwrites the batch buffers. Every metric equals {@link measureHeldOut}'s bit for bit (barring
 * exact ties at the k-th value), on any thread count.
 */
export async function measureHeldOutOnThreads(
  state: TrainingState,
  trainer: ParallelTopKTrainer,
  config: SaeConfig,
  split: SaeInputSplit,
): Promise<{ metrics: SaeMetrics; split: 'validation' | 'train-sample' }> {
  const acc = createMetricsAccumulator({ config });
  const rows = split.validation ?? { ...split.sample, rows: Math.min(split.sample.rows, CHUNK) };
  await addOnThreads(acc, state, trainer, rows);
  return { metrics: acc.result(), split: split.validation ? 'validation' : 'train-sample' };
}

/** {@link measureTrainRows} on the threaded trainer's kernels (see {@link measureHeldOutOnThreads}). */
export async function measureTrainRowsOnThreads(
  state: TrainingState,
  trainer: ParallelTopKTrainer,
  config: SaeConfig,
  split: SaeInputSplit,
): Promise<SaeMetrics> {
  const { dIn, trainRows, train, trainIndex } = split;
  const acc = createMetricsAccumulator({ config });
  if (train && trainIndex) {
    const chunk = new Float32Array(Math.min(CHUNK, trainRows) * dIn);
    for (let r = 0; r < trainRows; r += CHUNK) {
      const n = Math.min(CHUNK, trainRows - r);
      gatherRows(chunk, 0, train, trainIndex, r, r + n);
      await addOnThreads(acc, state, trainer, { data: chunk.subarray(0, n * dIn), rows: n, width: dIn });
    }
  } else {
    await addOnThreads(acc, state, trainer, split.sample);
  }
  return acc.result();
}
