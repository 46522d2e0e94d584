import { parseArgs } from 'node:util';
import { UsageError } from './UsageError';

/** The parsed command line. */
export interface CommandLine {
  command: string | undefined;
  flags: Record<string, string | boolean | undefined>;
  help: boolean;
}

const flagSpec = {
  out: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  preset: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  train: { type: 'string' },
  val: { type: 'string' },
  test: { type: 'string' },
  input: { type: 'string' },
  force: { type: 'boolean', short: 'f' },
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
export function readIntegerFlag(flags: CommandLine['flags'], name: string, min: number, max: number): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Parses `--input 8,9,5,1,3,2,9,4,7,1` into a row; the error names the flag. */
export function readRowFlag(flags: CommandLine['flags'], name: string): number[] | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const parts = String(raw).split(',').map((s) => s.trim());
  const row = parts.map(Number);
  if (parts.some((p) => p === '') || row.some((v) => !Number.isInteger(v))) {
    throw new UsageError(`--${name} must be comma-separated integers such as 8,9,5,1,3,2,9,4,7,1, got ${JSON.stringify(raw)}`);
  }
  return row;
}
