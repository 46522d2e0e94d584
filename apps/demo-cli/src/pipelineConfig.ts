import { referenceTrainingPreset } from '@interp/models';
import { UsageError } from './UsageError';

/** Everything a pipeline run depends on. Every field can come from a preset, `--config` or a flag. */
export interface PipelineConfig {
  /** Seed of every random choice (data, MLP init and shuffles, SAE init and shuffles). */
  seed: number;
  /** TensorFlow.js backend. */
  backend: 'auto' | 'node' | 'wasm' | 'cpu';
  data: {
    /** Rows of mlp_train.xlsx (the harvest runs over these). */
    train: number;
    val: number;
    test: number;
    /** Extra generated rows the MLP trains on besides the train split (disjoint from val and test). */
    mlpExtraRows: number;
  };
  mlp: {
    hiddenSize: number;
    bottleneckSize: number;
    epochs: number;
    batchSize: number;
    learningRate: number;
    /** Early-stopping patience in epochs (0 = off). */
    patience: number;
  };
  harvest: {
    hook: string;
    batchSize: number;
  };
  sae: {
    architecture: 'topk' | 'relu';
    dSae: number;
    /** Active features per row (topk). */
    k: number;
    /** L1 coefficient (relu; scale-free, see @interp/sae). */
    l1Coefficient: number;
    /** Passes over the rows; `'auto'`: @interp/sae's default for the architecture. */
    epochs: number | 'auto';
    /** Rows per step; `'auto'`: the architecture's default. */
    batchSize: number | 'auto';
    /** Peak Adam learning rate; `'auto'`: the architecture's default. */
    learningRate: number | 'auto';
    /** Rows of the harvest held out for evaluation. */
    evalRows: number;
  };
  probe: {
    /** Rows to probe; the reference run's five by default. */
    inputs: number[][];
    topK: number;
  };
}

/** The five rows the reference run probes. */
export const referenceProbeRows: number[][] = [
  [8, 9, 5, 1, 3, 2, 9, 4, 7, 1],
  [8, 9, 5, 2, 3, 2, 8, 4, 7, 1],
  [8, 9, 5, 3, 3, 2, 7, 4, 7, 1],
  [8, 9, 5, 4, 3, 2, 5, 4, 7, 1],
  [8, 9, 5, 5, 3, 2, 4, 4, 7, 1],
];

/** `reference`: the seed's sizes; `quick`: small and fast (the end-to-end test's preset). */
export const presets: Record<'reference' | 'quick', PipelineConfig> = {
  reference: {
    seed: 42,
    backend: 'auto',
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
    harvest: { hook: 'hidden.post', batchSize: 1000 },
    sae: {
      architecture: 'topk',
      dSae: 2048,
      k: 32,
      l1Coefficient: 0.5,
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
    data: { train: 2000, val: 300, test: 300, mlpExtraRows: 30_000 },
    mlp: { hiddenSize: 128, bottleneckSize: 32, epochs: 20, batchSize: 256, learningRate: 0.02, patience: 0 },
    harvest: { hook: 'hidden.post', batchSize: 500 },
    sae: {
      architecture: 'topk',
      dSae: 256,
      k: 16,
      l1Coefficient: 0.5,
      epochs: 12,
      batchSize: 256,
      learningRate: 'auto',
      evalRows: 200,
    },
    probe: { inputs: referenceProbeRows, topK: 5 },
  },
};

type Rule =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'number'; min: number; max: number; exclusiveMin?: boolean }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'string' }
  | { kind: 'rows' }
  | { kind: 'auto'; rule: Rule };

