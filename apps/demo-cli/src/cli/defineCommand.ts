/** One flag of a command: how `node:util` `parseArgs` reads it and how `--help` shows it. */
export interface FlagSpec {
  type: 'string' | 'boolean';
  /** One-letter alias, e.g. `o` for `-o`. */
  short?: string;
  /** Placeholder of the value in `--help`, e.g. `DIR` (string flags). */
  value?: string;
  /** One line for `--help`. */
  description: string;
}

/** A command's flags by long name. */
export type FlagSpecs = Record<string, FlagSpec>;

/** The parsed values of a command's flags, typed from their specs. */
export type FlagValues<F extends FlagSpecs> = { [K in keyof F]?: F[K]['type'] extends 'boolean' ? boolean : string };

/** What a running command gets besides its flags. */
export interface CommandIo {
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** The arguments that are not flags (only for a command that declares {@link CommandSpec.positionals}). */
  positionals?: string[];
}

/** The arguments a command takes besides its flags, e.g. `interp inspect FILE|DIR`. */
export interface PositionalSpec {
  /** Placeholder in the usage line and `--help`, e.g. `FILE|DIR`. */
  value: string;
  /** One line for `--help`. */
  description: string;
  /** How many the command needs at least, and takes at most. */
  min: number;
  max: number;
}

/**
 * A command of the `interp` CLI, declared once: its flags (parsed by `node:util` `parseArgs`), the
 * help text generated from them, examples, and what it runs. One file per command in `src/commands/`,
 * listed in `src/commands/commandList.ts`.
 */
export interface CommandSpec<F extends FlagSpecs = FlagSpecs> {
  /** The word after `interp`. */
  name: string;
  /** One line for `interp --help`. */
  summary: string;
  /** Arguments after the command in the usage line, e.g. `[--input ROW] [options]`. */
  usage?: string;
  /** Paragraphs of `interp <name> --help` between the usage line and the options. */
  description: string;
  /** Arguments besides the flags; without this, any is a usage error. */
  positionals?: PositionalSpec;
  /** The command's own flags, shown under "Options:". */
  flags: F;
  /** Flags shared with other commands, shown under "Common options:". */
  commonFlags?: FlagSpecs;
  /** Example invocations, each starting with `interp`. */
  examples: string[];
  /** Runs the command; returns the exit code. */
  run(flags: FlagValues<F>, io: CommandIo): Promise<number>;
}

/**
 * Declares a command, keeping its flag types for `run`.
 *
 * @example
 * ```ts
 * export const helloCommand = defineCommand({
 *   name: 'hello',
 *   summary: 'print a greeting',
 *   description: 'Prints hello.',
 *   flags: { name: { type: 'string', value: 'NAME', description: 'who to greet' } },
 *   examples: ['interp hello --name Ada'],
 *   run: async (flags) => {
 *     process.stdout.write(`hello ${flags.name ?? 'world'}\n`);
 *     return 0;
 *   },
 * });
 * ```
 */
export function defineCommand<F extends FlagSpecs>(spec: CommandSpec<F>): CommandSpec<F> {
  return spec;
}
