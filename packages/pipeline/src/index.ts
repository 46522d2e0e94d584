/**
 * The interp pipeline, declared once for the CLI (`interp run`) and the browser lab: presets, the
 * configuration schema and type, the mapping from a configuration to `trainMlp` and `trainSae` options, and
 * the pure in-memory parts of the steps (the MLP's training rows, the held-out split, the probe stages) with
 * the step records both write. Browser-safe: the CLI does the file I/O.
 *
 * @module @interp/pipeline
 */
export { pipelineConfigSchema } from './pipelineConfigSchema';
export type { PipelineConfig } from './pipelineConfigSchema';
export { presets, presetNames, referenceProbeRows } from './presets';
export type { PresetName } from './presets';
export { selectSaeArchitecture } from './selectSaeArchitecture';
export { buildTrainSaeOptions, PIPELINE_MODEL_NAME } from './buildTrainSaeOptions';
export { buildTrainMlpOptions } from './buildTrainMlpOptions';
export { buildMlpTrainingSet } from './buildMlpTrainingSet';
export type { MlpTrainingSet } from './buildMlpTrainingSet';
export { summarizeMlpTraining } from './summarizeMlpTraining';
export type { TrainMlpResult } from './summarizeMlpTraining';
export { splitHeldOutRows } from './splitHeldOutRows';
export type { ActivationRows } from './splitHeldOutRows';
export { summarizeSaeTraining } from './summarizeSaeTraining';
export type { TrainSaeResult, SaeTrainingOutcome } from './summarizeSaeTraining';
export { runProbeStages, probeStageNames } from './runProbeStages';
export type { ProbeStages, ProbeStagesOptions } from './runProbeStages';
export { summarizeProbe } from './summarizeProbe';
export type { ProbeStepResult, ProbeFileContent } from './summarizeProbe';
