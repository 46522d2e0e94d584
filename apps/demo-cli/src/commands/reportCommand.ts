import { pipelineFlags } from '../cli/commonFlags';
import { defineCommand } from '../cli/defineCommand';
import { UsageError } from '../UsageError';

/**
 * `interp report`: step 7, the trace workbook and the HTML reports; or, with `--sae`, any SAE on any activations.
 *
 * @example
 * ```ts
 * await reportCommand.run({ out: './interp-out' }, { signal });
 * await reportCommand.run({ sae: './sae', activations: 'acts.npy', out: './report' }, { signal });
 * ```
 */
export const reportCommand = defineCommand({
  name: 'report',
  summary: 'step 7: the trace workbook and HTML reports; or, with --sae, the dashboard of any SAE on any activations',
  usage: '[--out DIR] [options]   |   interp report --sae DIR --activations FILE|DIR [--labels FILE.csv] [--context FILE.csv] --out DIR',
  description: `Without --sae: step 7 of the pipeline; writes circuit_trace_detailed.xlsx, logic_circuit_map.html,
circuit_bell_curves.html, uhd_bold_sankey.html, features.html and index.html in --out.

With --sae DIR --activations FILE|DIR: the feature dashboard (features.html) and the run summary (index.html)
of any SAE folder (SAELens or sparsify layout) on any activations (safetensors, .npy, .npz or a folder of
shards), written to --out together. --labels FILE.csv gives the rows ground-truth labels: a header row of
concept names, then one row of 0/1 per activation row; features are scored against them as the built-in
task's concepts are. Each top-activating row shows where it came from when that is known: the example, position
and token id of a sequence model's row, from integer tensors "example", "position" and "token" (one value per
row) beside the activations in a safetensors file, or, for [batch, positions, width] activations (a .npy too),
the example and position each row was flattened from; --context FILE.csv adds or overrides them: a header
naming some of example, position, token, text, then one line per activation row. The activations are
streamed in bounded memory, whatever their size. Width mismatches, unknown architectures, unsupported cfg fields, NaN in the activations,
empty files and label or context row counts that differ exit 1 naming the file and the problem, with nothing written.`,
  flags: {
    sae: { type: 'string', value: 'DIR', description: 'an SAE folder (cfg.json + sae_weights.safetensors, or sparsify sae.safetensors)' },
    activations: { type: 'string', value: 'FILE|DIR', description: 'with --sae: the activations to measure it on' },
    labels: { type: 'string', value: 'FILE.csv', description: 'with --sae: one 0/1 column per concept, one row per activation row' },
    context: { type: 'string', value: 'FILE.csv', description: 'with --sae: per activation row, some of example, position, token, text (shown beside the top rows)' },
    hook: { type: 'string', value: 'NAME', description: "with --sae: the tensor to read when the file holds several (default the SAE's hook_name)" },
    tensor: { type: 'string', value: 'NAME', description: 'with --sae: the tensor (safetensors) or array (.npz) to read' },
  },
  commonFlags: pipelineFlags,
  examples: [
    'interp report --out ./interp-out',
    'interp report --sae ./sae --activations acts.npy --labels labels.csv --out ./report',
    'interp report --sae ./sae --activations acts.npy --context tokens.csv --out ./report',
    'interp report --sae ./interp-out --activations ./interp-out/mlp_activations.safetensors --out ./report --json',
  ],
  // Imported on use: `--help` and flag errors answer without loading tfjs.
  run: async (flags, io) => {
    if (flags.sae !== undefined || flags.activations !== undefined) return (await import('../reportOnActivations')).reportOnActivations(flags, io);
    const named = (['labels', 'context', 'hook', 'tensor'] as const).find((name) => flags[name] !== undefined);
    if (named) throw new UsageError(`report: --${named} needs --sae DIR and --activations FILE|DIR`);
    return (await import('../runStepCommand')).runStepCommand('report', flags, io);
  },
});
