import { pipelineFlags, splitFlags } from '../cli/commonFlags';
import { defineCommand } from '../cli/defineCommand';

/**
 * `interp run`: all seven steps of the reference pipeline.
 *
 * @example
 * ```ts
 * await runCommand.run({ preset: 'quick', out: '/tmp/quick' }, { signal });
 * ```
 */
export const runCommand = defineCommand({
  name: 'run',
  summary: 'all seven steps of the reference pipeline',
  description: `[1/7] environment, [2/7] dataset, [3/7] MLP, [4/7] harvest, [5/7] SAE, [6/7] probe, [7/7] reports,
then an execution summary. The reference preset takes about 3 minutes on 2 cores; quick about 30 seconds.`,
  flags: splitFlags,
  commonFlags: pipelineFlags,
  examples: ['interp run', 'interp run --preset quick --out /tmp/quick --json'],
  // Imported on use: `--help` and flag errors answer without loading tfjs.
  run: async (flags, io) => (await import('../runStepCommand')).runStepCommand('run', flags, io),
});
