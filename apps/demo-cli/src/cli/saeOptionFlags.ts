import type { FlagSpecs } from './defineCommand';

/** How a flag's text becomes an option value. */
type SaeOptionKind = 'integer' | 'number' | 'word' | 'numbers';

/** One option of `trainSae` (or of its architecture) as a flag of `interp train-sae --activations`. */
interface SaeOptionFlag {
  /** The `trainSae` option (or architecture option, with `architecture: true`) the flag sets. */
  key: string;
  kind: SaeOptionKind;
  /** Whether the option belongs to `architecture` (`{ type, k, ... }`) rather than to `trainSae` itself. */
  architecture?: boolean;
  value: string;
  description: string;
}

/**
 * The SAE options of `interp train-sae --activations`, one flag each (kebab-case of the `trainSae`
 * option; `--config '{"sae": {...}}'` takes the same options by their camelCase names, and any option
 * of an architecture added to `saeArchitectures` later). Ranges are checked by `@interp/sae`, whose
 * error names the option.
 *
 * @example
 * ```ts
 * saeOptionFlagTable['d-sae']?.key; // 'dSae'
 * ```
 */
export const saeOptionFlagTable: Readonly<Record<string, SaeOptionFlag>> = {
  architecture: { key: 'type', kind: 'word', architecture: true, value: 'NAME', description: 'SAE architecture: topk (default), relu, batchtopk, jumprelu, matryoshka, gated, or any name in @interp/sae saeArchitectures' },
  'target-l0': { key: 'targetL0', kind: 'number', architecture: true, value: 'X', description: 'relu, jumprelu, gated: mean active features per row the sparsity coefficient adapts to (default min(32, d-sae/8) unless a coefficient is given)' },
  'd-sae': { key: 'dSae', kind: 'integer', value: 'N', description: 'features of the dictionary (default 4 x the activation width)' },
  k: { key: 'k', kind: 'integer', architecture: true, value: 'N', description: 'topk: active features per row (default 32)' },
  'aux-k': { key: 'auxK', kind: 'integer', architecture: true, value: 'N', description: 'topk: dead features in the AuxK loss (default min(256, d-sae); 0 = off)' },
  'aux-coefficient': { key: 'auxCoefficient', kind: 'number', architecture: true, value: 'X', description: 'topk: weight of the AuxK loss (default 1/32)' },
  'bias-revival': { key: 'biasRevival', kind: 'number', architecture: true, value: 'X', description: 'encoder-bias revival of silent features, in [0, 1] (topk default 0.3; relu, jumprelu and gated 0.1 with a target L0, else 0; gated: b_gate and b_mag)' },
  'resample-at-fractions': { key: 'resampleAtFractions', kind: 'numbers', architecture: true, value: 'F,F', description: 'resample dead features at these fractions of the steps (relu default 0.2,0.4,0.6)' },
  'l1-coefficient': { key: 'l1Coefficient', kind: 'number', architecture: true, value: 'X', description: 'relu: L1 coefficient (default 0.5)' },
  'l1-warmup-fraction': { key: 'l1WarmupFraction', kind: 'number', architecture: true, value: 'X', description: 'relu: fraction of the steps the L1 coefficient ramps up over (default 0.3)' },
  epochs: { key: 'epochs', kind: 'integer', value: 'N', description: 'passes over the training rows (default 30)' },
  'batch-size': { key: 'batchSize', kind: 'integer', value: 'N', description: 'rows per step (default 512 for topk, 256 for relu)' },
  'learning-rate': { key: 'learningRate', kind: 'number', value: 'X', description: 'peak Adam learning rate (default 1e-3)' },
  'lr-warmup-fraction': { key: 'lrWarmupFraction', kind: 'number', value: 'X', description: 'fraction of the steps of linear warm-up (default 0.02)' },
  'lr-decay-fraction': { key: 'lrDecayFraction', kind: 'number', value: 'X', description: 'fraction of the steps of linear decay to 0 at the end (default 0.2)' },
  beta1: { key: 'beta1', kind: 'number', value: 'X', description: "Adam's beta1 (default 0.9)" },
  beta2: { key: 'beta2', kind: 'number', value: 'X', description: "Adam's beta2 (default 0.999)" },
  epsilon: { key: 'epsilon', kind: 'number', value: 'X', description: "Adam's epsilon (default 1e-8)" },
  'b-dec-init': { key: 'bDecInit', kind: 'word', value: 'HOW', description: 'initial b_dec: geometric-median (default), mean or zeros' },
  'decoder-init': { key: 'decoderInit', kind: 'word', value: 'HOW', description: 'initial decoder: data (default) or random' },
  'eval-rows': { key: 'evalRows', kind: 'integer', value: 'N', description: 'hold out the last N rows for evaluation (default: a random 10%)' },
  'sample-rows': { key: 'sampleRows', kind: 'integer', value: 'N', description: 'rows sampled for the b_dec init and resampling (default 4096)' },
  'evaluate-every': { key: 'evaluateEvery', kind: 'integer', value: 'N', description: 'epochs between evaluations (default 1)' },
  'evaluate-every-steps': { key: 'evaluateEverySteps', kind: 'integer', value: 'N', description: 'also evaluate every N steps (default off)' },
  'log-every': { key: 'logEvery', kind: 'integer', value: 'N', description: 'steps between loss records (default 10)' },
  'dead-window-rows': { key: 'deadWindowRows', kind: 'integer', value: 'N', description: 'a feature is dead after N training rows without firing (default one epoch)' },
  'revive-after-rows': { key: 'reviveAfterRows', kind: 'integer', value: 'N', description: 'bias revival applies after N silent rows (default dead-window-rows / 8)' },
  'shuffle-buffer-rows': { key: 'shuffleBufferRows', kind: 'integer', value: 'N', description: 'rows a stream is shuffled over (default 16384)' },
  kernels: { key: 'kernels', kind: 'word', value: 'NAME', description: 'auto (WebAssembly SIMD, default) or js' },
  'model-name': { key: 'modelName', kind: 'word', value: 'NAME', description: 'model name recorded in cfg.json (default: the activations file\'s, if any)' },
};

/**
 * The flag specs of {@link saeOptionFlagTable}, for `defineCommand`.
 *
 * @example
 * ```ts
 * const flags = { ...saeOptionFlags, activations: { type: 'string', value: 'PATH', description: 'input' } };
 * ```
 */
export const saeOptionFlags: FlagSpecs = Object.fromEntries(
  Object.entries(saeOptionFlagTable).map(([name, spec]) => [name, { type: 'string', value: spec.value, description: spec.description }]),
);
