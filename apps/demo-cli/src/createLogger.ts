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

/** Creates the CLI's logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const out = options.toStderr ? process.stderr : process.stdout;
  return {
    info: (line) => {
      if (!options.quiet) out.write(`${line}\n`);
    },
    warn: (line) => process.stderr.write(`${line}\n`),
  };
}
