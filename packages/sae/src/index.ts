/**
 * Browser-safe entry point of `@interp/sae`.
 *
 * @module @interp/sae
 */
export { trainSae } from './trainSae';
export type {
  TrainSaeOptions,
  SaeTrainingHistory,
  SaeTrainingProgress,
  SaeStepRecord,
  SaeEvaluationRecord,
} from './trainSae';
export { trainSaes } from './trainSaes';
export type { SaeSweepEntry, SaeSweepProgress, SaeSweepRow, SweepSae, TrainSaesSharedOptions } from './trainSaes';
export { evaluateSae, computeDensityHistogram } from './evaluateSae';
export type { SaeMetrics, FeatureDensityHistogram } from './evaluateSae';
export { mergeFeatureFrequencies } from './mergeFeatureFrequencies';
export type { SaeLiveness } from './mergeFeatureFrequencies';
export { createSae, validateSaeConfig } from './Sae';
export { assertBackend } from './assertBackend';
export type { Sae } from './Sae';
export type { SaeConfig, SaeWeights, SaeActivation, SaeArchitectureName, SaeNormalization } from './SaeConfig';
export { SAE_NORMALIZATIONS } from './SaeConfig';
export { saeArchitectures } from './saeArchitectures';
export type {
  SaeArchitectureOptions,
  TopKArchitectureOptions,
  ReluArchitectureOptions,
  BatchTopKArchitectureOptions,
  MatryoshkaArchitectureOptions,
  JumpReluArchitectureOptions,
  GatedArchitectureOptions,
  SaeArchitectureDefinition,
  ResolvedArchitecture,
} from './saeArchitectures';
export { toActivationSource } from './toActivationSource';
export type { SaeInput, ActivationMatrix, ActivationBatch, ActivationSource } from './toActivationSource';
export { computeGeometricMedian } from './computeGeometricMedian';
export { createRandom } from './createRandom';
export type { Random, RandomState } from './createRandom';
export type { SaeCheckpoint } from './SaeCheckpoint';
export { serializeSae, createSaeCfg, SAELENS_FORMAT_VERSION } from './serializeSae';
export { saeFileNames } from './saeFileNames';
export type { SaeFiles } from './serializeSae';
export { deserializeSae } from './deserializeSae';
export type { SaeFolderFiles } from './deserializeSae';
export { resolveThreads, countCores } from '@interp/kernels';
export { createThreadedEncoder } from './createThreadedEncoder';
export type { ThreadedEncoder } from './createThreadedEncoder';
export type { ThreadSupport } from '@interp/kernels';
export { toSparseFeatures, toDenseFeatures } from './SparseFeatures';
export type { SparseFeatures } from './SparseFeatures';
