/**
 * Browser-safe entry point of `@interp/harvest`.
 *
 * @module @interp/harvest
 */
export type { ActivationBatch, HarvestInput, HarvestModel, HarvestOptions, HarvestProgress } from './HarvestModel';
export { resolveHarvestInput, type ResolvedHarvestInput } from './resolveHarvestInput';
export { DEFAULT_HARVEST_BATCH_SIZE, harvestBatches } from './harvestBatches';
export { harvestActivations, type Activations } from './harvestActivations';
export { hashModelWeights } from './hashModelWeights';
export { findNonFinite } from './findNonFinite';
export {
  harvestTfjs,
  harvestTfjsBatches,
  type GraphModelLike,
  type LayersModelLike,
  type TfjsActivationBatch,
  type TfjsActivations,
  type TfjsHarvestInput,
  type TfjsHarvestOptions,
  type TfjsModelSource,
} from './harvestTfjs';
