import { checkEnum, checkInteger, checkKnownKeys, checkNumber } from '@interp/core';
import { saeArchitectures, type ResolvedArchitecture, type SaeArchitectureDefinition, type SaeArchitectureOptions } from './saeArchitectures';
import type { SaeArchitectureName } from './SaeConfig';
import type { TrainSaeOptions } from './TrainSaeOptions';

/** The keys of {@link TrainSaeOptions}: anything else is rejected (a misspelt option must not be ignored). */
export const TRAIN_SAE_OPTION_KEYS: readonly (keyof TrainSaeOptions)[] = [
  'dSae', 'architecture', 'epochs', 'batchSize', 'learningRate', 'lrWarmupFraction', 'lrDecayFraction', 'beta1', 'beta2',
  'epsilon', 'bDecInit', 'decoderInit', 'sampleRows', 'validation', 'evaluateEvery', 'evaluateEverySteps', 'logEvery',
  'deadWindowRows', 'reviveAfterRows', 'shuffleBufferRows', 'seed', 'signal', 'onProgress', 'kernels', 'threads', 'adaptThreads', 'modelName',
  'hookName', 'normalizeActivations', 'checkpointEvery', 'onCheckpoint', 'resumeFrom',
];

/** Every option of {@link trainSae} checked and with its default filled in (for `dIn` inputs and `trainRows` training rows). */
export interface ResolvedSaeTraining {
  dSae: number;
  definition: SaeArchitectureDefinition;
  arch: ResolvedArchitecture;
  epochs: number;
  batchSize: number;
  learningRate: number;
  lrWarmupFraction: number;
  lrDecayFraction: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  bDecInit: 'geometric-median' | 'mean' | 'zeros';
  decoderInit: 'data' | 'random';
  logEvery: number;
  stepsPerEpoch: number;
  totalSteps: number;
  /** Epochs between evaluations. */
  evaluateEvery: number;
  /** Steps between extra evaluations, 0 when off. */
  evaluateEverySteps: number;
  deadWindowRows: number;
  reviveAfterRows: number;
  shuffleBufferRows: number;
  kernels: 'auto' | 'js';
  normalizeActivations: 'none' | 'expected_average_only_in';
}

/** Checks the options of {@link trainSae} (naming the option and its range) and fills in the defaults. */
export function resolveSaeTrainingOptions(options: TrainSaeOptions, dIn: number, trainRows: number): ResolvedSaeTraining {
  checkKnownKeys(options, 'trainSae: options', TRAIN_SAE_OPTION_KEYS);
  const int = (name: string, v: unknown, min: number) => checkInteger(v, `trainSae: options.${name}`, { min });
  const fraction = (name: string, v: unknown) => checkNumber(v, `trainSae: options.${name}`, { min: 0, max: 1 });
  const beta = (name: string, v: unknown) => checkNumber(v, `trainSae: options.${name}`, { min: 0, max: 1, exclusiveMax: true });
  const positive = (name: string, v: unknown) => checkNumber(v, `trainSae: options.${name}`, { min: 0, exclusiveMin: true });
  const dSae = int('dSae', options.dSae ?? 4 * dIn, 1);
  const archOpt: Partial<SaeArchitectureOptions> =
    typeof options.architecture === 'string' ? ({ type: options.architecture } as Partial<SaeArchitectureOptions>) : (options.architecture ?? { type: 'topk' });
  const archName = checkEnum(archOpt.type ?? 'topk', 'trainSae: options.architecture', Object.keys(saeArchitectures) as SaeArchitectureName[]);
  const definition = saeArchitectures[archName];
  if (typeof options.architecture === 'object' && options.architecture !== null) {
    checkKnownKeys(options.architecture, 'trainSae: options.architecture', ['type', ...definition.optionKeys]);
  }
  const arch = definition.resolve(archOpt, dSae, 'trainSae: options.architecture');
  const epochs = int('epochs', options.epochs ?? 30, 1);
  const batchSize = int('batchSize', options.batchSize ?? definition.defaultBatchSize, 1);
  const learningRate = positive('learningRate', options.learningRate ?? definition.defaultLearningRate);
  const lrWarmupFraction = fraction('lrWarmupFraction', options.lrWarmupFraction ?? 0.02);
  const lrDecayFraction = fraction('lrDecayFraction', options.lrDecayFraction ?? 0.2);
  const beta1 = beta('beta1', options.beta1 ?? 0.9);
  const beta2 = beta('beta2', options.beta2 ?? 0.999);
  const epsilon = positive('epsilon', options.epsilon ?? 1e-8);
  const bDecInit = checkEnum(options.bDecInit ?? 'geometric-median', 'trainSae: options.bDecInit', ['geometric-median', 'mean', 'zeros']);
  const decoderInit = checkEnum(options.decoderInit ?? 'data', 'trainSae: options.decoderInit', ['data', 'random']);
  const logEvery = int('logEvery', options.logEvery ?? 10, 1);
  const stepsPerEpoch = Math.ceil(trainRows / batchSize);
  const totalSteps = stepsPerEpoch * epochs;
  const evaluateEvery = int('evaluateEvery', options.evaluateEvery ?? 1, 1);
  const evaluateEverySteps = options.evaluateEverySteps === undefined ? 0 : int('evaluateEverySteps', options.evaluateEverySteps, 1);
  const deadWindowRows = int('deadWindowRows', options.deadWindowRows ?? trainRows, 1);
  const reviveAfterRows = int('reviveAfterRows', options.reviveAfterRows ?? Math.max(1, Math.round(deadWindowRows / 8)), 1);
  const shuffleBufferRows = int('shuffleBufferRows', options.shuffleBufferRows ?? 16384, batchSize);
  const kernels = checkEnum(options.kernels ?? 'auto', 'trainSae: options.kernels', ['auto', 'js']);
  const normalizeActivations = checkEnum(options.normalizeActivations ?? 'none', 'trainSae: options.normalizeActivations', ['none', 'expected_average_only_in']);
  return {
    dSae, definition, arch, epochs, batchSize, learningRate, lrWarmupFraction, lrDecayFraction, beta1, beta2, epsilon,
    bDecInit, decoderInit, logEvery, stepsPerEpoch, totalSteps, evaluateEvery,
    evaluateEverySteps, deadWindowRows, reviveAfterRows, shuffleBufferRows, kernels, normalizeActivations,
  };
}

/** The learning rate of a step: linear warm-up, constant, linear decay to 0 over the last `lrDecayFraction`. */
export function learningRateAtStep(o: ResolvedSaeTraining, step: number): number {
  const warmSteps = o.lrWarmupFraction * o.totalSteps;
  const decayStart = (1 - o.lrDecayFraction) * o.totalSteps;
  let f = warmSteps > 0 ? Math.min(1, (step + 1) / warmSteps) : 1;
  if (o.lrDecayFraction > 0 && step >= decayStart) f *= Math.max(0, (o.totalSteps - step) / (o.totalSteps - decayStart));
  return o.learningRate * f;
}
