import type { CommandSpec } from '../cli/defineCommand';
import { generateCommand } from './generateCommand';
import { harvestCommand } from './harvestCommand';
import { inspectCommand } from './inspectCommand';
import { probeCommand } from './probeCommand';
import { reportCommand } from './reportCommand';
import { runCommand } from './runCommand';
import { trainMlpCommand } from './trainMlpCommand';
import { trainSaeCommand } from './trainSaeCommand';

/**
 * Every command of the CLI, in the order `interp --help` lists them. To add one: a file
 * `src/commands/<name>Command.ts` with `defineCommand({...})`, and a line here.
 *
 * @example
 * ```ts
 * commandList.find((c) => c.name === 'probe')?.summary;
 * ```
 */
export const commandList: readonly CommandSpec[] = [
  runCommand,
  generateCommand,
  trainMlpCommand,
  harvestCommand,
  trainSaeCommand,
  probeCommand,
  reportCommand,
  inspectCommand,
];
