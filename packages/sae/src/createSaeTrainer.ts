import * as tf from '@tensorflow/tfjs-core';
import { checkInteger, throwIfAborted } from '@interp/core';
import { applyAdamUpdate } from './applyAdamUpdate';
import { buildSaeFromState } from './buildSaeFromState';
import { createParallelTopKTrainer, type ParallelTopKTrainer } from './createParallelTopKTrainer';
import { createRandom, type Random } from './createRandom';
import { checkCheckpointFingerprint, type SaeCheckpoint } from './SaeCheckpoint';
import { createThreadChooser, resolveThreads, type ThreadChooser } from '@interp/kernels';
import { createTrainingState } from './createTrainingState';
import { initialiseSaeParameters } from './initialiseSaeParameters';
import { measureHeldOut, measureHeldOutOnThreads, measureTrainRows, measureTrainRowsOnThreads } from './measureSaeTraining';
import { resampleDeadFeatures } from './resampleDeadFeatures';
import { learningRateAtStep, resolveSaeTrainingOptions, type ResolvedSaeTraining } from './resolveSaeTrainingOptions';
import { reviveSilentFeatures } from './reviveSilentFeatures';
import { computeActivationScale, foldActivationScale, scaleActivations, scaleSplit } from './scaleActivations';
import { createSaeStep } from './createSaeStep';
import type { StepStats } from './runTopKStep';
import type { Sae } from './Sae';
import { asSparseArchitecture } from './saeArchitectures';
import type { SaeConfig } from './SaeConfig';
import type { SaeEvaluationRecord, SaeStepRecord, SaeTrainingHistory } from './SaeTrainingHistory';
import type { SaeInputSplit } from './splitSaeInput';
import type { ActivationMatrix, ActivationSource } from './toActivationSource';
import type { TrainSaeOptions } from './TrainSaeOptions';

/** Fails before training when the evaluation rows cannot give an FVE (fewer than 2 rows, or zero variance). */
function checkMeasurable(rows: ActivationMatrix, what: string): void {
  if (rows.rows < 2) {
    throw new Error(`trainSae: ${what} hold ${rows.rows} row(s); measuring the fraction of variance explained needs at least 2 (pass more rows or another options.validation)`);
  }
  const w = rows.width;
  const first = rows.data.subarray(0, w);
  for (let i = w; i < rows.rows * w; i++) if (rows.data[i] !== first[i % w]) return;
  throw new Error(`trainSae: ${what} are all the same row (e.g. all-zero data): zero variance, so there is nothing to explain`);
}

/** The input of {@link createSaeTrainer}: what the caller read and split once (shared by the SAEs of a sweep). */
export interface SaeTrainerInput {
  source: ActivationSource;
  split: SaeInputSplit;
  /** The checked `options.seed`. */
  seed: number;
  /** The checked `options.sampleRows`. */
  sampleRows: number;
  /** The seed's stream after the split: init and resampling draw from it (and the caller's batch shuffles, in `trainSae`). */
  rng: Random;
}

/**
 * One SAE being trained, step by step, on batches its caller writes into `heap` at `batchOffset`
 * (`trainSae` drives one, `trainSaes` several on the same batches).
 *
 * @internal
 */
export interface SaeTrainer {
  readonly o: ResolvedSaeTraining;
  /** The stream this SAE draws from; a resumed run's continues the checkpoint's. */
  readonly rng: Random;
  readonly heap: Float32Array;
  /** Offset (floats) of the batch block `[batchSize, dIn]` in `heap`. */
  readonly batchOffset: number;
  /** Epoch and batch to start at (1 and 0, or where a checkpoint left off). */
  readonly startEpoch: number;
  readonly startBatch: number;
  /** Call before the first batch of an epoch, with the batches of that epoch already done (resume). */
  beginEpoch(startBatch: number): void;
  /** One step on the `rows` raw rows at `heap[batchOffset]`. */
  step(rows: number, epoch: number): Promise<void>;
  /** Training-row metrics and the SAE, after the last step. */
  finish(): Promise<{ sae: Sae; history: SaeTrainingHistory }>;
  dispose(): void;
}

/**
 * Checks and resolves `options` for the split input, allocates and initialises the SAE (or loads
 * `options.resumeFrom`) and returns its step-by-step trainer. Error messages start with `trainSae:`.
 *
 * @internal
 */
