import { pipelineFlags } from '../cli/commonFlags';
import { defineCommand } from '../cli/defineCommand';

/**
 * `interp probe`: step 6, which SAE features fire for an input.
 *
 * @example
 * ```ts
 * await probeCommand.run({ input: '8,9,5,1,3,2,9,4,7,1' }, { signal });
 * ```
 */
export const probeCommand = defineCommand({
  name: 'probe',
  summary: 'step 6: which SAE features fire for an input',
  usage: '[--input ROW] [options]',
  description: `Without --input, probes the reference run's five rows and scores every feature against the task's
ground-truth concepts; with --input, prints the report of that row only.`,
  flags: {
    input: { type: 'string', value: 'ROW', description: 'ten comma-separated integers, e.g. 8,9,5,1,3,2,9,4,7,1' },
  },
  commonFlags: pipelineFlags,
  examples: ['interp probe --input 8,9,5,1,3,2,9,4,7,1', 'interp probe --out ./interp-out --json'],
  // Imported on use: `--help` and flag errors answer without loading tfjs.
  run: async (flags, io) => (await import('../runStepCommand')).runStepCommand('probe', flags, io),
});
