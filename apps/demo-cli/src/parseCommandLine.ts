import { parseArgs } from 'node:util';
import { UsageError } from './UsageError';

/** The parsed command line. */
export interface CommandLine {
  command: string | undefined;
  flags: Record<string, string | boolean | undefined>;
  help: boolean;
}

const flagSpec = {
  out: { type: 'string' },
  seed: { type: 'string' },
  train: { type: 'string' },
  val: { type: 'string' },
  test: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses argv (without `node` and the script), turning mistakes into {@link UsageError}s. */
export function parseCommandLine(argv: string[]): CommandLine {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: flagSpec, allowPositionals: true, strict: true });
    if (positionals.length > 1) throw new UsageError(`unexpected argument: ${positionals[1]}`);
    const { help, ...flags } = values;
    return { command: positionals[0], flags, help: Boolean(help) };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

/** Reads an integer flag, checking its range; the error names the flag. */
export function readIntegerFlag(
  flags: CommandLine['flags'],
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(raw)}`);
  }
  return value;
}
