import type { TrainMlpOptions } from '@interp/models';
import type { PipelineConfig } from './pipelineConfigSchema';

/**
 * The `trainMlp` options a pipeline configuration gives (the CLI's train-mlp step and the lab train with
 * them): the hidden and bottleneck sizes, the seed, epochs, batch size, learning rate, early-stopping
 * patience when above 0, a log line every tenth of the epochs, `threads` (left out for `'auto'`: all
 * cores; the weights are the same for every count) and `adaptThreads: false` where the config says so. The caller adds `onLog`, `onProgress` and `signal`.
 *
 * @example
 * ```ts
 * import { buildTrainMlpOptions, presets } from '@interp/pipeline';
 * buildTrainMlpOptions(presets.quick).config; // { hiddenSize: 128, bottleneckSize: 32 }
 * ```
 */
export function buildTrainMlpOptions(
  config: Pick<PipelineConfig, 'seed' | 'mlp'> & { threads?: PipelineConfig['threads']; adaptThreads?: PipelineConfig['adaptThreads'] },
): TrainMlpOptions {
  const cfg = config.mlp;
  return {
    config: { hiddenSize: cfg.hiddenSize, bottleneckSize: cfg.bottleneckSize },
    seed: config.seed,
    epochs: cfg.epochs,
    batchSize: cfg.batchSize,
    learningRate: cfg.learningRate,
    ...(cfg.patience > 0 ? { patience: cfg.patience } : {}),
    logEvery: Math.max(1, Math.round(cfg.epochs / 10)),
    ...(config.threads === undefined || config.threads === 'auto' ? {} : { threads: config.threads }),
    ...(config.adaptThreads === false ? { adaptThreads: false } : {}),
  };
}
