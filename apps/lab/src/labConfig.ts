import { DEFAULT_HOOK_POINT, referenceTrainingPreset } from '@interp/models';

/** The SAE architectures the lab trains (the names of @interp/sae and the CLI). */
export const labArchitectures = ['topk', 'relu', 'batchtopk', 'jumprelu', 'matryoshka', 'gated'] as const;

/** One of {@link labArchitectures}. */
export type LabArchitecture = (typeof labArchitectures)[number];

/** Everything a lab run depends on: the same fields, meanings and defaults as `interp run`'s configuration. */
export interface LabConfig {
  /** Seed of every random choice (data, MLP init and shuffles, SAE init and shuffles). */
  seed: number;
  data: { train: number; val: number; test: number; mlpExtraRows: number };
  mlp: { hiddenSize: number; bottleneckSize: number; epochs: number; batchSize: number; learningRate: number; patience: number };
  harvest: { hook: string; batchSize: number };
  sae: {
    architecture: LabArchitecture;
    dSae: number;
    /** k (topk, batchtopk, matryoshka) or the target L0 the sparsity coefficient adapts to (relu, jumprelu, gated). */
    k: number;
    /** Fixed L1 coefficient (relu, gated); `'auto'`: adapted until the L0 is `k`. */
    l1Coefficient: number | 'auto';
    /** `'auto'`: @interp/sae's default for the architecture. */
    epochs: number | 'auto';
    batchSize: number | 'auto';
    learningRate: number | 'auto';
    /** Rows of the harvest held out for evaluation (the last ones). */
    evalRows: number;
  };
}

/** Names of the lab's presets. */
export type LabPresetName = 'quick' | 'reference' | 'tiny';

/**
 * The lab's presets. `quick` and `reference` hold the same values as the CLI's presets of the same name
 * (apps/demo-cli/src/pipelineConfig.ts; the e2e test checks a run against `interp run --json`);
 * `tiny` is a few-second run for tests and demos.
 *
 * @example
 * ```ts
 * const config = structuredClone(labPresets.quick);
 * config.sae.dSae = 512;
 * ```
 */
export const labPresets: Record<LabPresetName, LabConfig> = {
  reference: {
    seed: 42,
    // the MLP trains on @interp/models' reference recipe, as in the CLI
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
    sae: { architecture: 'topk', dSae: 2048, k: 32, l1Coefficient: 'auto', epochs: 40, batchSize: 256, learningRate: 'auto', evalRows: 800 },
  },
  quick: {
    seed: 42,
    data: { train: 2000, val: 300, test: 300, mlpExtraRows: 30_000 },
    mlp: { hiddenSize: 128, bottleneckSize: 32, epochs: 20, batchSize: 256, learningRate: 0.02, patience: 0 },
    harvest: { hook: DEFAULT_HOOK_POINT, batchSize: 500 },
    sae: { architecture: 'topk', dSae: 256, k: 16, l1Coefficient: 'auto', epochs: 12, batchSize: 256, learningRate: 'auto', evalRows: 200 },
  },
  tiny: {
    seed: 42,
    data: { train: 600, val: 200, test: 200, mlpExtraRows: 2000 },
    mlp: { hiddenSize: 64, bottleneckSize: 16, epochs: 4, batchSize: 128, learningRate: 0.02, patience: 0 },
    harvest: { hook: DEFAULT_HOOK_POINT, batchSize: 500 },
    sae: { architecture: 'topk', dSae: 128, k: 8, l1Coefficient: 'auto', epochs: 4, batchSize: 128, learningRate: 'auto', evalRows: 100 },
  },
};

/** The knobs the page edits, with their valid ranges. */
export const labKnobs = {
  hiddenSize: { min: 4, max: 4096 },
  dSae: { min: 2, max: 16384 },
  k: { min: 1, max: 1024 },
  epochs: { min: 1, max: 1000 },
  seed: { min: 0, max: 2 ** 32 - 1 },
} as const;

/**
 * Checks a configuration's fields that the page lets a visitor edit; returns the first problem as a
 * sentence naming the field and its valid range, or undefined when the configuration is fine.
 *
 * @example
 * ```ts
 * findConfigProblem({ ...labPresets.quick, sae: { ...labPresets.quick.sae, k: 0 } }); // 'k must be ...'
 * ```
 */
export function findConfigProblem(config: LabConfig): string | undefined {
  const int = (name: string, value: number, min: number, max: number): string | undefined =>
    Number.isInteger(value) && value >= min && value <= max ? undefined : `${name} must be an integer in [${min}, ${max}], got ${String(value)}`;
  const epochs = config.sae.epochs;
  return (
    int('hidden width', config.mlp.hiddenSize, labKnobs.hiddenSize.min, labKnobs.hiddenSize.max) ??
    int('dSae', config.sae.dSae, labKnobs.dSae.min, labKnobs.dSae.max) ??
    int('k', config.sae.k, labKnobs.k.min, Math.min(labKnobs.k.max, config.sae.dSae)) ??
    int('MLP epochs', config.mlp.epochs, labKnobs.epochs.min, labKnobs.epochs.max) ??
    (epochs === 'auto' ? undefined : int('SAE epochs', epochs, labKnobs.epochs.min, labKnobs.epochs.max)) ??
    int('seed', config.seed, labKnobs.seed.min, labKnobs.seed.max) ??
    ((labArchitectures as readonly string[]).includes(config.sae.architecture)
      ? undefined
      : `architecture must be one of ${labArchitectures.join(', ')}, got ${String(config.sae.architecture)}`)
  );
}
