/**
 * Node-only entry point (file I/O) of `@interp/harvest`.
 *
 * @module @interp/harvest/node
 */
export { ACTIVATIONS_FILE, ACTIVATIONS_FORMAT, ACTIVATIONS_TENSOR, ROW_CONTEXT_TENSORS, type ActivationsInfo } from './activationsFile';
export { harvestToFile, type HarvestMetadata, type HarvestToFileOptions } from './harvestToFile';
export { readActivationBatches, readActivations, readActivationsInfo, type ReadActivationsOptions } from './readActivations';
export {
  ACTIVATION_FILE_EXTENSIONS,
  describeActivationFile,
  listActivationShards,
  type ActivationShard,
} from './activationShards';
export { registerTfjsFileIO, tfjsFileIO } from './tfjsFileIO';
