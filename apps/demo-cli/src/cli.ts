import { main } from './main';
import { toTerminalText } from './toTerminalText';

// A reader that goes away (`interp run --json | head -1`) or a failing terminal: one line on stderr,
// exit 1, instead of an uncaught 'error' event reaching the wasm backend's handler (exit 7, a stack).
for (const [name, stream] of [
  ['stdout', process.stdout],
  ['stderr', process.stderr],
] as const) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    const why = error.code === 'EPIPE' ? 'closed early by its reader (EPIPE)' : toTerminalText(error.message);
    if (name === 'stdout') {
      try {
        process.stderr.write(`interp: cannot write to ${name}: ${why}\n`);
      } catch {
        // stderr is gone too
      }
    }
    process.exit(1);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`interp: ${toTerminalText(String(error))}\n`);
    process.exitCode = 1;
  },
);
