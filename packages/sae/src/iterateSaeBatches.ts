import type { Random } from './createRandom';
import { gatherRows, shuffleIndex } from './gatherRows';
import type { SaeInputSplit } from './splitSaeInput';
import { checkMatrix, type ActivationMatrix, type ActivationSource } from './toActivationSource';

/**
 * One epoch of training batches: writes each batch's rows to `heap` at `dst` and yields how many rows it
 * wrote. In-memory inputs: the training rows reshuffled (`rng`), then cut into batches (the last one
 * partial). Streams: read again, mixed through a shuffle buffer of `shuffleBufferRows` rows; the rows left
 * after the last full batch of a buffer carry over, and the epoch ends with one partial batch.
 * `startBatch > 0` (in-memory inputs, resuming a checkpoint) continues an epoch already shuffled: no shuffle, and
 * the first `startBatch` batches are skipped.
 */
export async function* iterateSaeBatches(
  split: SaeInputSplit,
  source: ActivationSource,
  heap: Float32Array,
  dst: number,
  batchSize: number,
  shuffleBufferRows: number,
  rng: Random,
  startBatch = 0,
): AsyncGenerator<number> {
  const { train, trainIndex, trainRows, dIn } = split;
  if (train && trainIndex) {
    if (startBatch === 0) shuffleIndex(trainIndex, rng);
    for (let s = startBatch * batchSize; s < trainRows; s += batchSize) {
      const n = Math.min(batchSize, trainRows - s);
      gatherRows(heap, dst, train, trainIndex, s, s + n);
      yield n;
    }
    return;
  }
  if (startBatch !== 0) throw new Error('iterateSaeBatches: streams resume at the start of an epoch only');
  const stream = source as Extract<ActivationSource, { kind: 'stream' }>;
  const buf = new Float32Array(shuffleBufferRows * dIn);
  const order = new Int32Array(shuffleBufferRows);
  let filled = 0;
  let seen = 0;
  const bufMatrix: ActivationMatrix = { data: buf, rows: shuffleBufferRows, width: dIn };
  const flush = function* (final: boolean): Generator<number> {
    for (let i = 0; i < filled; i++) order[i] = i;
    shuffleIndex(order, rng, filled);
    let s = 0;
    for (; s + batchSize <= filled || (final && s < filled); s += batchSize) {
      const n = Math.min(batchSize, filled - s);
      gatherRows(heap, dst, bufMatrix, order, s, s + n);
      yield n;
    }
    // keep the rows that did not make a full batch
    const left = Math.max(0, filled - s);
    if (left > 0) {
      const tmp = new Float32Array(left * dIn);
      gatherRows(tmp, 0, bufMatrix, order, s, filled);
      buf.set(tmp, 0);
    }
    filled = left;
  };
  for await (const batch of stream.open()) {
    checkMatrix(batch, 'trainSae: input batch', seen);
    if (batch.width !== dIn) throw new Error(`trainSae: input batch at row ${seen} has width ${batch.width}; expected ${dIn}`);
    seen += batch.rows;
    let r = 0;
    while (r < batch.rows) {
      const n = Math.min(batch.rows - r, shuffleBufferRows - filled);
      buf.set(batch.data.subarray(r * dIn, (r + n) * dIn), filled * dIn);
      filled += n;
      r += n;
      if (filled === shuffleBufferRows) yield* flush(false);
    }
  }
  if (seen === 0) throw new Error('trainSae: the input stream yielded no rows on a later epoch; pass a function returning a fresh AsyncIterable, or an iterable that starts over');
  yield* flush(true);
}
