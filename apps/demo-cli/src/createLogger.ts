import { toTerminalText } from './toTerminalText';

/** Where the CLI writes: human logs (stderr when `--json`), and the final result. */
export interface Logger {
  /** A log line (suppressed by `--quiet`). */
  info(line: string): void;
  /** A warning: always shown, on stderr. */
  warn(line: string): void;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  quiet?: boolean;
  /** Send logs to stderr (used with `--json`, which keeps stdout for the summary). */
  toStderr?: boolean;
}

/**
 * Creates the CLI's logger. Every line goes through {@link toTerminalText}: names from files and
 * configs (tensor names, config keys, xlsx cells) cannot move the cursor or flood the terminal.
 *
 * @example
 * ```ts
 * const log = createLogger({ quiet: false });
 * log.info('hello');
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const out = options.toStderr ? process.stderr : process.stdout;
  return {
    info: (line) => {
      if (!options.quiet) out.write(`${toTerminalText(line)}\n`);
    },
    warn: (line) => process.stderr.write(`${toTerminalText(line)}\n`),
  };
}
