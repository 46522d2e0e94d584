import { checkNumber } from '@interp/core';
import type { Random } from './createRandom';
import { gatherRows, shuffleIndex } from './gatherRows';
import { checkMatrix, toActivationSource, type ActivationMatrix, type ActivationSource, type SaeInput } from './toActivationSource';

/** The training input after the split: the rows to train on, the held-out rows and the init sample. */
export interface SaeInputSplit {
  /** In-memory input: the whole matrix (training rows are `trainIndex`). */
  train?: ActivationMatrix;
  /** In-memory input: the training rows of `train`, in a seeded random order. */
  trainIndex?: Int32Array;
  /** Held-out rows, if any. */
  validation?: ActivationMatrix;
  /** Up to `sampleRows` training rows (init, resampling and stream evaluations). */
  sample: ActivationMatrix;
  trainRows: number;
  dIn: number;
  /** Mean L2 norm of the training rows (all of them, streams included). */
  meanNorm: number;
}

/** Sum of the L2 norms of `rows` rows of `data` (width `w`), starting at row `from`. */
function sumRowNorms(data: Float32Array, w: number, from: number, rows: number): number {
  let total = 0;
  for (let r = from; r < from + rows; r++) {
    let s = 0;
    for (let i = r * w, e = i + w; i < e; i++) s += data[i]! * data[i]!;
    total += Math.sqrt(s);
  }
  return total;
}

/** Reads a stream once: counts rows, checks every batch, keeps the first `keep` rows. */
async function scanStream(source: Extract<ActivationSource, { kind: 'stream' }>, keep: number) {
  let rows = 0;
  let width = -1;
  const kept: Float32Array[] = [];
  let keptRows = 0;
  let normSum = 0;
  for await (const batch of source.open()) {
    checkMatrix(batch, 'trainSae: input batch', rows);
    if (width < 0) width = batch.width;
    else if (batch.width !== width) {
      throw new Error(`trainSae: input batch at row ${rows} has width ${batch.width}; earlier batches had ${width}`);
    }
    if (keptRows < keep) {
      const n = Math.min(keep - keptRows, batch.rows);
      kept.push(batch.data.slice(0, n * batch.width));
      keptRows += n;
    }
    normSum += sumRowNorms(batch.data, batch.width, 0, batch.rows);
    rows += batch.rows;
  }
  if (rows === 0) throw new Error('trainSae: input has zero rows; need at least 1');
  const sample = new Float32Array(keptRows * width);
  let o = 0;
  for (const k of kept) {
    sample.set(k, o);
    o += k.length;
  }
  return { rows, width, meanNorm: normSum / rows, sample: { data: sample, rows: keptRows, width } as ActivationMatrix };
}

function memoryValidation(v: SaeInput): ActivationMatrix {
  const vs = toActivationSource(v, 'trainSae: options.validation');
  if (vs.kind !== 'memory') throw new Error('trainSae: options.validation must be in memory (a matrix or tensor), not a stream');
  return vs.matrix;
}

/**
 * Splits the input of {@link trainSae}: an in-memory matrix into seeded random training and held-out rows
 * (`validation: { fraction }`, default 0.1, or separate held-out activations), a stream by reading it once
 * (row count, checks, the first `sampleRows` rows as the sample). Draws from `rng` (in-memory inputs only).
 */
export async function splitSaeInput(
  source: ActivationSource,
  validationOption: SaeInput | { fraction: number } | undefined,
  rng: Random,
  sampleRows: number,
): Promise<SaeInputSplit> {
  let split: SaeInputSplit;
  if (source.kind === 'memory') {
    const m = source.matrix;
    if (m.rows === 0) throw new Error('trainSae: input has zero rows; need at least 1');
    const dIn = m.width;
    const v = validationOption;
    const order = Int32Array.from({ length: m.rows }, (_, i) => i);
    shuffleIndex(order, rng); // random split and random init sample
    let nVal = 0;
    let validation: ActivationMatrix | undefined;
    if (v === undefined || (typeof v === 'object' && v !== null && 'fraction' in v && !('data' in v))) {
      const fraction = checkNumber(v === undefined ? 0.1 : (v as { fraction: number }).fraction, 'trainSae: options.validation.fraction', { min: 0, max: 1, exclusiveMax: true });
      nVal = m.rows >= 2 ? Math.min(m.rows - 1, Math.round(fraction * m.rows)) : 0;
      if (fraction > 0 && m.rows >= 2) nVal = Math.max(1, nVal);
      if (nVal > 0) {
        validation = { data: new Float32Array(nVal * dIn), rows: nVal, width: dIn };
        gatherRows(validation.data, 0, m, order, m.rows - nVal, m.rows);
      }
    } else {
      validation = memoryValidation(v as SaeInput);
    }
    const trainRows = m.rows - nVal;
    const trainIndex = order.slice(0, trainRows);
    const ns = Math.min(sampleRows, trainRows);
    const sample = { data: new Float32Array(ns * dIn), rows: ns, width: dIn };
    gatherRows(sample.data, 0, m, trainIndex, 0, ns);
    let normSum = 0;
    for (let t = 0; t < trainRows; t++) normSum += sumRowNorms(m.data, dIn, trainIndex[t]!, 1);
    split = { train: m, trainIndex, sample, trainRows, dIn, meanNorm: normSum / trainRows, ...(validation ? { validation } : {}) };
  } else {
    const scan = await scanStream(source, sampleRows);
    let validation: ActivationMatrix | undefined;
    if (validationOption !== undefined) {
      if (typeof validationOption === 'object' && 'fraction' in validationOption && !('data' in validationOption)) {
        throw new Error('trainSae: options.validation.fraction needs an in-memory input; pass held-out activations instead for streams');
      }
      validation = memoryValidation(validationOption as SaeInput);
    }
    split = { sample: scan.sample, trainRows: scan.rows, dIn: scan.width, meanNorm: scan.meanNorm, ...(validation ? { validation } : {}) };
  }
  if (split.validation && split.validation.width !== split.dIn) {
    throw new Error(`trainSae: options.validation width must equal the input width ${split.dIn}, got ${split.validation.width}`);
  }
  return split;
}
