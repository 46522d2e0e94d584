/**
 * Browser-safe entry point of `@interp/models`.
 *
 * @module @interp/models
 */
export { createMlp, isMlp, mlpHookPoints, DEFAULT_HOOK_POINT } from './createMlp';
export { createMlpKernelForward, mlpKernelForwardSupport } from './createMlpKernelForward';
export type { MlpKernelForward } from './createMlpKernelForward';
export { MLP_WEIGHTS_FILE, MLP_CONFIG_FILE } from './mlpFileNames';
export type { Mlp, HookFn, ForwardOptions, CreateMlpOptions, MlpHookPoint } from './createMlp';
export { defaultMlpConfig, resolveMlpConfig } from './mlpConfig';
export type { MlpConfig, HiddenActivation, BottleneckActivation } from './mlpConfig';
export { hashMlpConfig } from './hashMlpConfig';
export { getMlpWeightShapes, checkMlpWeights, mlpWeightNames } from './mlpWeights';
export type { MlpWeight, MlpWeights, MlpWeightName } from './mlpWeights';
export { checkMlpData } from './mlpData';
export type { MlpData } from './mlpData';
export { predictMlp, evaluateMlp } from './evaluateMlp';
export type { MlpEvaluation } from './evaluateMlp';
export { trainMlp } from './trainMlp';
export type {
  TrainMlpOptions,
  TrainMlpData,
  MlpTrainingProgress,
  MlpTrainingHistory,
  MlpEpochRecord,
  TrainProgress,
  TrainHistory,
  EpochRecord,
} from './trainMlp';
export { learningRateAt } from './learningRate';
export type { LearningRateSchedule } from './learningRate';
export { mlpToSafetensors, mlpFromSafetensors, MLP_SAFETENSORS_FORMAT } from './mlpSafetensors';
export { referenceTrainingPreset } from './referenceTrainingPreset';
export type { TrainingPreset } from './referenceTrainingPreset';
