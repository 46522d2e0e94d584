import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readActivations } from '@interp/harvest/node';
import { buildTrainSaeOptions, selectSaeArchitecture, splitHeldOutRows, summarizeSaeTraining, type TrainSaeResult } from '@interp/pipeline';
import { evaluateSae, saeFileNames, serializeSae, trainSae, type Sae } from '@interp/sae';
import { loadSae } from '@interp/sae/node';
import { createProgress } from '../createProgress';
import { checkActivationScale } from '../checkActivationScale';
import { hashValue } from '../hashValue';
import type { PipelineContext } from '../pipelineContext';
import { runCachedStep, type StepRecord } from '../runCachedStep';
import { stageArtifacts } from '../stageArtifacts';
import { stepCacheOptions } from '../stepCacheOptions';
import { ACTIVATIONS_FILE } from './harvestStep';

/** Result of the train-sae step (declared in @interp/pipeline, the lab's record too). */
export type { TrainSaeResult };

/**
 * Cache key of the train-sae step: the harvest's key and only the options that change the SAE
 * (the selected architecture's own parameters, not another architecture's).
 */
export function getTrainSaeKey(ctx: PipelineContext, harvestKey: string): string {
  const { dSae, epochs, batchSize, learningRate, evalRows } = ctx.config.sae;
  const architecture = selectSaeArchitecture(ctx.config.sae);
  return hashValue({ step: 'train-sae', harvestKey, seed: ctx.config.seed, sae: { architecture, dSae, epochs, batchSize, learningRate, evalRows } });
}

/** File names of the SAE set (the SAELens layout). */
export const SAE_FILES = { saeWeights: saeFileNames.weights, saeConfig: saeFileNames.config, saeSparsity: saeFileNames.sparsity } as const;

/**
 * Writes the SAE's files into `dir` with the run's provenance (`interp.provenance` in cfg.json: seed,
 * backend, threads); returns their names.
 */
async function writeSaeFiles(sae: Sae, dir: string, featureFrequency: Float32Array, provenance: Record<string, unknown>): Promise<Record<string, string>> {
  const files = serializeSae(sae, { featureFrequency });
  const cfgText = files[saeFileNames.config];
  const cfg = JSON.parse(typeof cfgText === 'string' ? cfgText : new TextDecoder().decode(cfgText)) as {
    interp?: Record<string, unknown>;
  };
  cfg.interp = { ...cfg.interp, provenance };
  const contents: Record<string, string | Uint8Array | undefined> = { ...files, [saeFileNames.config]: `${JSON.stringify(cfg, null, 2)}\n` };
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
 * Step 5/7: trains the SAE on the harvested activations, holding out the last
 * `sae.evalRows` rows for evaluation, and saves it in the SAELens layout.
 */
export async function runTrainSae(
  ctx: PipelineContext,
  harvestKey: string,
): Promise<StepRecord<TrainSaeResult> & { cached: boolean }> {
  const cfg = ctx.config.sae;
  return runCachedStep<TrainSaeResult>({
    ...stepCacheOptions(ctx),
    step: 'train-sae',
    key: getTrainSaeKey(ctx, harvestKey),
    run: async () => {
      const actsPath = join(ctx.out, ACTIVATIONS_FILE);
      const acts = await readActivations(actsPath);
      ctx.log.info(`Loaded activations: [${acts.rows}, ${acts.width}]`);
      checkActivationScale(acts, actsPath);
      const { train, heldOut } = splitHeldOutRows(acts, cfg.evalRows);
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
        const metrics = await evaluateSae(sae, heldOut);
        const liveness = await evaluateSae(sae, { data: acts.data, rows: acts.rows, width: acts.width });
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

/** Loads the SAE a previous train-sae step saved. */
export function loadTrainedSae(ctx: PipelineContext): Promise<Sae> {
  return loadSae(ctx.out);
}
