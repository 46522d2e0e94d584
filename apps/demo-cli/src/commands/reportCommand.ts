import { pipelineFlags } from '../cli/commonFlags';
import { defineCommand } from '../cli/defineCommand';

/**
 * `interp report`: step 7, the trace workbook and the HTML reports.
 *
 * @example
 * ```ts
 * await reportCommand.run({ out: './interp-out' }, { signal });
 * ```
 */
export const reportCommand = defineCommand({
  name: 'report',
  summary: 'step 7: circuit_trace_detailed.xlsx and the HTML reports',
  description: `Writes circuit_trace_detailed.xlsx, logic_circuit_map.html, circuit_bell_curves.html,
uhd_bold_sankey.html, features.html and index.html.`,
  flags: {},
  commonFlags: pipelineFlags,
  examples: ['interp report --out ./interp-out'],
  // Imported on use: `--help` and flag errors answer without loading tfjs.
  run: async (flags, io) => (await import('../runStepCommand')).runStepCommand('report', flags, io),
});
