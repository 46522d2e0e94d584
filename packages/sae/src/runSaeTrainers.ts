import { throwIfAborted, yieldToEventLoop } from '@interp/core';
import type { SaeTrainer } from './createSaeTrainer';
import { iterateSaeBatches } from './iterateSaeBatches';
import type { SaeInputSplit } from './splitSaeInput';
import type { ActivationSource } from './toActivationSource';

/**
 * The epochs of one or more {@link SaeTrainer}s over one input: each batch is read once (in-memory rows
 * gathered, or a stream read through its shuffle buffer) into the first trainer's heap, shuffled with the
 * first trainer's stream, copied to the others, and every trainer steps on it in order. All trainers must
 * agree on `epochs`, `batchSize` and `shuffleBufferRows`, and start at the same epoch and batch.
 *
 * @internal
 */
export async function runSaeTrainers(
  trainers: readonly SaeTrainer[],
  split: SaeInputSplit,
  source: ActivationSource,
  signal: AbortSignal | undefined,
  where: string,
): Promise<void> {
  const first = trainers[0];
  if (!first) return;
  const { epochs, batchSize, shuffleBufferRows } = first.o;
  const width = split.dIn;
  let lastYield = performance.now();
  for (let epoch = first.startEpoch; epoch <= epochs; epoch++) {
    const startBatch = epoch === first.startEpoch ? first.startBatch : 0;
    for (const t of trainers) t.beginEpoch(startBatch);
    for await (const rows of iterateSaeBatches(split, source, first.heap, first.batchOffset, batchSize, shuffleBufferRows, first.rng, startBatch)) {
      throwIfAborted(signal, where);
      // copy the raw batch before the first trainer's step may scale it in place
      const batch = first.heap.subarray(first.batchOffset, first.batchOffset + rows * width);
      for (let i = 1; i < trainers.length; i++) trainers[i]!.heap.set(batch, trainers[i]!.batchOffset);
      for (const t of trainers) await t.step(rows, epoch);
      const now = performance.now();
      if (now - lastYield > 100) {
        lastYield = now;
        await yieldToEventLoop();
        throwIfAborted(signal, where);
      }
    }
  }
}
