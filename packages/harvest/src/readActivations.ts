import { findNonFinite } from './findNonFinite';
import type { ActivationBatch } from './HarvestModel';
import type { Activations } from './harvestActivations';
import type { ActivationsInfo } from './activationsFile';
import { listActivationShards, readShardBlocks, type ActivationShard } from './activationShards';

function fail(path: string, message: string): never {
  throw new Error(`harvest: ${path}: ${message}`);
}

/**
 * Options of the activation readers.
 *
 * @example
 * ```ts
 * import { readActivations, type ReadActivationsOptions } from '@interp/harvest/node';
 * const options: ReadActivationsOptions = { tensor: 'resid_post' }; // a file holding several tensors/arrays
 * const { rows, width, data } = await readActivations('acts.npz', options);
 * ```
 */
export interface ReadActivationsOptions {
  /** The tensor (safetensors) or array (`.npz`) to read when a file holds several. */
  tensor?: string;
}

/**
 * Reads what an activations path holds, without the data: a harvest file (with its hook, model and
 * dataset provenance), any safetensors, `.npy` or `.npz` file of `[rows, width]` (or `[batch, positions,
 * width]`, flattened to rows) floats, or a folder of such shards read as one in natural name order.
 *
 * @example
 * ```ts
 * import { readActivationsInfo } from '@interp/harvest/node';
 * const { rows, width, hook, shards } = await readActivationsInfo('out/activations.safetensors');
 * ```
 */
export async function readActivationsInfo(path: string, options: ReadActivationsOptions = {}): Promise<ActivationsInfo> {
  const shards = await listActivationShards(path, options);
  const m = shards[0]!.metadata;
  return {
    path,
    rows: shards.reduce((a, s) => a + s.rows, 0),
    width: shards[0]!.width,
    hook: m.hook,
    modelConfigHash: m.modelConfigHash,
    modelWeightsHash: m.modelWeightsHash,
    datasetFile: m.datasetFile,
    datasetSeed: m.datasetSeed,
    backend: m.backend,
    createdAt: m.createdAt,
    metadata: { ...m },
    shards,
  };
}

/** The blocks of every shard in order (about `rowsPerRead` rows each), checked for NaN/infinite values (the error names the shard, and the row within it and the column). */
async function* checkedBlocks(shards: ActivationShard[], rowsPerRead: number): AsyncGenerator<Float32Array> {
  const width = shards[0]!.width;
  for (const shard of shards) {
    let shardRow = 0;
    for await (const block of readShardBlocks(shard, rowsPerRead)) {
      const bad = findNonFinite(block);
      if (bad >= 0) fail(shard.path, `activation row ${shardRow + Math.floor(bad / width)}, column ${bad % width} is ${block[bad]} (NaN or infinite)`);
      shardRow += block.length / width;
      yield block;
    }
  }
}

async function* batchesOf(shards: ActivationShard[], batchSize: number): AsyncGenerator<ActivationBatch> {
  const width = shards[0]!.width;
  let pending = new Float32Array(batchSize * width);
  let filled = 0;
  let rowStart = 0;
  for await (const block of checkedBlocks(shards, batchSize)) {
    let at = 0;
    while (at < block.length) {
      const take = Math.min(block.length - at, pending.length - filled * width);
      pending.set(block.subarray(at, at + take), filled * width);
      at += take;
      filled += take / width;
      if (filled === batchSize) {
        yield { rowStart, rows: batchSize, width, data: pending };
        rowStart += batchSize;
        pending = new Float32Array(batchSize * width);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield { rowStart, rows: filled, width, data: pending.slice(0, filled * width) };
}

/**
 * Reads a whole activations path (file or folder of shards, see {@link readActivationsInfo}) into memory
 * as a `[rows, width]` float32 matrix, checked for NaN/infinite values (the error names file, row and
 * column).
 *
 * @example
 * ```ts
 * import { readActivations } from '@interp/harvest/node';
 * const { rows, width, data, hook } = await readActivations('out/activations.safetensors');
 * ```
 */
export async function readActivations(path: string, options: ReadActivationsOptions = {}): Promise<Activations & { info: ActivationsInfo }> {
  const info = await readActivationsInfo(path, options);
  const { width } = info;
  const data = new Float32Array(info.rows * width);
  // each block read (about 4 MB) goes straight to its place: one copy of the activations, and one block besides
  const rowsPerRead = Math.max(1, Math.floor(READ_FLOATS / width));
  let at = 0;
  for await (const block of checkedBlocks(info.shards!, rowsPerRead)) {
    data.set(block, at);
    at += block.length;
  }
  return { hook: info.hook ?? '', rows: info.rows, width, data, info };
}

/** Floats per block that {@link readActivations} reads (4 MB). */
const READ_FLOATS = 1 << 20;

/**
 * Streams an activations path (a file, or a folder of safetensors/`.npy`/`.npz` shards read as one) as
 * batches of exactly `batchSize` rows (the last may be short) in order, one batch in memory at a time:
 * what an SAE trainer consumes. For one pass per epoch over a harvest larger than memory, hand `trainSae`
 * a function: `() => readActivationBatches(dir, 1024)`.
 *
 * @example
 * ```ts
 * import { readActivationBatches } from '@interp/harvest/node';
 * for await (const { rowStart, rows, width, data } of readActivationBatches('out/shards/', 1024)) {
 *   // data: Float32Array of rows * width
 * }
 * ```
 */
export async function* readActivationBatches(path: string, batchSize: number, options: ReadActivationsOptions = {}): AsyncGenerator<ActivationBatch> {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) fail(path, `batchSize must be a positive integer, got ${batchSize}`);
  const info = await readActivationsInfo(path, options);
  yield* batchesOf(info.shards!, batchSize);
}
