import { DEFAULT_HOOK_POINT, referenceTrainingPreset } from '@interp/models';
import type { PipelineConfig } from './pipelineConfig';

/** The five rows the reference run probes. */
export const referenceProbeRows: number[][] = [
  [8, 9, 5, 1, 3, 2, 9, 4, 7, 1],
  [8, 9, 5, 2, 3, 2, 8, 4, 7, 1],
  [8, 9, 5, 3, 3, 2, 7, 4, 7, 1],
  [8, 9, 5, 4, 3, 2, 5, 4, 7, 1],
  [8, 9, 5, 5, 3, 2, 4, 4, 7, 1],
];

/** Names of the presets, for `--preset` and the config file's `preset` field. */
export const presetNames = ['quick', 'reference'] as const;

/** One of {@link presetNames}. */
export type PresetName = (typeof presetNames)[number];

/**
 * `reference`: the seed's sizes; `quick`: small and fast (the end-to-end test's preset).
 *
 * @example
 * ```ts
 * presets.quick.sae.dSae; // 256
 * ```
 */
export const presets: Record<PresetName, PipelineConfig> = {
  reference: {
    seed: 42,
    backend: 'auto',
    threads: 'auto',
    task: 'index-arithmetic',
    // Used by task: "superposition" only (Toy Models of Superposition sizes that train in seconds).
    superposition: { rows: 20_000, dimensions: 64, features: 256, activeFeatures: 5, correlation: 0, noise: 0 },
    // The MLP trains on @interp/models' reference recipe: 64,000 rows (8000 from mlp_train.xlsx + 56,000 generated).
    data: { train: 8000, val: 1000, test: 1000, mlpExtraRows: referenceTrainingPreset.trainRows - 8000 },
    mlp: {
      hiddenSize: referenceTrainingPreset.config.hiddenSize,
      bottleneckSize: referenceTrainingPreset.config.bottleneckSize,
      epochs: referenceTrainingPreset.training.epochs ?? 20,
      batchSize: referenceTrainingPreset.training.batchSize ?? 256,
      learningRate: referenceTrainingPreset.training.learningRate ?? 0.02,
      patience: referenceTrainingPreset.training.patience ?? 6,
    },
    harvest: { hook: DEFAULT_HOOK_POINT, batchSize: 1000 },
    sae: {
      architecture: 'topk',
      dSae: 2048,
      k: 32,
      l1Coefficient: 'auto',
      epochs: 40,
      batchSize: 256,
      learningRate: 'auto',
      evalRows: 800,
    },
    probe: { inputs: referenceProbeRows, topK: 5 },
  },
  quick: {
    seed: 42,
    backend: 'auto',
    threads: 'auto',
    task: 'index-arithmetic',
    // Used by task: "superposition" only (Toy Models of Superposition sizes that train in seconds).
    superposition: { rows: 20_000, dimensions: 64, features: 256, activeFeatures: 5, correlation: 0, noise: 0 },
    data: { train: 2000, val: 300, test: 300, mlpExtraRows: 30_000 },
    mlp: { hiddenSize: 128, bottleneckSize: 32, epochs: 20, batchSize: 256, learningRate: 0.02, patience: 0 },
    harvest: { hook: DEFAULT_HOOK_POINT, batchSize: 500 },
    sae: {
      architecture: 'topk',
      dSae: 256,
      k: 16,
      l1Coefficient: 'auto',
      epochs: 12,
      batchSize: 256,
      learningRate: 'auto',
      evalRows: 200,
    },
    probe: { inputs: referenceProbeRows, topK: 5 },
  },
};
