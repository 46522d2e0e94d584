import { generateSplits } from '@interp/dataset';
import { harvestActivations } from '@interp/harvest';
import { evaluateMlp, mlpToSafetensors, trainMlp } from '@interp/models';
import {
  buildMlpTrainingSet,
  buildTrainMlpOptions,
  buildTrainSaeOptions,
  referenceProbeRows,
  runProbeStages,
  selectSaeArchitecture,
  splitHeldOutRows,
  summarizeMlpTraining,
  summarizeProbe,
  summarizeSaeTraining,
  type ProbeStepResult,
  type TrainMlpResult,
  type TrainSaeResult,
} from '@interp/pipeline';
import { probeInputs, type CircuitTrace, type FeatureSummary, type ProbeResult, type SpliceTestResult } from '@interp/probe';
import { evaluateSae, serializeSae, trainSae, type FeatureDensityHistogram } from '@interp/sae';
import { buildLabFigures } from './buildLabFigures';
import type { LabConfig } from './labConfig';

/** The steps of a lab run, in order (the CLI's steps 2-6). */
export const labSteps = ['generate', 'train-mlp', 'harvest', 'train-sae', 'probe'] as const;

/** One of {@link labSteps}. */
export type LabStep = (typeof labSteps)[number];

/** What the pipeline reports while it runs. */
export type LabEvent =
  | { kind: 'step'; step: LabStep; done: number; total: number; detail?: string }
  | { kind: 'step-done'; step: LabStep; seconds: number }
  | { kind: 'mlp-epoch'; epoch: number; trainMse: number; valMse?: number }
  | { kind: 'sae-eval'; step: number; epoch: number; fve: number; l0: number; deadFraction: number }
  /** The threads a training step ran on (our @interp/kernels threads, not tfjs'), and why not more. */
  | { kind: 'threads'; step: 'train-mlp' | 'train-sae'; threads: number | null; note?: string };

/** The figures of a run: what `interp run` prints in its summary. */
export interface LabFigures {
  mlpTestMse: number;
  mlpTestExact: number;
  mlpBestValMse: number;
  saeFve: number;
  saeMse: number;
  saeL0: number;
  saeDeadFraction: number;
  saeDenseFraction: number;
  mseRecovered: number;
  monosemanticShare: number;
  monosemanticCount: number;
  scoredCount: number;
}

/** Everything a finished run hands to the page (plain data: it crosses the worker boundary). */
export interface LabRun {
  config: LabConfig;
  figures: LabFigures;
  /** Seconds per step. */
  timings: Partial<Record<LabStep, number>>;
  mlpCurve: Array<{ epoch: number; trainMse: number; valMse?: number }>;
  saeCurve: Array<{ step: number; fve: number; l0: number; deadFraction: number }>;
  densityHistogram: FeatureDensityHistogram;
  /** `mlp_weights.safetensors` bytes (weights, config and hash in the metadata). */
  mlpWeights: Uint8Array;
  /** The SAE in the SAELens layout. */
  saeFiles: { 'sae_weights.safetensors': Uint8Array; 'cfg.json': string; 'sparsity.safetensors'?: Uint8Array };
  features: FeatureSummary[];
  trace: CircuitTrace;
  splice: SpliceTestResult;
  labellingConcepts: string[];
  /** Each step's result in the shape of the CLI's step records (`.interp/<step>.json`). */
  results: {
    generate: { rows: { train: number; val: number; test: number }; seed: number };
    'train-mlp': TrainMlpResult;
    'train-sae': TrainSaeResult;
    probe: ProbeStepResult;
  };
  /** The reference run's five probe rows, probed (what `probe_results.json` lists first). */
  probes: ProbeResult[];
  /** The test split (inputs and targets) for the page's splice test of an edited SAE. */
  test: { rows: number; inputs: Float32Array; targets: Float32Array };
}

const yieldNow = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Runs the pipeline of `interp run` (generate, train the MLP, harvest, train the SAE, probe) in memory
 * with the same library calls, seeds and options, so that the same configuration gives the same
 * figures; browser-safe (the lab runs it in a Web Worker).
 *
 * @example
 * ```ts
 * const run = await runLabPipeline(labPresets.tiny, (e) => console.log(e), 'wasm');
 * console.log(run.figures.saeFve);
 * ```
 */
