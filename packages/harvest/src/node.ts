export { ACTIVATIONS_FORMAT, ACTIVATIONS_TENSOR, type ActivationsInfo } from './activationsFile';
export { harvestToFile, type HarvestMetadata, type HarvestToFileOptions } from './harvestToFile';
export { readActivationBatches, readActivations, readActivationsInfo } from './readActivations';
