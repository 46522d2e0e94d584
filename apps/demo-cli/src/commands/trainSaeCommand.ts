import { pipelineFlags } from '../cli/commonFlags';
import { defineCommand } from '../cli/defineCommand';

/**
 * `interp train-sae`: step 5, the sparse autoencoder.
 *
 * @example
 * ```ts
 * await trainSaeCommand.run({ out: './interp-out', config: 'sae.json' }, { signal });
 * ```
 */
export const trainSaeCommand = defineCommand({
  name: 'train-sae',
  summary: 'step 5: train the SAE (sae_weights.safetensors, cfg.json, sparsity.safetensors)',
  description: 'Writes sae_weights.safetensors, cfg.json and sparsity.safetensors (the SAELens layout).',
  flags: {},
  commonFlags: pipelineFlags,
  examples: ['interp train-sae --out ./interp-out --config sae.json'],
  // Imported on use: `--help` and flag errors answer without loading tfjs.
  run: async (flags, io) => (await import('../runStepCommand')).runStepCommand('train-sae', flags, io),
});
