import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readActivations } from '@interp/harvest/node';
import {
  buildTrainSaeOptions,
  selectSaeArchitecture,
  splitHeldOutRows,
  summarizeSaeTraining,
  type ActivationRows,
  type PipelineConfig,
  type TrainSaeResult,
} from '@interp/pipeline';
import { evaluateSae, mergeFeatureFrequencies, saeFileNames, trainSae, type Sae, type SaeLiveness, type SaeMetrics, type SaeTrainingHistory } from '@interp/sae';
import { loadSae } from '@interp/sae/node';
import { createProgress } from '../createProgress';
import { checkActivationScale } from '../checkActivationScale';
import { hashValue } from '../hashValue';
import type { PipelineContext } from '../pipelineContext';
import { runCachedStep, type StepOutput, type StepRecord } from '../runCachedStep';
import { stageArtifacts } from '../stageArtifacts';
import { stepCacheOptions } from '../stepCacheOptions';
import { serializeSaeFiles } from '../serializeSaeFiles';
import { renderSweepSummaryFiles, serializeSweepSaes, SWEEP_PARETO_FILE, SWEEP_SUMMARY_FILE, trainSweepSaes, type SweepSummaryRow } from '../trainSaeSweep';
import { ACTIVATIONS_FILE } from './harvestStep';

/**
 * Result of the train-sae step: @interp/pipeline's (the lab's record too), with the sweep's rows when `sae` was
 * a list (`chosen`: the config index of the primary SAE, the one `result` describes).
 */
export type TrainSaeStepResult = TrainSaeResult & { sweep?: { rows: SweepSummaryRow[]; chosen: number; batchesRead: number; seconds?: number } };
export type { TrainSaeResult };

/**
 * Cache key of the train-sae step: the harvest's key and only the options that change the SAE
 * (the selected architecture's own parameters, not another architecture's).
 */
export function getTrainSaeKey(ctx: PipelineContext, harvestKey: string): string {
  const describe = (sae: PipelineConfig['sae']) => {
    const { dSae, epochs, batchSize, learningRate, evalRows } = sae;
    return { architecture: selectSaeArchitecture(sae), dSae, epochs, batchSize, learningRate, evalRows };
  };
  const sweep = ctx.config.sweep;
  // A single SAE keeps the key it always had; a sweep adds every entry and which one is primary.
  return hashValue({
    step: 'train-sae',
    harvestKey,
    seed: ctx.config.seed,
    sae: describe(ctx.config.sae),
    ...(sweep ? { sweep: { saes: sweep.saes.map(describe), primary: sweep.primary } } : {}),
  });
}

/** File names of the SAE set (the SAELens layout). */
export const SAE_FILES = { saeWeights: saeFileNames.weights, saeConfig: saeFileNames.config, saeSparsity: saeFileNames.sparsity } as const;

/**
 * Writes the SAE's files into `dir` with the run's provenance (`interp.provenance` in cfg.json: seed,
 * backend, threads); returns their names.
 */
async function writeSaeFiles(sae: Sae, dir: string, featureFrequency: Float32Array, provenance: Record<string, unknown>): Promise<Record<string, string>> {
  const contents: Record<string, string | Uint8Array | undefined> = Object.fromEntries(serializeSaeFiles(sae, { featureFrequency, provenance }));
  const names: Record<string, string> = {};
  for (const [key, name] of Object.entries(SAE_FILES)) {
    const content = contents[name];
    if (content === undefined) continue;
    await writeFile(join(dir, name), content);
    names[key] = name;
  }
  return names;
}

/**
 * The held-out metrics trainSae measured after its last step, where they are what `evaluateSae(sae, heldOut)`
 * returns (a TopK SAE without activation scaling: the same weights and rows, measured as the SAE's own encode
 * and decode do, bit for bit; @interp/sae's createParallelTopKTrainer.test.ts checks it), else undefined.
 */
function finalHeldOutMetrics(history: SaeTrainingHistory): SaeMetrics | undefined {
  const last = history.evaluations.at(-1);
  const exact = history.architecture.type === 'topk' && history.activationScale === undefined;
  return exact && last && last.step === history.totalSteps && last.split === 'validation' ? last.metrics : undefined;
}