export async function createSaeTrainer(options: TrainSaeOptions, input: SaeTrainerInput): Promise<SaeTrainer> {
  const { source, split, seed, sampleRows } = input;
  const { dIn, trainRows, sample, validation } = split;
  const o = resolveSaeTrainingOptions(options, dIn, trainRows);
  checkMeasurable(validation ?? { ...sample, rows: Math.min(sample.rows, 1024) }, validation ? 'the held-out rows (options.validation)' : 'the training rows');
  const { dSae, arch, definition, epochs, batchSize, totalSteps, stepsPerEpoch, deadWindowRows } = o;
  // expected_average_only_in: batches, sample and held-out rows scaled by s while training, s folded in at the end
  const scale = o.normalizeActivations === 'expected_average_only_in' ? computeActivationScale(dIn, split.meanNorm) : 1;
  const work = scale === 1 ? split : scaleSplit(split, scale);
  const signal = options.signal;
  throwIfAborted(signal, 'trainSae');
  const resume = options.resumeFrom;
  const fingerprint: Record<string, unknown> = {
    input: source.kind, dIn, trainRows, validationRows: validation?.rows ?? 0, sampleRows, seed, dSae, architecture: arch, epochs, batchSize,
    learningRate: o.learningRate, lrWarmupFraction: o.lrWarmupFraction, lrDecayFraction: o.lrDecayFraction, beta1: o.beta1,
    beta2: o.beta2, epsilon: o.epsilon, bDecInit: o.bDecInit, decoderInit: o.decoderInit, logEvery: o.logEvery,
    evaluateEvery: o.evaluateEvery, evaluateEverySteps: o.evaluateEverySteps, deadWindowRows, reviveAfterRows: o.reviveAfterRows,
    shuffleBufferRows: o.shuffleBufferRows, normalizeActivations: o.normalizeActivations, backend: tf.getBackend(),
  };
  if (resume) checkCheckpointFingerprint(resume, fingerprint);
  // the split drew from the seed's stream; a resumed run continues the stream where the checkpoint left it
  const rng = resume ? createRandom(seed, resume.random) : input.rng;
  const checkpointEvery = options.checkpointEvery === undefined ? 0 : checkInteger(options.checkpointEvery, 'trainSae: options.checkpointEvery', { min: 1 });
  // steps whose own state is not checkpointed yet: JumpReLU and gated, and the targetL0 controller
  const resumable = ['topk', 'batchtopk', 'matryoshka', 'relu'].includes(arch.type) && !('targetL0' in arch && arch.targetL0 !== null);
  if ((checkpointEvery > 0 || resume) && !resumable) {
    throw new Error(`trainSae: checkpoints and options.resumeFrom support topk, batchtopk, matryoshka and relu with a fixed l1Coefficient (no targetL0) so far, got ${arch.type}${'targetL0' in arch && arch.targetL0 !== null ? ' with targetL0' : ''}`);
  }
  if (checkpointEvery > 0 && !options.onCheckpoint) {
    throw new Error('trainSae: options.checkpointEvery needs options.onCheckpoint (e.g. writeSaeCheckpoint of @interp/sae/node)');
  }

  const config: SaeConfig = {
    dIn,
    dSae,
    activation: definition.activation(arch),
    applyBDecToInput: true,
    ...(options.modelName !== undefined ? { modelName: options.modelName } : {}),
    ...(options.hookName !== undefined ? { hookName: options.hookName } : {}),
    ...(scale !== 1 ? { metadata: { activation_norm_scaling_factor: scale } } : {}),
  };

  const threadSupport = resolveThreads(options.threads, 'trainSae: options.threads');
  const adaptThreads = options.adaptThreads ?? true;
  if (typeof adaptThreads !== 'boolean') throw new RangeError(`trainSae: options.adaptThreads must be true or false, got ${String(adaptThreads)}`);
  let threads = threadSupport.threads;
  let threadsNote = threadSupport.note;
  if (threads > 1 && (o.kernels !== 'auto' || arch.type !== 'topk')) {
    threadsNote = o.kernels !== 'auto' ? "options.kernels 'js' runs on 1 thread" : `${arch.type} training runs on 1 thread`;
    threads = 1;
  }
  const state = createTrainingState(dIn, dSae, batchSize, o.kernels, threads > 1, definition.extraPerFeature ?? 0);
  const { heap, layout: L, kernels } = state;
  const sparse = asSparseArchitecture(arch);
  const k = sparse ? sparse.k : 0;
  // a targetL0 run starts like TopK at its target: every feature firing on about targetL0/dSae of the sample's rows
  const initK = 'targetL0' in arch && arch.targetL0 !== null ? Math.max(1, Math.round(arch.targetL0)) : k;
  // the threaded step (its own wasm encoder product, same results as tfjs' wasm matMul): on more than one
  // thread, and on one thread where the backend is wasm (it skips the copies to and from tfjs)
  const topkArch = arch.type === 'topk' ? arch : undefined;
  const threadedStep = topkArch !== undefined && kernels.kind === 'wasm-simd' && (threads > 1 || tf.getBackend() === 'wasm');
  // the trainer's workers start while this thread initialises the decoder (they do not touch the heap until a phase
  // runs); the encoder's projections wait for them
  const starting: Promise<ParallelTopKTrainer> | undefined = threadedStep ? createParallelTopKTrainer(state, threads, topkArch.k, Math.min(topkArch.auxK, dSae)) : undefined;
  // (handled here, so that a start that fails while the decoder initialises is not an unhandled rejection; awaited below)
  starting?.catch(() => undefined);
  let parallel: ParallelTopKTrainer | undefined;
  let stepper: ReturnType<typeof createSaeStep>;
  try {
    // on wasm, the initial encoder's projections on the trainer's threads (bit for bit as tfjs' wasm matMul)
    const project = starting && tf.getBackend() === 'wasm' ? async (rows: Float32Array, n: number) => (await starting).projectDecoder(rows, n) : undefined;
    if (!resume) await initialiseSaeParameters(state, o.bDecInit, o.decoderInit, work.sample, rng, initK, arch.type === 'topk' ? 'aligned' : 'always', project);
    parallel = await starting;
    stepper = createSaeStep(state, arch, batchSize, work.sample, totalSteps);
    if (resume) loadCheckpoint(resume);
  } catch (error) {
    // the trainer may still be starting (or have failed to): dispose of it once it has started
    void starting?.then((started) => started.dispose(), () => undefined);
    throw error;
  }
  // on a busy machine 1 thread can beat all of them: the step and its update run on the faster (same floats on any count)
  const chooser: ThreadChooser | undefined = parallel && parallel.threads > 1 && adaptThreads ? createThreadChooser(parallel.threads, 1) : undefined;
  function loadCheckpoint(resume: SaeCheckpoint): void {
    const n = L.nParams;
    if (resume.parameters.length !== n || resume.adamM.length !== n || resume.adamV.length !== n || resume.lastFired.length !== dSae) {
      throw new Error(`trainSae: options.resumeFrom holds ${resume.parameters.length} parameters; this SAE has ${n}`);
    }
    heap.set(resume.parameters, 0);
    heap.set(resume.adamM, L.m);
    heap.set(resume.adamV, L.v);
    state.dead.set(resume.dead);
    state.nDead = resume.dead.length;
    if (resume.stepState) stepper.loadState?.(resume.stepState);
    if (split.trainIndex) {
      if (!resume.trainOrder || resume.trainOrder.length !== split.trainIndex.length) throw new Error('trainSae: options.resumeFrom has no row order for this in-memory input');
      split.trainIndex.set(resume.trainOrder);
    }
  }
  const resampleSteps = new Set(arch.resampleAtFractions.map((f) => Math.max(1, Math.round(f * totalSteps))));

  const history: SaeTrainingHistory = {
    architecture: arch,
    options: {
      dSae, epochs, batchSize, learningRate: o.learningRate, lrWarmupFraction: o.lrWarmupFraction,
      lrDecayFraction: o.lrDecayFraction, bDecInit: o.bDecInit, deadWindowRows, seed,
    },
    trainRows,
    validationRows: validation?.rows ?? 0,
    totalSteps,
    steps: [],
    evaluations: [],
    resamples: [],
    seconds: 0,
    rowsPerSecond: 0,
    stepSeconds: 0,
    kernels: kernels.kind,
    threads,
    ...(threadsNote !== undefined ? { threadsNote } : {}),
    backend: tf.getBackend(),
    ...(scale !== 1 ? { activationScale: scale } : {}),
  };
  const lastFired = resume ? Float64Array.from(resume.lastFired) : new Float64Array(dSae);
  if (resume) {
    history.steps.push(...structuredClone(resume.history.steps));
    history.evaluations.push(...structuredClone(resume.history.evaluations));
    history.resamples.push(...structuredClone(resume.history.resamples));
    history.stepSeconds = resume.history.stepSeconds;
  }
  const updateDead = (rowsSeen: number): number => {
    let n = 0;
    for (let j = 0; j < dSae; j++) if (rowsSeen - lastFired[j]! >= deadWindowRows) state.dead[n++] = j;
    state.nDead = n;
    return n;
  };

  const started = performance.now();
  let step = resume?.step ?? 0;
  let rowsSeen = resume?.rowsSeen ?? 0;
  let lastCheckpoint = step;
  let epochStart = 0;
  const capture = (epoch: number, batchInEpoch: number): SaeCheckpoint => ({
    format: 'interp-sae-checkpoint',
    version: 1,
    fingerprint,
    step,
    epoch,
    batchInEpoch,
    rowsSeen,
    random: rng.getState(),
    parameters: heap.slice(0, L.nParams),
    adamM: heap.slice(L.m, L.m + L.nParams),
    adamV: heap.slice(L.v, L.v + L.nParams),
    lastFired: lastFired.slice(),
    dead: state.dead.slice(0, state.nDead),
    ...(split.trainIndex ? { trainOrder: split.trainIndex.slice() } : {}),
    ...(stepper.saveState ? { stepState: stepper.saveState() } : {}),
    history: structuredClone({ steps: history.steps, evaluations: history.evaluations, resamples: history.resamples, stepSeconds: history.stepSeconds }),
  });
  // TopK measurements run on the threaded trainer's kernels where it runs (on one thread too): they equal the
  // SAE's own encode and decode bit for bit, without building an SAE and tfjs' copies each time
  const onThreads = (): ParallelTopKTrainer | undefined => (parallel && Object.keys(stepper.extraWeights()).length === 0 ? parallel : undefined);
  const evaluate = async (epoch: number): Promise<SaeEvaluationRecord> => {
    const pool = onThreads();
    const measured = pool ? await measureHeldOutOnThreads(state, pool, config, work) : measureHeldOut(state, config, work, stepper.extraWeights());
    const deadNow = rowsSeen >= deadWindowRows ? updateDead(rowsSeen) : 0;
    return {
      step,
      epoch,
      rowsSeen,
      seconds: (performance.now() - started) / 1000,
      split: measured.split,
      metrics: measured.metrics,
      deadFractionWindow: deadNow / dSae,
    };
  };


  const runStep = async (rows: number, epoch: number): Promise<void> => {
    if (scale !== 1) scaleActivations(heap, L.x, rows * dIn, scale);
    if (sparse && sparse.auxK > 0) updateDead(rowsSeen);
    const stepStarted = performance.now();
    state.fired.fill(0);
    const lr = learningRateAtStep(o, step);
    const l1 = stepper.coefficient(step);
    let stats: StepStats;
    const running = chooser?.next();
    if (topkArch && parallel) {
      // bias revival's silent features after this step are among those silent before it (as of the rows after
      // it): the threads find their largest pre-activations
      const silentMax = arch.biasRevival > 0;
      if (silentMax) {
        const after = rowsSeen + rows;
        for (let j = 0; j < dSae; j++) parallel.silent[j] = after - lastFired[j]! >= o.reviveAfterRows ? 1 : 0;
      }
      stats = await parallel.step(rows, topkArch.k, topkArch.auxK, topkArch.auxCoefficient, silentMax, running);
    } else stats = stepper.run(rows, step, l1);
    if (!Number.isFinite(stats.loss)) {
      throw new Error(`trainSae: the loss became ${stats.loss} at step ${step}; lower options.learningRate (now ${o.learningRate})`);
    }
    stepper.observe?.(stats.active / rows, step);
    rowsSeen += rows;
    for (let j = 0; j < dSae; j++) if (state.fired[j]) lastFired[j] = rowsSeen;
    step++;
    if (parallel) await parallel.update(lr, o.beta1, o.beta2, o.epsilon, step, running);
    else applyAdamUpdate(state, lr, o.beta1, o.beta2, o.epsilon, step);
    chooser?.record(performance.now() - stepStarted);
    if (arch.biasRevival > 0 && stats.threshold > 0) {
      reviveSilentFeatures(state, stats, rows, lastFired, rowsSeen, o.reviveAfterRows, arch.biasRevival, 0.5, stepper.revivalBiasOffset, stepper.revivalAlsoOffset);
    }
    history.stepSeconds += (performance.now() - stepStarted) / 1000;
    if (resampleSteps.has(step) && rowsSeen >= deadWindowRows) {
      const n = updateDead(rowsSeen);
      if (n > 0) {
        // a targetL0 architecture's new features start firing on about targetL0/dSae of the rows, as at initialisation
        resampleDeadFeatures(state, state.dead, n, work.sample, rng, k, { share: initK });
        stepper.resetFeatures?.(state.dead, n);
        for (let t = 0; t < n; t++) lastFired[state.dead[t]!] = rowsSeen;
        history.resamples.push({ step, features: n });
      }
    }
    const record: SaeStepRecord = {
      step,
      epoch,
      rowsSeen,
      loss: stats.loss,
      auxLoss: stats.auxLoss,
      sparsityLoss: stats.sparsityLoss,
      l0: stats.active / rows,
      learningRate: lr,
      l1Coefficient: l1,
      deadFeatures: state.nDead,
    };
    const logNow = step % o.logEvery === 0 || step === totalSteps;
    if (logNow) history.steps.push(record);
    if (step === totalSteps) stepper.finish?.(work.sample);
    const epochEnd = step - epochStart === stepsPerEpoch;
    let evaluation: SaeEvaluationRecord | undefined;
    if (
      (epochEnd && epoch % o.evaluateEvery === 0) ||
      (o.evaluateEverySteps > 0 && step % o.evaluateEverySteps === 0) ||
      step === totalSteps
    ) {
      evaluation = await evaluate(epoch);
      history.evaluations.push(evaluation);
    }
    if (options.onProgress && (logNow || evaluation)) {
      await options.onProgress({ step, totalSteps, epoch, epochs, rowsSeen, last: record, ...(evaluation ? { evaluation } : {}) });
    }
    // in-memory inputs: after any step; streams: at the end of an epoch (their shuffle buffer is empty then)
    if (options.onCheckpoint && checkpointEvery > 0 && step - lastCheckpoint >= checkpointEvery && step < totalSteps && (epochEnd || split.trainIndex)) {
      lastCheckpoint = step;
      await options.onCheckpoint(epochEnd ? capture(epoch + 1, 0) : capture(epoch, step - epochStart));
    }
  };

  return {
    o,
    rng,
    heap,
    batchOffset: L.x,
    startEpoch: resume?.epoch ?? 1,
    startBatch: resume ? resume.batchInEpoch : 0,
    beginEpoch: (startBatch) => {
      epochStart = step - startBatch;
    },
    step: runStep,
    finish: async () => {
      history.seconds = (performance.now() - started) / 1000;
      history.rowsPerSecond = rowsSeen / Math.max(history.seconds, 1e-9);
      if (chooser && chooser.stepsChosen(1) > 0) {
        const note =
          `${chooser.stepsOn(1)} of ${chooser.stepsOn(1) + chooser.stepsOn(history.threads)} steps ran on 1 thread, where ${history.threads} were slower (a busy machine; ` +
          `timed in blocks of 8 steps, ${chooser.switches} switch(es)); the weights are the same on any thread count`;
        history.threadsNote = history.threadsNote === undefined ? note : `${history.threadsNote}; ${note}`;
      }
      if (scale !== 1) foldActivationScale(state, scale); // from here on the heap's SAE takes raw rows
      // firing frequencies over the training rows (the sample rows for streams), kept with the SAE
      const extra = stepper.extraWeights();
      const pool = onThreads();
      history.trainMetrics = pool ? await measureTrainRowsOnThreads(state, pool, config, split) : measureTrainRows(state, config, split, extra);
      return { sae: buildSaeFromState(state, config, history.trainMetrics.featureFrequency, extra), history };
    },
    dispose: () => {
      parallel?.dispose();
      state.fired.fill(0);
    },
  };
}
