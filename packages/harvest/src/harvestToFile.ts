import * as tf from '@tensorflow/tfjs-core';
import { hashMlpConfig, type MlpConfig } from '@interp/models';
import { createSafetensorsWriter } from '@interp/safetensors/node';
import type { HarvestInput, HarvestModel, HarvestOptions } from './HarvestModel';
import { harvestBatches, resolveHarvestOptions } from './harvestBatches';
import { resolveHarvestInput } from './resolveHarvestInput';
import { hashModelWeights } from './hashModelWeights';
import { ACTIVATIONS_FORMAT, ACTIVATIONS_TENSOR, type ActivationsInfo } from './activationsFile';

/**
 * Provenance written into a harvest file's metadata; extra keys are stored too (as strings).
 *
 * @example
 * ```ts
 * import { harvestToFile, type HarvestMetadata } from '@interp/harvest/node';
 * const metadata: HarvestMetadata = { datasetFile: 'mlp_train.xlsx', datasetSeed: 42, note: 'run 3' };
 * await harvestToFile(model, split, 'out/mlp_activations.safetensors', { metadata });
 * ```
 */
export interface HarvestMetadata {
  /** The dataset file the inputs came from. */
  datasetFile?: string;
  /** The seed that generated the dataset. */
  datasetSeed?: number | string;
  /** Backend description; default: the running tfjs backend's name. */
  backend?: string;
  [key: string]: string | number | boolean | undefined;
}

/**
 * Options of {@link harvestToFile}.
 *
 * @example
 * ```ts
 * import { harvestToFile, type HarvestToFileOptions } from '@interp/harvest/node';
 * const options: HarvestToFileOptions = { hook: 'hidden.post', batchSize: 1000, metadata: { datasetSeed: 42 } };
 * const info = await harvestToFile(model, split, 'out/mlp_activations.safetensors', options);
 * ```
 */
export interface HarvestToFileOptions extends HarvestOptions {
  metadata?: HarvestMetadata;
}

const RESERVED_KEYS: readonly string[] = ['format', 'hook', 'rows', 'width', 'modelConfigHash', 'modelConfig', 'modelWeightsHash'];

function isMlpConfig(config: unknown): config is MlpConfig {
  const c = config as Partial<MlpConfig>;
  return typeof c.hiddenSize === 'number' && typeof c.bottleneckSize === 'number' && Array.isArray(c.inputScale);
}

/**
 * Harvests the activations at one hook point into a safetensors file (tensor `activations`, F32
 * `[rows, width]`), streaming batch by batch so harvests larger than memory work. The file is written
 * atomically: on any error (bad input, a NaN activation, a full disk) no file appears at `path`.
 * Metadata: `format`, `hook`, `rows`, `width`, `modelConfigHash` (and `modelConfig`), `modelWeightsHash`,
 * `datasetFile`, `datasetSeed`, `backend`, `createdAt`, plus any extra keys given.
 *
 * @example
 * ```ts
 * import { harvestToFile } from '@interp/harvest/node';
 * const info = await harvestToFile(model, split, 'out/activations.safetensors', {
 *   hook: 'hidden.post',
 *   metadata: { datasetFile: 'out/dataset.xlsx', datasetSeed: 42 },
 * });
 * console.log(`${info.rows} x ${info.width} -> ${info.path}`);
 * ```
 */
export async function harvestToFile(
  model: HarvestModel,
  input: HarvestInput,
  path: string,
  options: HarvestToFileOptions = {},
): Promise<ActivationsInfo> {
  const { hook, width } = resolveHarvestOptions(model, options);
  const { rows } = resolveHarvestInput(input, model.config.inputSize);
  const metadata: Record<string, string> = {
    format: ACTIVATIONS_FORMAT,
    hook,
    rows: String(rows),
    width: String(width),
  };
  if (isMlpConfig(model.config)) {
    metadata.modelConfigHash = hashMlpConfig(model.config);
    metadata.modelConfig = JSON.stringify(model.config);
  }
  const withWeights = model as HarvestModel & { getWeights?: () => Record<string, { shape: number[]; data: Float32Array }> };
  if (typeof withWeights.getWeights === 'function') metadata.modelWeightsHash = hashModelWeights(withWeights.getWeights());
  metadata.backend = tf.getBackend();
  // SOURCE_DATE_EPOCH (seconds) when set, so that two harvests with one seed give identical files.
  const epoch = process.env.SOURCE_DATE_EPOCH;
  metadata.createdAt = (epoch !== undefined && /^[0-9]+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date()).toISOString();
  for (const [key, value] of Object.entries(options.metadata ?? {})) {
    if (RESERVED_KEYS.includes(key)) {
      throw new RangeError(`harvestToFile: metadata key ${JSON.stringify(key)} is reserved (set by the harvest: ${RESERVED_KEYS.join(', ')})`);
    }
    if (value !== undefined) metadata[key] = String(value);
  }

  const writer = await createSafetensorsWriter(path, { [ACTIVATIONS_TENSOR]: { dtype: 'F32', shape: [rows, width] } }, metadata);
  try {
    for await (const batch of harvestBatches(model, input, options)) await writer.write(ACTIVATIONS_TENSOR, batch.data);
    await writer.close();
  } catch (e) {
    await writer.abort();
    throw e;
  }
  return {
    path,
    rows,
    width,
    hook,
    modelConfigHash: metadata.modelConfigHash,
    modelWeightsHash: metadata.modelWeightsHash,
    datasetFile: metadata.datasetFile,
    datasetSeed: metadata.datasetSeed,
    backend: metadata.backend,
    createdAt: metadata.createdAt,
    metadata,
    shards: [{ path, format: 'safetensors', tensor: ACTIVATIONS_TENSOR, dtype: 'F32', shape: [rows, width], rows, width, metadata: { ...metadata } }],
  };
}
