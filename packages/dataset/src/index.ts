/**
 * Browser-safe entry point of `@interp/dataset`.
 *
 * @module @interp/dataset
 */
export { defaultTaskConfig, resolveTaskConfig, getInputColumns, getNumInputs } from './taskConfig';
export type { TaskConfig } from './taskConfig';
export { computeLatents, computeTarget } from './computeLatents';
export type { RowLatents } from './computeLatents';
/** Re-exported from `@interp/core`, where the generator lives (the stream is unchanged). */
export { createRng, deriveSeed } from '@interp/core';
export type { Rng } from '@interp/core';
export { createSplit, getRow } from './createSplit';
export type { DatasetSplit, SplitLatents } from './createSplit';
export { generateDataset, generateSplits } from './generateDataset';
export type { GenerateDatasetOptions, GenerateSplitsOptions, DatasetSplits } from './generateDataset';
export { getTargetDistribution } from './targetDistribution';
export { toTensors } from './toTensors';
export { buildDatasetXlsx } from './buildDatasetXlsx';
export type { BuildDatasetXlsxOptions } from './buildDatasetXlsx';
export { generateSuperposition, generateFeatureDirections } from './generateSuperposition';
export type { SuperpositionOptions, SuperpositionData, SparseCodes } from './generateSuperposition';
