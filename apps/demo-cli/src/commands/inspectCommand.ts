import { defineCommand } from '../cli/defineCommand';

/**
 * `interp inspect FILE|DIR`: what a safetensors, `.npy`/`.npz` file, SAE folder or shard folder holds.
 *
 * @example
 * ```ts
 * await inspectCommand.run({ json: true }, { signal, positionals: ['interp-out'] });
 * ```
 */
export const inspectCommand = defineCommand({
  name: 'inspect',
  summary: 'print the tensors, shapes, dtypes and cfg of a safetensors, .npy/.npz file or SAE folder',
  usage: 'FILE|DIR [--json]',
  description: `Reads headers only (no data): a safetensors file's tensors and metadata, a .npy or .npz file's arrays
(dtype, shape, byte order, C or Fortran order), an SAE folder's cfg.json fields and weight tensors (and
whether it loads), or a folder of activation shards with their rows in all.`,
  positionals: { value: 'FILE|DIR', description: 'a .safetensors, .npy or .npz file, an SAE folder or a folder of activation files', min: 1, max: 1 },
  flags: {
    json: { type: 'boolean', description: 'print one JSON object on stdout' },
  },
  examples: ['interp inspect interp-out/mlp_activations.safetensors', 'interp inspect interp-out --json', 'interp inspect acts.npz'],
  run: async (flags, io) => {
    const { inspectPath, formatInspection } = await import('../inspectPath');
    const path = io.positionals?.[0] ?? '';
    const what = await inspectPath(path);
    let loads: string | undefined;
    if (what.kind === 'sae') {
      // Whether the loader accepts the folder (architecture, cfg fields, weight shapes), in words.
      const { selectBackend } = await import('@interp/backend');
      const { loadSae } = await import('@interp/sae/node');
      await selectBackend();
      try {
        (await loadSae(path)).dispose();
        loads = 'yes';
      } catch (error) {
        loads = `no: ${(error as Error).message}`;
      }
    }
    if (flags.json === true) process.stdout.write(`${JSON.stringify({ ...what, ...(loads === undefined ? {} : { loads }) })}\n`);
    else process.stdout.write(`${formatInspection(what, loads)}\n`);
    return 0;
  },
});