export async function runLabPipeline(config: LabConfig, onEvent: (event: LabEvent) => void = () => {}, backend = 'unknown'): Promise<LabRun> {
  const timings: Partial<Record<LabStep, number>> = {};
  const timed = async <T>(step: LabStep, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const out = await work();
    timings[step] = (performance.now() - started) / 1000;
    onEvent({ kind: 'step-done', step, seconds: timings[step] ?? 0 });
    return out;
  };
  const { seed } = config;
  const hook = config.harvest.hook;

  const splits = await timed('generate', async () => {
    onEvent({ kind: 'step', step: 'generate', done: 0, total: 1 });
    const s = generateSplits({ seed, train: config.data.train, val: config.data.val, test: config.data.test });
    onEvent({ kind: 'step', step: 'generate', done: 1, total: 1 });
    return s;
  });
  const { train, val, test } = splits;

  const mlpCurve: LabRun['mlpCurve'] = [];
  const { model, evaluation, history, mlpResult } = await timed('train-mlp', async () => {
    const set = buildMlpTrainingSet(config, splits);
    const trained = await trainMlp(
      { train: { inputs: set.inputs, targets: set.targets, rows: set.rows }, val: { inputs: val.inputs, targets: val.targets, rows: val.rows } },
      {
        ...buildTrainMlpOptions(config),
        onProgress: (p) => {
          const detail = `epoch ${p.epoch}/${p.epochs}${p.valMse === undefined ? '' : ` val MSE ${p.valMse.toFixed(4)}`}`;
          onEvent({ kind: 'step', step: 'train-mlp', done: (p.epoch - 1) * p.steps + p.step, total: p.epochs * p.steps, detail });
          if (p.step === p.steps) {
            const point = { epoch: p.epoch, trainMse: p.trainMse, ...(p.valMse === undefined ? {} : { valMse: p.valMse }) };
            mlpCurve.push(point);
            onEvent({ kind: 'mlp-epoch', ...point });
          }
        },
      },
    );
    const ev = evaluateMlp(trained.model, { inputs: test.inputs, targets: test.targets, rows: test.rows });
    return { model: trained.model, evaluation: ev, history: trained.history, mlpResult: summarizeMlpTraining(trained.history, ev, set.rows) };
  });
  // the recorded curve is the trainer's own history (the progress callback may skip epochs)
  const curve = mlpResult.curve;
  onEvent({ kind: 'threads', step: 'train-mlp', threads: mlpResult.threads, ...(mlpResult.threadsNote === undefined ? {} : { note: mlpResult.threadsNote }) });

  try {
    const acts = await timed('harvest', async () => {
      return harvestActivations(model, train, {
        hook,
        batchSize: config.harvest.batchSize,
        onProgress: (p) => onEvent({ kind: 'step', step: 'harvest', done: p.rowsDone, total: train.rows }),
      });
    });

    const cfg = config.sae;
    const saeCurve: LabRun['saeCurve'] = [];
    const trained = await timed('train-sae', async () => {
      const { train: trainPart, heldOut } = splitHeldOutRows(acts, cfg.evalRows);
      // the CLI's options: k is TopK's k or the target L0 of the architectures with a sparsity coefficient
      const { sae, history: saeHistory } = await trainSae(trainPart, {
        ...buildTrainSaeOptions(config),
        validation: heldOut,
        onProgress: async (p) => {
          onEvent({ kind: 'step', step: 'train-sae', done: p.step, total: p.totalSteps, detail: `loss ${p.last.loss.toFixed(4)} L0 ${p.last.l0.toFixed(1)}` });
          const e = p.evaluation;
          if (e) {
            const point = { step: e.step, epoch: e.epoch, fve: e.metrics.fve, l0: e.metrics.l0, deadFraction: e.deadFractionWindow };
            saeCurve.push({ step: point.step, fve: point.fve, l0: point.l0, deadFraction: point.deadFraction });
            onEvent({ kind: 'sae-eval', ...point });
            await yieldNow();
          }
        },
      });
      // on the trainer's threads, as the CLI's SAE step (TopK on wasm: its kernels, the same numbers as the SAE's
      // own encode and decode)
      const threads = { threads: saeHistory.threads };
      const metrics = await evaluateSae(sae, heldOut, threads);
      const liveness = await evaluateSae(sae, { data: acts.data, rows: acts.rows, width: acts.width }, threads);
      const outcome = { architecture: selectSaeArchitecture(cfg), history: saeHistory, metrics, liveness, dIn: acts.width, trainRows: trainPart.rows, backend };
      return { sae, metrics, liveness, saeResult: summarizeSaeTraining(config, outcome) };
    });
    const { sae, metrics, liveness, saeResult } = trained;
    onEvent({ kind: 'threads', step: 'train-sae', threads: saeResult.threads, ...(saeResult.threadsNote === undefined ? {} : { note: saeResult.threadsNote }) });

    try {
      const probe = await timed('probe', async () => {
        const stages = await runProbeStages(model, sae, train, test, hook, async (done, detail) => {
          onEvent({ kind: 'step', step: 'probe', done, total: 5, detail });
          await yieldNow();
        });
        onEvent({ kind: 'step', step: 'probe', done: 5, total: 5, detail: 'done' });
        return stages;
      });
      const probes = probeInputs(model, sae, referenceProbeRows, { hook, topK: 5 });
      const probeSummary = summarizeProbe(probe, probes);
      const saeFiles = serializeSae(sae, { featureFrequency: liveness.featureFrequency });
      return {
        config,
        figures: buildLabFigures({ mlp: evaluation, mlpBestValMse: history.bestValMse, sae: metrics, liveness, probe }),
        timings,
        mlpCurve: curve,
        saeCurve,
        densityHistogram: liveness.densityHistogram,
        mlpWeights: mlpToSafetensors(model),
        saeFiles,
        features: probe.features,
        trace: probe.trace,
        splice: probe.splice,
        labellingConcepts: probe.scores.labellingSingles,
        probes,
        results: {
          generate: { rows: { train: config.data.train, val: config.data.val, test: config.data.test }, seed },
          'train-mlp': mlpResult,
          'train-sae': saeResult,
          probe: probeSummary.result,
        },
        test: { rows: test.rows, inputs: test.inputs, targets: test.targets },
      };
    } finally {
      sae.dispose();
    }
  } finally {
    model.dispose();
  }
}
