import { pipelineFlags } from './cli/commonFlags';
import { formatCommandHelp, formatMainHelp } from './cli/formatCommandHelp';
import { parseCommandArgs } from './cli/parseCommandArgs';
import { commandList } from './commands/commandList';
import { toTerminalText } from './toTerminalText';
import { UsageError } from './UsageError';

/** Runs the command line: `interp --help`, `interp <command> --help` or the command. */
async function dispatch(argv: string[], signal: AbortSignal): Promise<number> {
  const [word, ...rest] = argv;
  if (word === undefined) throw new UsageError('no command given');
  if (word === '--help' || word === '-h' || word === 'help') {
    const topic = word === 'help' ? rest[0] : undefined;
    const command = commandList.find((c) => c.name === topic);
    process.stdout.write(`${command ? formatCommandHelp(command) : formatMainHelp(commandList, pipelineFlags)}\n`);
    return 0;
  }
  const command = commandList.find((c) => c.name === word);
  if (!command) {
    if (word.startsWith('-')) throw new UsageError(`a command comes first, got ${JSON.stringify(word)}`);
    throw new UsageError(`unknown command: ${JSON.stringify(word)} (commands: ${commandList.map((c) => c.name).join(', ')})`);
  }
  const { flags, help, positionals } = parseCommandArgs(command, rest);
  if (help) {
    process.stdout.write(`${formatCommandHelp(command)}\n`);
    return 0;
  }
  return command.run(flags, { signal, positionals });
}

/**
 * Runs the CLI on `argv` (without `node` and the script); returns the exit code:
 * 0 ok, 1 failure, 2 bad usage, 130 interrupted. Ctrl-C cancels the running step, leaving the
 * previous artifacts intact (a second Ctrl-C exits at once).
 *
 * @example
 * ```ts
 * process.exitCode = await main(['run', '--preset', 'quick']);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\ninterp: interrupted; stopping the current step (Ctrl-C again to exit now)\n');
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  try {
    return await dispatch(argv, controller.signal);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`interp: ${toTerminalText(error.message)}\nRun \`interp --help\` for usage.\n`);
      return 2;
    }
    if (controller.signal.aborted) {
      process.stderr.write('interp: interrupted; artifacts of finished steps are intact\n');
      return 130;
    }
    process.stderr.write(`interp: ${toTerminalText((error as Error).message ?? String(error))}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
