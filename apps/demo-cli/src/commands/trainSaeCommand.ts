import { pipelineFlags } from '../cli/commonFlags';
import { defineCommand } from '../cli/defineCommand';
import { saeOptionFlags } from '../cli/saeOptionFlags';
import { UsageError } from '../UsageError';

/**
 * `interp train-sae`: step 5, the sparse autoencoder; or, with `--activations`, an SAE on any activations.
 *
 * @example
 * ```ts
 * await trainSaeCommand.run({ out: './interp-out', config: 'sae.json' }, { signal });
 * await trainSaeCommand.run({ activations: 'acts.npy', 'sae-out': 'sae', k: '16' }, { signal });
 * ```
 */
export const trainSaeCommand = defineCommand({
  name: 'train-sae',
  summary: 'step 5: train the SAE; or, with --activations, an SAE on any activations file or folder',
  usage: '[--out DIR] [options]   |   interp train-sae --activations FILE|DIR --sae-out DIR [--hook NAME] [SAE options]',
  description: `Without --activations: step 5 of the pipeline; writes sae_weights.safetensors, cfg.json and
sparsity.safetensors (the SAELens layout) in --out from its harvest.

With --activations FILE|DIR: trains on any activations, a safetensors, .npy or .npz file of [rows, width]
(or [batch, positions, width], flattened to rows) or a folder of such shards read as one, and writes the SAE
to --sae-out in the SAELens layout (all files at once: nothing is written on an error). Every SAE option is a
flag below or a field of --config '{"seed": 1, "threads": 2, "sae": {"architecture": "topk", "k": 16, ...}}'
(trainSae's option names; flags override the config). --hook names the activations (cfg.json hook_name)
and reads the tensor of that name when the file holds several; --tensor names it explicitly.`,
  flags: {
    activations: { type: 'string', value: 'FILE|DIR', description: 'train on these activations (safetensors, .npy, .npz or a folder of shards)' },
    'sae-out': { type: 'string', value: 'DIR', description: 'with --activations: the folder the SAE is written to' },
    hook: { type: 'string', value: 'NAME', description: 'with --activations: hook name of the activations (and the tensor to read, if the file has one so named)' },
    tensor: { type: 'string', value: 'NAME', description: 'with --activations: the tensor (safetensors) or array (.npz) to read' },
    stream: { type: 'boolean', description: 'with --activations: read the file or shards once per epoch, a batch at a time (automatic above 1 GiB)' },
    ...saeOptionFlags,
  },
  commonFlags: pipelineFlags,
  examples: [
    'interp train-sae --out ./interp-out --config sae.json',
    'interp train-sae --activations acts.npy --sae-out ./sae --k 16 --d-sae 1024 --epochs 5',
    'interp train-sae --activations shards/ --hook blocks.6.hook_resid_post --sae-out ./sae --config \'{"sae": {"architecture": "relu", "l1Coefficient": 0.3}}\'',
  ],
  // Imported on use: `--help` and flag errors answer without loading tfjs.
  run: async (flags, io) => {
    if (flags.activations !== undefined) return (await import('../trainSaeOnActivations')).trainSaeOnActivations(flags, io);
    const fileOnly = ['sae-out', 'hook', 'tensor', 'stream', ...Object.keys(saeOptionFlags)].filter((name) => (flags as Record<string, unknown>)[name] !== undefined);
    if (fileOnly.length > 0) {
      throw new UsageError(`interp train-sae: --${fileOnly[0]} needs --activations FILE|DIR (the pipeline step takes its SAE options from --config and --preset)`);
    }
    return (await import('../runStepCommand')).runStepCommand('train-sae', flags, io);
  },
});
