/**
 * File name of the weights written by `saveMlp` (`@interp/models/node`): `join(dir, MLP_WEIGHTS_FILE)`.
 *
 * @example
 * ```ts
 * import { MLP_WEIGHTS_FILE } from '@interp/models';
 * const model = mlpFromSafetensors(files[MLP_WEIGHTS_FILE]);
 * ```
 */
export const MLP_WEIGHTS_FILE = 'mlp_weights.safetensors';

/**
 * File name of the configuration written by `saveMlp` (`@interp/models/node`): `join(dir, MLP_CONFIG_FILE)`.
 *
 * @example
 * ```ts
 * import { MLP_CONFIG_FILE } from '@interp/models';
 * const config = JSON.parse(files[MLP_CONFIG_FILE]);
 * ```
 */
export const MLP_CONFIG_FILE = 'mlp_config.json';
