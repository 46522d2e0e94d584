import type { TrainSaeOptions } from '@interp/sae';
import type { PipelineConfig } from './pipelineConfigSchema';
import { selectSaeArchitecture } from './selectSaeArchitecture';

/**
 * The model name the pipeline's SAEs record in `cfg.json` (`model_name`).
 *
 * @example
 * ```ts
 * import { buildTrainSaeOptions, PIPELINE_MODEL_NAME, presets } from '@interp/pipeline';
 * buildTrainSaeOptions(presets.quick).modelName === PIPELINE_MODEL_NAME; // true
 * ```
 */
export const PIPELINE_MODEL_NAME = 'interp-bottleneck-mlp';

/**
 * The `trainSae` options a pipeline configuration gives (the CLI's train-sae step and the lab train with
 * them): `dSae`, the selected architecture's own parameters ({@link selectSaeArchitecture}), epochs, batch
 * size and learning rate unless `'auto'` (then `@interp/sae`'s defaults for the architecture), the seed,
 * the thread count unless `'auto'` or absent, `adaptThreads: false` where the config says so, the hook and model names. The caller adds the data-dependent
 * options (`validation`, `signal`, `onProgress`).
 *
 * @example
 * ```ts
 * import { buildTrainSaeOptions, presets } from '@interp/pipeline';
 * const options = buildTrainSaeOptions(presets.quick);
 * options.architecture; // { type: 'topk', k: 16 }
 * options.epochs;       // 12
 * ```
 */
export function buildTrainSaeOptions(
  config: Pick<PipelineConfig, 'seed' | 'harvest' | 'sae'> & { threads?: PipelineConfig['threads']; adaptThreads?: PipelineConfig['adaptThreads'] },
): TrainSaeOptions {
  const cfg = config.sae;
  return {
    dSae: cfg.dSae,
    architecture: selectSaeArchitecture(cfg),
    ...(cfg.epochs === 'auto' ? {} : { epochs: cfg.epochs }),
    ...(cfg.batchSize === 'auto' ? {} : { batchSize: cfg.batchSize }),
    ...(cfg.learningRate === 'auto' ? {} : { learningRate: cfg.learningRate }),
    seed: config.seed,
    ...(config.threads === undefined || config.threads === 'auto' ? {} : { threads: config.threads }),
    ...(config.adaptThreads === false ? { adaptThreads: false } : {}),
    hookName: config.harvest.hook,
    modelName: PIPELINE_MODEL_NAME,
  };
}
