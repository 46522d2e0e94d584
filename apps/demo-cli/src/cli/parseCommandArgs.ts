import { parseArgs } from 'node:util';
import { UsageError } from '../UsageError';
import { helpFlag } from './commonFlags';
import type { CommandSpec, FlagSpecs, FlagValues } from './defineCommand';

/** A command's parsed flags, and whether `--help` was asked for. */
export interface ParsedCommandArgs<F extends FlagSpecs> {
  flags: FlagValues<F>;
  help: boolean;
  /** The arguments that are not flags (empty unless the command declares positionals). */
  positionals: string[];
}

/**
 * Parses the arguments after the command word with `node:util` `parseArgs` and the command's own
 * flag specs (strict: unknown flags, stray arguments and missing or extra positionals are {@link UsageError}s).
 *
 * @example
 * ```ts
 * const { flags } = parseCommandArgs(generateCommand, ['--out', 'data', '--seed', '5']);
 * flags.seed; // '5'
 * ```
 */
export function parseCommandArgs<F extends FlagSpecs>(command: CommandSpec<F>, args: string[]): ParsedCommandArgs<F> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries({ ...(command.commonFlags ?? {}), ...command.flags, ...helpFlag })) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`interp ${command.name}: ${(error as Error).message}`);
  }
  const { help, ...flags } = parsed.values;
  const spec = command.positionals;
  const max = spec?.max ?? 0;
  if (parsed.positionals.length > max) throw new UsageError(`interp ${command.name}: unexpected argument: ${parsed.positionals[max]}`);
  if (spec && help !== true && parsed.positionals.length < spec.min) {
    throw new UsageError(`interp ${command.name}: expects ${spec.value}${spec.min > 1 ? ` (at least ${spec.min})` : ''}: ${spec.description}`);
  }
  return { flags: flags as FlagValues<F>, help: help === true, positionals: parsed.positionals };
}
