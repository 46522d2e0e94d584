import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readSafetensorsFile } from '@interp/safetensors/node';
import type { Mlp } from './createMlp';
import type { MlpConfig } from './mlpConfig';
import { mlpFromParsedSafetensors } from './mlpSafetensors';
import { MLP_CONFIG_FILE, MLP_WEIGHTS_FILE } from './mlpFileNames';

/**
 * Loads a model saved by {@link saveMlp}; its outputs are bit-identical to the saved model's.
 *
 * @example
 * ```ts
 * import { loadMlp } from '@interp/models/node';
 * const model = await loadMlp('out/mlp');
 * ```
 * @throws Error naming the file when it is missing, truncated or malformed, when the
 * config does not match the weights, or a weight's shape does not match the config.
 */
export async function loadMlp(dir: string): Promise<Mlp> {
  const configPath = join(dir, MLP_CONFIG_FILE);
  const weightsPath = join(dir, MLP_WEIGHTS_FILE);
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new Error(`loadMlp: cannot read ${configPath}${code === 'ENOENT' ? ' (file not found)' : ''}: ${(e as Error).message}`);
  }
  let config: Partial<MlpConfig>;
  try {
    config = JSON.parse(text) as Partial<MlpConfig>;
  } catch (e) {
    throw new Error(`loadMlp: ${configPath} is not valid JSON: ${(e as Error).message}`);
  }
  let parsed;
  try {
    parsed = await readSafetensorsFile(weightsPath);
  } catch (e) {
    throw new Error(`loadMlp: cannot load weights: ${(e as Error).message}`);
  }
  try {
    return mlpFromParsedSafetensors(parsed, config, weightsPath);
  } catch (e) {
    throw new Error(`loadMlp: ${(e as Error).message} (config from ${configPath})`);
  }
}
