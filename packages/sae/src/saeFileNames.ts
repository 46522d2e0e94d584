/**
 * File names of an SAE folder in the SAELens layout, as `saveSae` writes them and `loadSae`
 * reads them: `join(dir, saeFileNames.weights)`.
 *
 * @example
 * ```ts
 * import { saeFileNames } from '@interp/sae';
 * saeFileNames.weights;  // 'sae_weights.safetensors'
 * saeFileNames.config;   // 'cfg.json'
 * saeFileNames.sparsity; // 'sparsity.safetensors'
 * ```
 */
export const saeFileNames = Object.freeze({
  weights: 'sae_weights.safetensors',
  config: 'cfg.json',
  sparsity: 'sparsity.safetensors',
} as const);
