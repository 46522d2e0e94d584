import { readSafetensorsHeader, readTensor, readTensorChunks } from '@interp/safetensors/node';
import { findNonFinite } from './findNonFinite';
import type { ActivationBatch } from './HarvestModel';
import type { Activations } from './harvestActivations';
import { ACTIVATIONS_TENSOR, type ActivationsInfo } from './activationsFile';

function fail(path: string, message: string): never {
  throw new Error(`harvest: ${path}: ${message}`);
}

/**
 * Reads a harvest file's header: shape, hook, model and dataset provenance, without the data. The file
 * must hold a 2-D F32 tensor `activations` whose size matches the file (a truncated file is an error).
 *
 * @example
 * ```ts
 * import { readActivationsInfo } from '@interp/harvest/node';
 * const { rows, width, hook, modelConfigHash } = await readActivationsInfo('out/activations.safetensors');
 * ```
 */
export async function readActivationsInfo(path: string): Promise<ActivationsInfo> {
  const header = await readSafetensorsHeader(path);
  const entry = header.entries[ACTIVATIONS_TENSOR];
  if (!entry) {
    fail(path, `no ${JSON.stringify(ACTIVATIONS_TENSOR)} tensor (found ${Object.keys(header.entries).map((n) => JSON.stringify(n)).join(', ') || 'none'}); not a harvest file?`);
  }
  if (entry.dtype !== 'F32' || entry.shape.length !== 2) {
    fail(path, `${ACTIVATIONS_TENSOR} must be a 2-D F32 tensor, got ${entry.dtype} [${entry.shape.join(', ')}]`);
  }
  const [rows, width] = entry.shape as [number, number];
  const m = header.metadata;
  for (const [key, value] of [['rows', rows], ['width', width]] as const) {
    if (m[key] !== undefined && m[key] !== String(value)) {
      fail(path, `metadata ${key} = ${m[key]} but the ${ACTIVATIONS_TENSOR} tensor has ${value}`);
    }
  }
  return {
    path,
    rows,
    width,
    hook: m.hook,
    modelConfigHash: m.modelConfigHash,
    modelWeightsHash: m.modelWeightsHash,
    datasetFile: m.datasetFile,
    datasetSeed: m.datasetSeed,
    backend: m.backend,
    createdAt: m.createdAt,
    metadata: { ...m },
  };
}

function checkFinite(path: string, data: Float32Array, width: number, rowStart: number): void {
  const k = findNonFinite(data);
  if (k >= 0) fail(path, `activation row ${rowStart + Math.floor(k / width)}, column ${k % width} is ${data[k]} (NaN or infinite)`);
}

/**
 * Reads a whole harvest file into memory as a `[rows, width]` matrix (checked for NaN/infinite values).
 *
 * @example
 * ```ts
 * import { readActivations } from '@interp/harvest/node';
 * const { rows, width, data, hook } = await readActivations('out/activations.safetensors');
 * ```
 */
export async function readActivations(path: string): Promise<Activations & { info: ActivationsInfo }> {
  const info = await readActivationsInfo(path);
  const tensor = await readTensor(path, ACTIVATIONS_TENSOR);
  const data = tensor.data as Float32Array;
  checkFinite(path, data, info.width, 0);
  return { hook: info.hook ?? '', rows: info.rows, width: info.width, data, info };
}

/**
 * Streams a harvest file as batches of `batchSize` rows, in dataset order, one batch in memory at a time
 * (the last batch may be short): what an SAE trainer consumes.
 *
 * @example
 * ```ts
 * import { readActivationBatches } from '@interp/harvest/node';
 * for await (const { rowStart, rows, width, data } of readActivationBatches('out/activations.safetensors', 1024)) {
 *   // data: Float32Array of rows * width
 * }
 * ```
 */
export async function* readActivationBatches(path: string, batchSize: number): AsyncGenerator<ActivationBatch> {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) fail(path, `batchSize must be a positive integer, got ${batchSize}`);
  const { width } = await readActivationsInfo(path);
  for await (const chunk of readTensorChunks(path, ACTIVATIONS_TENSOR, batchSize)) {
    const data = chunk.data as Float32Array;
    checkFinite(path, data, width, chunk.rowStart);
    yield { rowStart: chunk.rowStart, rows: chunk.rows, width, data };
  }
}