/**
 * The firing figures over every harvested row from what trainSae already measured, where that is exact: its
 * final train-row metrics cover the training rows and its last held-out evaluation (see {@link finalHeldOutMetrics})
 * the held-out rows, with the final weights, so their firing counts add up to `evaluateSae(sae, allRows)`'s bit
 * for bit (`mergeFeatureFrequencies`); else undefined (the caller evaluates every row).
 */
function livenessFromTraining(history: SaeTrainingHistory, heldOut: SaeMetrics | undefined, trainRows: number): SaeLiveness | undefined {
  const train = history.trainMetrics;
  if (!heldOut || !train || train.rows !== trainRows || heldOut.rows !== history.validationRows) return undefined;
  return mergeFeatureFrequencies([train, heldOut]);
}

/**
 * Step 5/7: trains the SAE on the harvested activations, holding out the last
 * `sae.evalRows` rows for evaluation, and saves it in the SAELens layout.
 */
export async function runTrainSae(
  ctx: PipelineContext,
  harvestKey: string,
): Promise<StepRecord<TrainSaeStepResult> & { cached: boolean }> {
  const cfg = ctx.config.sae;
  return runCachedStep<TrainSaeStepResult>({
    ...stepCacheOptions(ctx),
    step: 'train-sae',
    key: getTrainSaeKey(ctx, harvestKey),
    run: async () => {
      const actsPath = join(ctx.out, ACTIVATIONS_FILE);
      const acts = await readActivations(actsPath);
      ctx.log.info(`Loaded activations: [${acts.rows}, ${acts.width}]`);
      checkActivationScale(acts, actsPath);
      const { train, heldOut } = splitHeldOutRows(acts, cfg.evalRows);
      if (ctx.config.sweep) return trainSweep(ctx, acts, train, heldOut);
      const architecture = selectSaeArchitecture(cfg);
      let bar: ReturnType<typeof createProgress> | undefined;
      const { sae, history } = await trainSae(train, {
        ...buildTrainSaeOptions(ctx.config),
        validation: heldOut,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        onProgress: (p) => {
          bar ??= createProgress('SAE steps', p.totalSteps, { quiet: ctx.quiet });
          bar.update(p.step, `loss ${p.last.loss.toFixed(4)} L0 ${p.last.l0.toFixed(1)}`);
          const e = p.evaluation;
          const epoch = e ? e.epoch : 0; // 1-based, as the MLP trainer
          if (e && (epoch % Math.max(1, Math.round(p.epochs / 10)) === 0 || epoch === p.epochs)) {
            ctx.log.info(
              `SAE Epoch [${epoch}/${p.epochs}] | Loss: ${(1 - e.metrics.fve).toFixed(6)} | FVE: ${e.metrics.fve.toFixed(4)} | L0: ${e.metrics.l0.toFixed(1)} | dead: ${(e.deadFractionWindow * 100).toFixed(1)}%`,
            );
          }
        },
      });
      bar?.finish(`${history.rowsPerSecond.toFixed(0)} rows/s`);
      ctx.log.info(
        `SAE trained on ${history.threads} thread(s)${history.threadsNote ? ` (${history.threadsNote})` : ''}: ${history.rowsPerSecond.toFixed(0)} rows/s, ${history.stepSeconds.toFixed(1)} s in steps of ${history.seconds.toFixed(1)} s`,
      );
      try {
        // Reconstruction metrics on held-out rows; liveness over every harvested row (the dead-feature window).
        // On the trainer's threads (TopK on wasm: its kernels, same numbers as the SAE's own encode and decode).
        const threads = { threads: history.threads };
        const final = finalHeldOutMetrics(history);
        const metrics = final ?? (await evaluateSae(sae, heldOut, threads));
        const liveness = livenessFromTraining(history, final, train.rows) ?? (await evaluateSae(sae, { data: acts.data, rows: acts.rows, width: acts.width }, threads));
        // The SAE trainer's own thread count (its TopK step and update run on worker threads), not the backend's.
        const provenance = { seed: ctx.config.seed, backend: ctx.backend?.description ?? 'unknown', threads: history.threads };
        const files = await stageArtifacts(ctx.out, ctx.signal, (dir) => writeSaeFiles(sae, dir, liveness.featureFrequency, provenance));
        ctx.log.info('SAE training complete. Weights saved.');
        const outcome = { architecture, history, metrics, liveness, dIn: acts.width, trainRows: train.rows, backend: provenance.backend };
        return { files, result: summarizeSaeTraining(ctx.config, outcome) };
      } finally {
        sae.dispose();
      }
    },
  });
}

