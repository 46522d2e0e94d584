import { DEFAULT_HOOK_POINT, referenceTrainingPreset } from '@interp/models';
import type { PipelineConfig } from './pipelineConfigSchema';

/**
 * The five rows the reference run probes (what `probe_results.json` lists first).
 *
 * @example
 * ```ts
 * import { referenceProbeRows } from '@interp/pipeline';
 * referenceProbeRows[0]; // [8, 9, 5, 1, 3, 2, 9, 4, 7, 1]
 * ```
 */
export const referenceProbeRows: number[][] = [
  [8, 9, 5, 1, 3, 2, 9, 4, 7, 1],
  [8, 9, 5, 2, 3, 2, 8, 4, 7, 1],
  [8, 9, 5, 3, 3, 2, 7, 4, 7, 1],
  [8, 9, 5, 4, 3, 2, 5, 4, 7, 1],
  [8, 9, 5, 5, 3, 2, 4, 4, 7, 1],
];

/**
 * Names of the presets, for the CLI's `--preset`, the config file's `preset` field and the lab's picker.
 *
 * @example
 * ```ts
 * import { presetNames } from '@interp/pipeline';
 * presetNames.join(', '); // 'quick, reference'
 * ```
 */
export const presetNames = ['quick', 'reference'] as const;

/**
 * One of {@link presetNames}.
 *
 * @example
 * ```ts
 * import type { PresetName } from '@interp/pipeline';
 * const name: PresetName = 'quick';
 * ```
 */
export type PresetName = (typeof presetNames)[number];

/**
 * The pipeline's presets, declared once for the CLI and the lab: `reference`, the seed's sizes; `quick`, small
 * and fast (the end-to-end tests' preset).
 *
 * @example
 * ```ts
 * import { presets } from '@interp/pipeline';
 * presets.quick.sae.dSae; // 256
 * const config = structuredClone(presets.quick); // edit a copy, never the preset
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
