import { resolve } from 'node:path';
import { acquireOutLock } from './acquireOutLock';
import { checkMemoryFit } from './checkMemoryFit';
import { cleanTempFiles } from './cleanTempFiles';
import type { CommandIo } from './cli/defineCommand';
import { createLogger } from './createLogger';
import { buildSummary, formatSummary, formatSuperpositionSummary } from './formatSummary';
import { UsageError } from './UsageError';
import type { PipelineContext } from './pipelineContext';
import type { RawFlags } from './readFlags';
import { getRunClock, getSourceDate } from './getRunClock';
import { resolveConfig } from './resolveConfig';
import { pipelineSteps, runEnvironment, runPipeline, runStep, type StepId, type StepOutcome } from './runPipeline';

/**
 * Runs `interp run` (`step` = `'run'`) or one step's command: builds the configuration and context
 * from the flags, runs, and prints the summary (JSON with `--json`). Returns the exit code.
 *
 * @example
 * ```ts
 * const code = await runStepCommand('harvest', { out: 'interp-out', preset: 'quick' }, { signal });
 * ```
 */
export async function runStepCommand(step: 'run' | Exclude<StepId, 'environment'>, flags: RawFlags, io: CommandIo): Promise<number> {
  const json = flags.json === true;
  const quiet = flags.quiet === true;
  const log = createLogger({ quiet, toStderr: json });
  const { config, preset } = await resolveConfig(flags);
  if (config.task === 'superposition' && config.sweep) {
    throw new UsageError('config field sae: a list of SAEs runs with task "index-arithmetic"; task "superposition" trains one SAE, give "sae" one object');
  }
  checkMemoryFit(config);
  const now = getRunClock();
  const sourceDate = getSourceDate();
  const out = resolve(typeof flags.out === 'string' ? flags.out : 'interp-out');
  const release = await acquireOutLock(out, {
    wait: flags.wait === true,
    signal: io.signal,
    command: `interp ${step}`,
    onWait: (holder) => log.warn(`interp: ${out} is in use by process ${holder.pid} (${holder.command}); waiting for it (--wait)`),
    onStale: (holder) => log.warn(`interp: cleared a stale lock on ${out} left by process ${holder.pid}, which no longer runs`),
  });
  try {
    const removed = await cleanTempFiles(out);
    if (removed.length > 0) log.warn(`interp: removed ${removed.length} temp file(s) an interrupted run left in ${out}`);
    return await runLocked(step, flags, { config, preset, out, log, now, json, quiet, signal: io.signal, ...(sourceDate ? { sourceDate } : {}) });
  } finally {
    await release();
  }
}

async function runLocked(
  step: 'run' | Exclude<StepId, 'environment'>,
  flags: RawFlags,
  base: Pick<PipelineContext, 'config' | 'preset' | 'out' | 'log' | 'now' | 'quiet' | 'sourceDate'> & { json: boolean; signal: AbortSignal },
): Promise<number> {
  const { config, log, json, quiet } = base;
  const ctx: PipelineContext = {
    config,
    preset: base.preset,
    now: base.now,
    ...(base.sourceDate ? { sourceDate: base.sourceDate } : {}),
    out: base.out,
    log,
    force: flags.force === true,
    quiet,
    signal: base.signal,
    ...(step === 'probe' && flags.input !== undefined ? { probeOnly: true } : {}),
  };
  if (config.task === 'superposition') {
    if (step !== 'run') throw new UsageError(`interp ${step} is a step of the index-arithmetic task; task "superposition" runs as a whole: interp run`);
    const { runSuperpositionPipeline } = await import('./runSuperpositionPipeline');
    const summary = await runSuperpositionPipeline(ctx);
    if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else log.info(formatSuperpositionSummary(summary));
    return 0;
  }
  const started = ctx.now();
  let outcomes: StepOutcome[];
  if (step === 'run') {
    outcomes = await runPipeline(ctx);
  } else {
    const banner = pipelineSteps.find((s) => s.id === step)?.banner;
    const t = performance.now();
    await runEnvironment(ctx);
    const env: StepOutcome = { step: 'environment', seconds: (performance.now() - t) / 1000, cached: false, files: {}, result: {}, contentKey: '' };
    if (banner) log.info(banner);
    outcomes = [env, await runStep(ctx, step)];
  }
  const summary = buildSummary(outcomes, {
    started,
    finished: ctx.now(),
    backend: ctx.backend?.description ?? 'unknown',
    threads: ctx.backend?.threads ?? null,
    threadsRequested: config.threads,
    preset: ctx.preset,
    seed: config.seed,
  });
  if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else if (step === 'run') log.info(formatSummary(summary));
  else for (const [name, path] of Object.entries(summary.files)) log.info(`  ${name.padEnd(18)} ${path}`);
  return 0;
}
