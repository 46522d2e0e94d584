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
 * Names of the per-row context tensors a harvest file of a sequence model may hold beside its
 * activations: integer tensors of one value per activation row (shape `[rows]`, or `[batch, positions]`
 * for `[batch, positions, width]` activations) giving each row's example index, position and token id.
 * Readers such as `interp report --sae` show them beside a feature's top rows.
 *
 * @example
 * ```ts
 * import { writeSafetensorsFile } from '@interp/safetensors/node';
 * import { ACTIVATIONS_TENSOR, ROW_CONTEXT_TENSORS } from '@interp/harvest/node';
 * await writeSafetensorsFile('acts.safetensors', {
 *   [ACTIVATIONS_TENSOR]: { dtype: 'F32', shape: [acts.rows, acts.width], data: acts.data },
 *   [ROW_CONTEXT_TENSORS.example]: { dtype: 'I32', shape: [acts.rows], data: acts.example },
 *   [ROW_CONTEXT_TENSORS.position]: { dtype: 'I32', shape: [acts.rows], data: acts.position },
 * });
 * ```
 */
export const ROW_CONTEXT_TENSORS = { example: 'example', position: 'position', token: 'token' } as const;

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
