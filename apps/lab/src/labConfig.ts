import { DEFAULT_HOOK_POINT } from '@interp/models';
import { pipelineConfigSchema, presets, type PipelineConfig } from '@interp/pipeline';

/** The SAE architectures the lab trains: the configuration schema's (the names of @interp/sae and the CLI). */
export const labArchitectures = pipelineConfigSchema.shape.sae.shape.architecture.options;

/** One of {@link labArchitectures}. */
export type LabArchitecture = PipelineConfig['sae']['architecture'];

/**
 * Everything a lab run depends on: the fields of `interp run`'s configuration ({@link PipelineConfig}, declared
 * once in @interp/pipeline) that the in-memory steps read.
 */
export type LabConfig = Pick<PipelineConfig, 'seed' | 'data' | 'mlp' | 'harvest' | 'sae'>;

/** Names of the lab's presets. */
export type LabPresetName = 'quick' | 'reference' | 'tiny';

/** The fields of a pipeline preset the lab runs with (a copy: editing it leaves the preset alone). */
function toLabConfig({ seed, data, mlp, harvest, sae }: PipelineConfig): LabConfig {
  return structuredClone({ seed, data, mlp, harvest, sae });
}

/**
 * The lab's presets. `quick` and `reference` are @interp/pipeline's presets of the same name (the CLI's; the
 * e2e test checks a run against `interp run --json`); `tiny` is a few-second run for tests and demos.
 *
 * @example
 * ```ts
 * const config = structuredClone(labPresets.quick);
 * config.sae.dSae = 512;
 * ```
 */
export const labPresets: Record<LabPresetName, LabConfig> = {
  reference: toLabConfig(presets.reference),
  quick: toLabConfig(presets.quick),
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
