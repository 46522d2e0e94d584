import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@interp/core/node';
import { writeSafetensorsFile } from '@interp/safetensors/node';
import type { TensorInput } from '@interp/safetensors';
import type { Mlp } from './createMlp';
import { MLP_CONFIG_FILE, MLP_WEIGHTS_FILE } from './mlpFileNames';
import { mlpMetadata } from './mlpSafetensors';
import { mlpWeightNames } from './mlpWeights';


/**
 * Saves a model to a folder (created if needed): `mlp_weights.safetensors` (F32 weights,
 * config and hash in the metadata) and `mlp_config.json`, each written atomically
 * (temp file, then rename).
 *
 * @example
 * ```ts
 * import { saveMlp } from '@interp/models/node';
 * await saveMlp(model, 'out/mlp');
 * ```
 * @returns The paths written.
 */
export async function saveMlp(model: Mlp, dir: string): Promise<{ weightsPath: string; configPath: string }> {
  await mkdir(dir, { recursive: true });
  const weights = model.getWeights();
  const tensors: Record<string, TensorInput> = {};
  for (const name of mlpWeightNames) {
    const w = weights[name] as { shape: number[]; data: Float32Array };
    tensors[name] = { dtype: 'F32', shape: w.shape, data: w.data };
  }
  const weightsPath = join(dir, MLP_WEIGHTS_FILE);
  const configPath = join(dir, MLP_CONFIG_FILE);
  await writeSafetensorsFile(weightsPath, tensors, mlpMetadata(model.config));
  await writeFileAtomic(configPath, `${JSON.stringify(model.config, null, 2)}\n`);
  return { weightsPath, configPath };
}
