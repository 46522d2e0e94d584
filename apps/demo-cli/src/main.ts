import { resolve } from 'node:path';
import { createLogger } from './createLogger';
import { buildSummary, formatSummary } from './formatSummary';
import { helpTexts } from './helpTexts';
import { parseCommandLine, readRowFlag, type CommandLine } from './parseCommandLine';
import type { PipelineContext } from './pipelineContext';
import { resolveConfig } from './resolveConfig';
import { pipelineSteps, runEnvironment, runPipeline, runStep, type StepId, type StepOutcome } from './runPipeline';
import { UsageError } from './UsageError';

const stepCommands = ['generate', 'train-mlp', 'harvest', 'train-sae', 'probe', 'report'] as const;
type StepCommand = (typeof stepCommands)[number];

function isStepCommand(command: string): command is StepCommand {
  return (stepCommands as readonly string[]).includes(command);
}

async function dispatch(cli: CommandLine, signal: AbortSignal): Promise<number> {
  const command = cli.command;
  if (command === undefined) throw new UsageError('no command given');
  if (command !== 'run' && !isStepCommand(command)) throw new UsageError(`unknown command: ${command}`);
  if (cli.flags.input !== undefined && command !== 'probe') throw new UsageError('--input is only for `interp probe`');
  const json = Boolean(cli.flags.json);
  const quiet = Boolean(cli.flags.quiet);
  const log = createLogger({ quiet, toStderr: json });
  const config = await resolveConfig(cli.flags);
  const probeRow = readRowFlag(cli.flags, 'input');
  if (probeRow) config.probe.inputs = [probeRow];
  const ctx: PipelineContext = {
    config,
    out: resolve(typeof cli.flags.out === 'string' ? cli.flags.out : 'interp-out'),
    log,
    force: Boolean(cli.flags.force),
    quiet,
    signal,
    ...(probeRow ? { probeOnly: true } : {}),
  };
  const started = new Date();
  let outcomes: StepOutcome[];
  if (command === 'run') {
    outcomes = await runPipeline(ctx);
  } else {
    const banner = pipelineSteps.find((s) => s.id === command)?.banner;
    const t = performance.now();
    await runEnvironment(ctx);
    const env: StepOutcome = { step: 'environment', seconds: (performance.now() - t) / 1000, cached: false, files: {}, result: {} };
    if (banner) log.info(banner);
    outcomes = [env, await runStep(ctx, command as Exclude<StepId, 'environment'>)];
  }
  const summary = buildSummary(outcomes, {
    started,
    finished: new Date(),
    backend: ctx.backend?.description ?? 'unknown',
    preset: String(cli.flags.preset ?? 'reference'),
    seed: config.seed,
  });
  if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else if (command === 'run') log.info(formatSummary(summary));
  else for (const [name, path] of Object.entries(summary.files)) log.info(`  ${name.padEnd(18)} ${path}`);
  return 0;
}

/**
 * Runs the CLI on `argv` (without `node` and the script); returns the exit code:
 * 0 ok, 1 failure, 2 bad usage. Ctrl-C cancels the running step, leaving the
 * previous artifacts intact (a second Ctrl-C exits at once).
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
    const cli = parseCommandLine(argv);
    if (cli.help || cli.command === 'help' || cli.command === undefined) {
      if (cli.command === undefined && !cli.help) throw new UsageError('no command given');
      process.stdout.write(`${helpTexts[cli.command === 'help' || !cli.command ? 'main' : cli.command] ?? helpTexts.main}\n`);
      return 0;
    }
    return await dispatch(cli, controller.signal);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`interp: ${error.message}\nRun \`interp --help\` for usage.\n`);
      return 2;
    }
    if (controller.signal.aborted) {
      process.stderr.write('interp: interrupted; artifacts of finished steps are intact\n');
      return 130;
    }
    process.stderr.write(`interp: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
