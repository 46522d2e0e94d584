import { helpFlag } from './commonFlags';
import type { CommandSpec, FlagSpecs } from './defineCommand';

function flagLines(flags: FlagSpecs): string[] {
  return Object.entries(flags).map(([name, spec]) => {
    const left = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return `  ${left.padEnd(22)} ${spec.description}`;
  });
}

/**
 * `interp <command> --help`, generated from the same declaration that parses the command line.
 *
 * @example
 * ```ts
 * process.stdout.write(`${formatCommandHelp(generateCommand)}\n`);
 * ```
 */
export function formatCommandHelp(command: CommandSpec): string {
  const lines = [`interp ${command.name}: ${command.summary}`, '', `Usage: interp ${command.name} ${command.usage ?? '[options]'}`, '', command.description, ''];
  if (command.positionals) lines.push('Arguments:', `  ${command.positionals.value.padEnd(22)} ${command.positionals.description}`, '');
  if (Object.keys(command.flags).length > 0) lines.push('Options:', ...flagLines(command.flags), '');
  lines.push('Common options:', ...flagLines({ ...(command.commonFlags ?? {}), ...helpFlag }), '');
  lines.push(command.examples.length > 1 ? 'Examples:' : 'Example:', ...command.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

/**
 * `interp --help`: every command's summary line, then the common flags.
 *
 * @example
 * ```ts
 * process.stdout.write(`${formatMainHelp(commandList)}\n`);
 * ```
 */
export function formatMainHelp(commands: readonly CommandSpec[], commonFlags: FlagSpecs): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'interp: sparse-autoencoder interpretability of a small MLP, in one command',
    '',
    'Usage: interp <command> [options]        interp <command> --help for its options and examples',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Each step reads the previous step\'s artifacts from --out and is skipped when nothing it depends on changed.',
    '',
    'Common options:',
    ...flagLines({ ...commonFlags, ...helpFlag }),
    '',
    'Examples:',
    '  interp run --preset quick --out /tmp/quick',
    '  interp run --out ./interp-out --json > summary.json',
    '  interp probe --input 8,9,5,1,3,2,9,4,7,1',
    '',
    'Exit codes: 0 ok, 1 failure, 2 bad usage, 130 interrupted.',
  ].join('\n');
}
