import { resolve } from 'node:path';
import { runGenerate } from './commands/generate';
import { createLogger } from './createLogger';
import { parseCommandLine, readIntegerFlag, type CommandLine } from './parseCommandLine';
import { UsageError } from './UsageError';

const HELP: Record<string, string> = {
  main: `interp: sparse-autoencoder interpretability of a small MLP, in one command

Usage: interp <command> [options]

Commands:
  run        run the reference pipeline (today: dataset generation)
  generate   write mlp_train.xlsx, mlp_val.xlsx and mlp_test.xlsx

Options:
  --out DIR    output folder (default ./interp-out)
  --seed N     random seed (default 42)
  -q, --quiet  no progress logs
  -h, --help   this help; \`interp <command> --help\` for a command's

Examples:
  interp run --out ./interp-out
  interp generate --out ./data --seed 7

Exit codes: 0 ok, 1 failure, 2 bad usage.`,
  generate: `interp generate: write the index-arithmetic dataset splits as xlsx

Usage: interp generate [--out DIR] [--seed N] [--train N] [--val N] [--test N]

Writes DIR/mlp_train.xlsx (8000 rows), DIR/mlp_val.xlsx (1000) and DIR/mlp_test.xlsx (1000):
rows [c1_0..c1_3, p1, c2_0..c2_3, p2, target] with target = |c1[p1] - c2[p2]|.
The same seed gives the same rows; splits never share a row.

Examples:
  interp generate --out ./data
  interp generate --out ./data --seed 7 --train 64000`,
};
HELP.run = HELP.main as string;

async function dispatch(cli: CommandLine): Promise<number> {
  const log = createLogger({ quiet: Boolean(cli.flags.quiet), toStderr: Boolean(cli.flags.json) });
  const out = resolve(typeof cli.flags.out === 'string' ? cli.flags.out : 'interp-out');
  const seed = readIntegerFlag(cli.flags, 'seed', 42, 0, 2 ** 32 - 1);
  const sizes = {
    train: readIntegerFlag(cli.flags, 'train', 8000, 1, 10_000_000),
    val: readIntegerFlag(cli.flags, 'val', 1000, 1, 10_000_000),
    test: readIntegerFlag(cli.flags, 'test', 1000, 1, 10_000_000),
  };
  switch (cli.command) {
    case 'generate': {
      await runGenerate({ out, seed, ...sizes }, log);
      return 0;
    }
    case 'run': {
      const started = Date.now();
      log.info('[1/7] Activating Environment...');
      log.info(`Node ${process.version} on ${process.platform}/${process.arch}`);
      log.info('[2/7] Generating Dataset...');
      const files = await runGenerate({ out, seed, ...sizes }, log);
      log.info('Steps 3-7 (MLP, harvest, SAE, probe, reports) are not built yet.');
      const summary = { files, timings: { total: (Date.now() - started) / 1000 } };
      if (cli.flags.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else for (const [name, path] of Object.entries(files)) log.info(`  ${name}: ${path}`);
      return 0;
    }
    default:
      throw new UsageError(cli.command ? `unknown command: ${cli.command}` : 'no command given');
  }
}

/**
 * Runs the CLI on `argv` (without `node` and the script); returns the exit code:
 * 0 ok, 1 failure, 2 bad usage.
 */
export async function main(argv: string[]): Promise<number> {
  let cli: CommandLine;
  try {
    cli = parseCommandLine(argv);
    if (cli.help || cli.command === 'help') {
      process.stdout.write(`${HELP[cli.command ?? 'main'] ?? HELP.main}\n`);
      return 0;
    }
    if (cli.command !== undefined && !(cli.command in HELP)) throw new UsageError(`unknown command: ${cli.command}`);
    return await dispatch(cli);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`interp: ${error.message}\nRun \`interp --help\` for usage.\n`);
      return 2;
    }
    process.stderr.write(`interp: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}
