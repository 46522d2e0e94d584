/**
 * The interp pipeline, declared once for the CLI (`interp run`) and the browser lab: presets, the
 * configuration schema and type, and the mapping from a configuration to `trainMlp` and `trainSae` options.
 * Browser-safe: the CLI does the file I/O.
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