const schema: Record<string, Rule | Record<string, Rule>> = {
  seed: { kind: 'int', min: 0, max: 2 ** 32 - 1 },
  backend: { kind: 'enum', values: ['auto', 'node', 'wasm', 'cpu'] },
  data: {
    train: { kind: 'int', min: 1, max: 10_000_000 },
    val: { kind: 'int', min: 1, max: 10_000_000 },
    test: { kind: 'int', min: 1, max: 10_000_000 },
    mlpExtraRows: { kind: 'int', min: 0, max: 10_000_000 },
  },
  mlp: {
    hiddenSize: { kind: 'int', min: 1, max: 65536 },
    bottleneckSize: { kind: 'int', min: 1, max: 65536 },
    epochs: { kind: 'int', min: 1, max: 100_000 },
    batchSize: { kind: 'int', min: 1, max: 1_000_000 },
    learningRate: { kind: 'number', min: 0, max: 10, exclusiveMin: true },
    patience: { kind: 'int', min: 0, max: 100_000 },
  },
  harvest: {
    hook: { kind: 'string' },
    batchSize: { kind: 'int', min: 1, max: 1_000_000 },
  },
  sae: {
    architecture: { kind: 'enum', values: ['topk', 'relu'] },
    dSae: { kind: 'int', min: 1, max: 1_000_000 },
    k: { kind: 'int', min: 1, max: 1_000_000 },
    l1Coefficient: { kind: 'number', min: 0, max: 1e6 },
    epochs: { kind: 'auto', rule: { kind: 'int', min: 1, max: 100_000 } },
    batchSize: { kind: 'auto', rule: { kind: 'int', min: 1, max: 1_000_000 } },
    learningRate: { kind: 'auto', rule: { kind: 'number', min: 0, max: 10, exclusiveMin: true } },
    evalRows: { kind: 'int', min: 1, max: 10_000_000 },
  },
  probe: {
    inputs: { kind: 'rows' },
    topK: { kind: 'int', min: 1, max: 1_000_000 },
  },
};

function checkValue(path: string, rule: Rule, value: unknown): void {
  const fail = (expected: string): never => {
    throw new UsageError(`config field ${path} must be ${expected}, got ${JSON.stringify(value)}`);
  };
  switch (rule.kind) {
    case 'auto':
      if (value === 'auto') return;
      try {
        checkValue(path, rule.rule, value);
      } catch (error) {
        throw new UsageError(`${(error as Error).message.replace(/ must be /, ' must be "auto" or ')}`);
      }
      return;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < rule.min || value > rule.max) {
        fail(`an integer in [${rule.min}, ${rule.max}]`);
      }
      return;
    case 'number':
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        value > rule.max ||
        (rule.exclusiveMin ? value <= rule.min : value < rule.min)
      ) {
        fail(`a number in ${rule.exclusiveMin ? '(' : '['}${rule.min}, ${rule.max}]`);
      }
      return;
    case 'enum':
      if (typeof value !== 'string' || !rule.values.includes(value)) fail(`one of ${rule.values.join(', ')}`);
      return;
    case 'string':
      if (typeof value !== 'string' || value === '') fail('a non-empty string');
      return;
    case 'rows':
      if (
        !Array.isArray(value) ||
        value.length === 0 ||
        !value.every((r) => Array.isArray(r) && r.every((x) => typeof x === 'number' && Number.isInteger(x)))
      ) {
        fail('a non-empty array of integer rows');
      }
      return;
  }
}

/**
 * Merges a partial configuration (from `--config` or flags) over a base,
 * checking every field; unknown fields and bad values raise a {@link UsageError}
 * naming the field and its allowed range.
 */
export function mergeConfig(base: PipelineConfig, patch: unknown, source: string): PipelineConfig {
  if (patch === undefined) return base;
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) {
    throw new UsageError(`${source}: the configuration must be a JSON object`);
  }
  const merged = structuredClone(base) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (key === 'preset' || key === '$schema') continue;
    const rule = schema[key];
    if (!rule) throw new UsageError(`${source}: unknown config field ${key} (known: preset, ${Object.keys(schema).join(', ')})`);
    if ('kind' in rule) {
      checkValue(key, rule as Rule, value);
      merged[key] = value;
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new UsageError(`${source}: config field ${key} must be an object`);
    }
    const section = merged[key] as Record<string, unknown>;
    for (const [sub, subValue] of Object.entries(value as Record<string, unknown>)) {
      const subRule = (rule as Record<string, Rule>)[sub];
      if (!subRule) {
        throw new UsageError(
          `${source}: unknown config field ${key}.${sub} (known: ${Object.keys(rule).map((k) => `${key}.${k}`).join(', ')})`,
        );
      }
      checkValue(`${key}.${sub}`, subRule, subValue);
      section[sub] = subValue;
    }
  }
  const config = merged as unknown as PipelineConfig;
  if (config.sae.k > config.sae.dSae) {
    throw new UsageError(`${source}: config field sae.k must be an integer in [1, sae.dSae = ${config.sae.dSae}], got ${config.sae.k}`);
  }
  if (config.sae.evalRows >= config.data.train) {
    throw new UsageError(`${source}: config field sae.evalRows must be smaller than data.train (${config.data.train}), got ${config.sae.evalRows}`);
  }
  return config;
}
