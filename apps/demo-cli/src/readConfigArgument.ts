import { readFile } from 'node:fs/promises';
import { UsageError } from './UsageError';

/** A parsed `--config` and how errors name it. */
export interface ConfigArgument {
  /** The parsed JSON value. */
  value: unknown;
  /** `--config FILE` or `--config '{...}'` (inline JSON, shortened), for error messages. */
  source: string;
}

/**
 * Reads `--config`: a JSON file, or the JSON itself when the argument starts with `{` (after blanks),
 * as in `interp run --config '{"task": "superposition"}'`.
 *
 * @example
 * ```ts
 * const { value } = await readConfigArgument('{"seed": 7}'); // { seed: 7 }
 * ```
 * @throws UsageError naming the file (or the inline text) and what is wrong with it.
 */
export async function readConfigArgument(argument: string): Promise<ConfigArgument> {
  const inline = argument.trimStart().startsWith('{');
  const source = inline ? `--config ${JSON.stringify(argument.length > 40 ? `${argument.slice(0, 40)}...` : argument)}` : `--config ${argument}`;
  let text = argument;
  if (!inline) {
    try {
      text = await readFile(argument, 'utf8');
    } catch {
      throw new UsageError(`${source}: file not found or unreadable`);
    }
  }
  try {
    return { value: JSON.parse(text), source };
  } catch (error) {
    throw new UsageError(`${source}: not valid JSON (${(error as Error).message})`);
  }
}