/**
 * The SAE step of a sweep (`"sae": [...]`): every SAE trains on one read of each batch (trainSaes), the primary
 * first, so it trains bit-identically to a run with that entry alone and is written as that run writes it;
 * the others go to `sae_<i>/` (SAELens layout), with sweep_summary.json and sweep_pareto.svg.
 */
async function trainSweep(ctx: PipelineContext, acts: ActivationRows, train: ActivationRows, heldOut: ActivationRows): Promise<StepOutput<TrainSaeStepResult>> {
  const sweep = ctx.config.sweep!;
  const order = [sweep.primary, ...sweep.saes.keys()].filter((i, j) => j === 0 || i !== sweep.primary);
  const entries = order.map((i) => buildTrainSaeOptions({ ...ctx.config, sae: sweep.saes[i]! }));
  ctx.log.info(`SAE sweep: ${entries.length} SAEs on one read of each batch; SAE ${sweep.primary} is the run's SAE (primarySae)`);
  const result = await trainSweepSaes(train, entries, { validation: heldOut, ...(ctx.signal ? { signal: ctx.signal } : {}) }, { source: 'config field sae', quiet: ctx.quiet, log: ctx.log, order });
  try {
    const { sae, history } = result.saes[0]!;
    ctx.log.info(`SAE sweep trained on ${history.threads} thread(s)${history.threadsNote ? ` (${history.threadsNote})` : ''}: ${result.batchesRead} batches, ${result.seconds.toFixed(1)} s`);
    const allRows = { data: acts.data, rows: acts.rows, width: acts.width };
    const metrics = await evaluateSae(sae, heldOut);
    const provenance = { seed: ctx.config.seed, backend: ctx.backend?.description ?? 'unknown', threads: history.threads };
    const { files: others, rows, liveness: livenesses } = await serializeSweepSaes(result, { allRows, provenance: { seed: provenance.seed, backend: provenance.backend }, order, skip: sweep.primary });
    const liveness = livenesses[0]!; // the primary trained first
    // Wall times differ from run to run: left out when SOURCE_DATE_EPOCH asks for reproducible files.
    const timing = ctx.sourceDate ? {} : { seconds: result.seconds };
    const summaryFiles = renderSweepSummaryFiles({ provenance: { seed: provenance.seed, backend: provenance.backend }, batchesRead: result.batchesRead, ...timing, primary: sweep.primary, rows });
    const files = await stageArtifacts(ctx.out, ctx.signal, async (dir) => {
      const names = await writeSaeFiles(sae, dir, liveness.featureFrequency, provenance);
      for (const [path, content] of [...others, ...summaryFiles]) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), content);
        names[path === SWEEP_SUMMARY_FILE ? 'sweepSummary' : path === SWEEP_PARETO_FILE ? 'sweepPareto' : path] = path;
      }
      return names;
    });
    for (const r of rows) {
      ctx.log.info(`SAE ${r.index} ${r.label}: FVE ${r.fve.toFixed(4)}, L0 ${r.l0.toFixed(1)}, dead ${(r.deadFraction * 100).toFixed(1)}% -> ${r.folder === '.' ? `${ctx.out} (the run's SAE)` : join(ctx.out, r.folder)}`);
    }
    ctx.log.info('SAE training complete. Weights saved.');
    const architecture = selectSaeArchitecture(ctx.config.sae);
    const outcome = { architecture, history, metrics, liveness, dIn: acts.width, trainRows: train.rows, backend: provenance.backend };
    return { files, result: { ...summarizeSaeTraining(ctx.config, outcome), sweep: { rows, chosen: sweep.primary, batchesRead: result.batchesRead, ...timing } } };
  } finally {
    for (const s of result.saes) s.sae.dispose();
  }
}

/** Loads the SAE a previous train-sae step saved. */
export function loadTrainedSae(ctx: PipelineContext): Promise<Sae> {
  return loadSae(ctx.out);
}
