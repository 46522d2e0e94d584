import type { ActivationShard } from './activationShards';

/**
 * The file name the pipeline gives a harvest file: `join(out, ACTIVATIONS_FILE)`.
 *
 * @example
 * ```ts
 * import { ACTIVATIONS_FILE, harvestToFile } from '@interp/harvest/node';
 * await harvestToFile(model, inputs, join('out', ACTIVATIONS_FILE));
 * ```
 */
export const ACTIVATIONS_FILE = 'mlp_activations.safetensors';

/**
 * The name of the activations tensor in a harvest file.
 *
 * @example
 * ```ts
 * import { parseSafetensors } from '@interp/safetensors';
 * import { ACTIVATIONS_TENSOR } from '@interp/harvest/node';
 * const t = parseSafetensors(bytes).tensors[ACTIVATIONS_TENSOR]; // the [rows, width] F32 tensor
 * ```
 */
export const ACTIVATIONS_TENSOR = 'activations';

/**
 * The `format` metadata value of a harvest file.
 *
 * @example
 * ```ts
 * import { readSafetensorsHeader } from '@interp/safetensors/node';
 * import { ACTIVATIONS_FORMAT } from '@interp/harvest/node';
 * const { metadata } = await readSafetensorsHeader('out/mlp_activations.safetensors');
 * const isHarvest = metadata.format === ACTIVATIONS_FORMAT; // written by harvestToFile
 * ```
 */
export const ACTIVATIONS_FORMAT = 'interp.activations/1';

/**
 * What a harvest file's header says (see {@link readActivationsInfo}).
 *
 * @example
 * ```ts
 * import { readActivationsInfo, type ActivationsInfo } from '@interp/harvest/node';
 * const info: ActivationsInfo = await readActivationsInfo('out/mlp_activations.safetensors');
 * console.log(`${info.rows} x ${info.width} at ${info.hook}, dataset seed ${info.datasetSeed}`);
 * ```
 */
export interface ActivationsInfo {
  path: string;
  rows: number;
  width: number;
  /** Hook point the activations were captured at, e.g. `hidden.post`. */
  hook: string | undefined;
  /** `hashMlpConfig` of the model, where the model was an MLP of `@interp/models`. */
  modelConfigHash: string | undefined;
  /** `hashModelWeights` of the model's weights, where the model exposes them. */
  modelWeightsHash: string | undefined;
  datasetFile: string | undefined;
  datasetSeed: string | undefined;
  backend: string | undefined;
  createdAt: string | undefined;
  /** Every metadata entry, as stored (of the first shard). */
  metadata: Record<string, string>;
  /** The files read, in order (one for a file; a folder's shards in natural name order). */
  shards?: ActivationShard[];
}
