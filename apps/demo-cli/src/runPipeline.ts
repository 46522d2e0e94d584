import { availableParallelism } from 'node:os';
import { selectBackend } from '@interp/backend';
import { runGenerate } from './steps/generateStep';
import { runHarvest } from './steps/harvestStep';
import { runProbe } from './steps/probeStep';
import { runReport } from './steps/reportStep';
import { runTrainMlp } from './steps/trainMlpStep';
import { runTrainSae } from './steps/trainSaeStep';
import type { PipelineContext } from './pipelineContext';
import { getContentKey, readStepRecord, verifyStepRecord, type StepRecord } from './runCachedStep';
import { UsageError } from './UsageError';

/** The pipeline's steps, in order, as the reference run names them. */
export const pipelineSteps = [
  { id: 'environment', banner: '[1/7] Activating Environment...' },
  { id: 'generate', banner: '[2/7] Generating Dataset...' },
  { id: 'train-mlp', banner: '[3/7] Training MLP...' },
  { id: 'harvest', banner: '[4/7] Harvesting Activations...' },
  { id: 'train-sae', banner: '[5/7] Training Sparse Autoencoder (SAE)...' },
  { id: 'probe', banner: '[6/7] Running Feature Probe...' },
  { id: 'report', banner: '[7/7] Generating Feature Reports...' },
] as const;

/** A step's id. */
export type StepId = (typeof pipelineSteps)[number]['id'];

/** What one step did. */
export interface StepOutcome {
  step: StepId;
  seconds: number;
  cached: boolean;
  files: Record<string, string>;
  result: unknown;
  /** The key the next step builds on (the step's key and its artifacts' hashes); '' for the environment. */
  contentKey: string;
}

const previousStep: Partial<Record<StepId, StepId>> = {
  'train-mlp': 'generate',
  harvest: 'train-mlp',
  'train-sae': 'harvest',
  probe: 'train-sae',
  report: 'probe',
};

/** Step 1/7: picks the backend and reports it with threads and versions. */
export async function runEnvironment(ctx: PipelineContext): Promise<void> {
  ctx.backend = await selectBackend({ backend: ctx.config.backend, onWarning: (m) => ctx.log.warn(m) });
  ctx.log.info(`Backend: ${ctx.backend.description}`);
  ctx.log.info(
    `Threads: tfjs ${ctx.backend.threads ?? 'backend default'}, MLP and SAE steps ${ctx.config.threads === 'auto' ? `all cores (${availableParallelism()})` : ctx.config.threads} (machine: ${availableParallelism()} cores) | Node ${process.version} (${process.platform}/${process.arch}) | tfjs-core ${ctx.backend.tfjsVersion}`,
  );
}

/**
 * The content key of the step before `step`, from its record in `--out`, after checking that its
 * artifacts are the ones it wrote; a usage error when it has not run or its artifacts changed since.
 */
async function requirePrevious(ctx: PipelineContext, step: StepId): Promise<string> {
  const prev = previousStep[step];
  if (!prev) return '';
  const record = await readStepRecord(ctx.out, prev);
  if (!record) {
    throw new UsageError(`${step} needs the output of \`interp ${prev}\` in ${ctx.out}; run it first (or \`interp run\`)`);
  }
  const problem = await verifyStepRecord(record, ctx.out, { allowUnhashed: true });
  if (problem) throw new UsageError(`${step} needs the output of \`interp ${prev}\` in ${ctx.out}, but ${problem}; run \`interp ${prev}\` again (or \`interp run\`)`);
  return getContentKey(record);
}

/** Runs one step (not the environment), reading the previous step's artifacts from `--out`. */
export async function runStep(ctx: PipelineContext, step: Exclude<StepId, 'environment'>, prevKey?: string): Promise<StepOutcome> {
  const key = prevKey ?? (await requirePrevious(ctx, step));
  const started = performance.now();
  let record: StepRecord<unknown> & { cached: boolean };
  switch (step) {
    case 'generate':
      record = await runGenerate(ctx);
      break;
    case 'train-mlp':
      record = await runTrainMlp(ctx, key);
      break;
    case 'harvest':
      record = await runHarvest(ctx, key);
      break;
    case 'train-sae':
      record = await runTrainSae(ctx, key);
      break;
    case 'probe':
      record = await runProbe(ctx, key);
      break;
    case 'report':
      record = await runReport(ctx, key);
      break;
  }
  if (record.cached) ctx.log.info(`(cached: inputs, config and artifacts unchanged since ${record.finishedAt}; --force re-runs)`);
  ctx.signal?.throwIfAborted();
  return {
    step,
    seconds: (performance.now() - started) / 1000,
    cached: record.cached,
    files: record.files,
    result: record.result,
    contentKey: getContentKey(record),
  };
}

/** Runs the seven steps in order; returns what each did. */
export async function runPipeline(ctx: PipelineContext): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  let key = '';
  for (const { id, banner } of pipelineSteps) {
    ctx.signal?.throwIfAborted();
    ctx.log.info(banner);
    if (id === 'environment') {
      const started = performance.now();
      await runEnvironment(ctx);
      outcomes.push({ step: id, seconds: (performance.now() - started) / 1000, cached: false, files: {}, result: {}, contentKey: '' });
      continue;
    }
    const outcome = await runStep(ctx, id, key);
    outcomes.push(outcome);
    key = outcome.contentKey;
  }
  return outcomes;
}
