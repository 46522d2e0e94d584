import type { SaeActivation, SaeArchitectureName } from './SaeConfig';

/**
 * TopK with the AuxK loss for dead latents (Gao et al. 2024, "Scaling and evaluating sparse autoencoders").
 *
 * @example
 * ```ts
 * import { trainSae, type TopKArchitectureOptions } from '@interp/sae';
 * const architecture: TopKArchitectureOptions = { type: 'topk', k: 16, auxK: 128, biasRevival: 0 };
 * await trainSae(acts, { dSae: 2048, architecture });
 * ```
 */
export interface TopKArchitectureOptions {
  type: 'topk';
  /** Active features per row; integer in [1, dSae]. Default 32. */
  k?: number;
  /** Dead features used by the AuxK loss per row; integer in [0, dSae] (0 turns AuxK off). Default min(256, dSae). */
  auxK?: number;
  /** Weight of the (normalised) AuxK loss; >= 0. Default 1/32. */
  auxCoefficient?: number;
  /**
   * Points of training (fractions of the steps, each in (0, 1)) where features dead over the window
   * are resampled (as for ReLU SAEs). AuxK cannot revive a latent whose pre-activation is negative on
   * every row (its ReLU passes no gradient), which happens on low-dimensional activations.
   * Default `[]` (off).
   */
  resampleAtFractions?: number[];
  /**
   * Bias revival: every step, features that have not fired for `reviveAfterRows` training rows get
   * `biasRevival x` (the batch's mean TopK threshold) added to their encoder bias, at most until their
   * best row of the batch reaches 1.5 x the threshold (a homeostatic nudge, like loss-free load balancing of mixture-of-experts routers). It
   * complements AuxK, which cannot revive a latent whose pre-activation is negative on every row.
   * In [0, 1]; 0 turns it off. Default 0.3.
   */
  biasRevival?: number;
}

/**
 * ReLU with an L1 penalty (Bricken et al. 2023, "Towards Monosemanticity", with the April 2024 warm-ups).
 *
 * @example
 * ```ts
 * import { trainSae, type ReluArchitectureOptions } from '@interp/sae';
 * const architecture: ReluArchitectureOptions = { type: 'relu', l1Coefficient: 2, l1WarmupFraction: 0.1 };
 * await trainSae(acts, { dSae: 2048, architecture });
 * ```
 */
export interface ReluArchitectureOptions {
  type: 'relu';
  /** L1 coefficient (scale-free: the penalty is divided by the batch's RMS norm); >= 0. Default 0.5. */
  l1Coefficient?: number;
  /**
   * Fraction of the steps over which the L1 coefficient ramps up linearly from 0; in [0, 1]. Default 0.3:
   * longer than the April update's 5% because runs of a few hundred steps otherwise lose most features
   * to the early L1 collapse (measured on an MLP's activations: 70% dead at 0.05, none at 0.3).
   */
  l1WarmupFraction?: number;
  /** Points of training (fractions of the steps, each in (0, 1)) where dead features are resampled. Default [0.2, 0.4, 0.6]. */
  resampleAtFractions?: number[];
  /**
   * Bias revival (see {@link TopKArchitectureOptions.biasRevival}) with the batch's mean positive
   * activation as the scale, capped where a feature's best row reaches half of it; in [0, 1]. Default 0
   * (off): on an MLP's activations it kept every feature alive but worsened ReLU's L0/FVE trade-off.
   */
  biasRevival?: number;
}

/**
 * BatchTopK (Bussmann, Leask and Nanda 2024, "BatchTopK Sparse Autoencoders", arXiv:2412.06410): the
 * `k x rows` largest positive pre-activations over the whole batch are kept, so a row gets as many active
 * features as it needs and the mean is `k`. Trained sparse (only the selected features decode and receive
 * gradient) with AuxK and bias revival as TopK. For inference, a global threshold `theta` (a running mean of
 * each batch's smallest selected value) replaces the batch: the SAE is saved as SAELens `jumprelu` with
 * `threshold = theta` for every feature, so a row's encoding does not depend on the rest of its batch.
 *
 * @example
 * ```ts
 * import { trainSae } from '@interp/sae';
 * const { sae } = await trainSae(activations, { dSae: 1024, architecture: { type: 'batchtopk', k: 16 } });
 * sae.config.activation.type; // 'jumprelu': one global threshold, so each row encodes on its own
 * ```
 */
export interface BatchTopKArchitectureOptions {
  type: 'batchtopk';
  /** Mean active features per row; integer in [1, dSae]. Default 32. */
  k?: number;
  /** As {@link TopKArchitectureOptions.auxK}. Default min(256, dSae). */
  auxK?: number;
  /** As {@link TopKArchitectureOptions.auxCoefficient}. Default 1/32. */
  auxCoefficient?: number;
  /** Rate of the running mean of the inference threshold, in (0, 1]. Default 0.01 (as SAELens). */
  thresholdLearningRate?: number;
  /** As {@link TopKArchitectureOptions.resampleAtFractions}. Default `[]`. */
  resampleAtFractions?: number[];
  /** As {@link TopKArchitectureOptions.biasRevival}. Default 0.3. */
  biasRevival?: number;
}

/**
 * Matryoshka BatchTopK (Bussmann et al. 2025, "Learning Multi-Level Features with Matryoshka Sparse
 * Autoencoders", arXiv:2503.17547; Nabeshima 2024): BatchTopK selection, and the loss is the mean over
 * nested prefixes of the dictionary (features `[0, prefixes[i])`) of each prefix's own reconstruction loss,
 * so early features learn general directions that reconstruct on their own and later ones refine them.
 * Saved for inference like BatchTopK (SAELens `jumprelu` with the learned threshold).
 *
 * @example
 * ```ts
 * import { trainSae } from '@interp/sae';
 * const arch = { type: 'matryoshka', k: 16, prefixes: [64, 256] } as const; // then the whole 1024
 * const { sae } = await trainSae(activations, { dSae: 1024, architecture: arch });
 * ```
 */
export interface MatryoshkaArchitectureOptions {
  type: 'matryoshka';
  /** Mean active features per row; integer in [1, dSae]. Default 32. */
  k?: number;
  /**
   * Prefix sizes, strictly increasing integers in [1, dSae) (`dSae`, the whole dictionary, is always the last
   * prefix). Default `[dSae/16, dSae/8, dSae/4, dSae/2]` (rounded, duplicates dropped).
   */
  prefixes?: number[];
  /** As {@link TopKArchitectureOptions.auxK}. Default min(256, dSae). */
  auxK?: number;
  /** As {@link TopKArchitectureOptions.auxCoefficient}. Default 1/32. */
  auxCoefficient?: number;
  /** As {@link BatchTopKArchitectureOptions.thresholdLearningRate}. Default 0.01. */
  thresholdLearningRate?: number;
  /** As {@link TopKArchitectureOptions.resampleAtFractions}. Default `[]`. */
  resampleAtFractions?: number[];
  /** As {@link TopKArchitectureOptions.biasRevival}. Default 0.3. */
  biasRevival?: number;
}

/**
 * The architecture option of {@link trainSae}: a name, or the options of one architecture.
 *
 * @example
 * ```ts
 * import { trainSae, type SaeArchitectureOptions } from '@interp/sae';
 * const architecture: SaeArchitectureOptions = useTopK ? { type: 'topk', k: 32 } : { type: 'relu', l1Coefficient: 1 };
 * await trainSae(acts, { architecture });
 * ```
 */
export type SaeArchitectureOptions =
  | TopKArchitectureOptions
  | ReluArchitectureOptions
  | BatchTopKArchitectureOptions
  | MatryoshkaArchitectureOptions;

/**
 * Architecture options with every default filled in.
 *
 * @example
 * ```ts
 * import type { ResolvedArchitecture } from '@interp/sae';
 * const arch: ResolvedArchitecture = history.architecture; // every option of the architecture that trained
 * const label = arch.type === 'topk' ? `TopK, k = ${arch.k}` : `ReLU, L1 ${arch.l1Coefficient}`;
 * ```
 */
export type ResolvedArchitecture =
  | Required<TopKArchitectureOptions>
  | Required<ReluArchitectureOptions>
  | Required<BatchTopKArchitectureOptions>
  | Required<MatryoshkaArchitectureOptions>;

/** The sparse architectures (k active features per row on average; trained with the sparse kernels). */
export type SparseArchitecture = Extract<ResolvedArchitecture, { k: number }>;

/** `arch` if it is one of the sparse (k-based) architectures, else undefined. */
export function asSparseArchitecture(arch: ResolvedArchitecture): SparseArchitecture | undefined {
  return 'k' in arch ? arch : undefined;
}

/**
 * One entry of the architecture registry: defaults, checks, the inference activation and the file layout.
 *
 * @example
 * ```ts
 * import { saeArchitectures, type SaeArchitectureDefinition } from '@interp/sae';
 * const topk: SaeArchitectureDefinition = saeArchitectures.topk;
 * topk.defaultLearningRate;                        // Adam's learning rate unless told otherwise
 * topk.resolve({ k: 8 }, 512, 'options').type;     // 'topk', with every default filled in
 * ```
 */
export interface SaeArchitectureDefinition {
  /** The `architecture` value of a SAELens `cfg.json` for SAEs of this kind. */
  saelensArchitecture: 'standard' | 'topk' | 'jumprelu' | 'gated';
  /**
   * The tensors of `sae_weights.safetensors` besides `W_enc`, `W_dec`, `b_dec`, each `[dSae]`, with the
   * {@link SaeWeights} field they load into (`b_enc` is `[dSae]` too where listed).
   */
  tensors: readonly ('b_enc' | 'threshold' | 'b_gate' | 'r_mag' | 'b_mag')[];
  /** The option keys of this architecture besides `type` (others are rejected). */
  optionKeys: readonly string[];
  /** Default Adam learning rate. */
  defaultLearningRate: number;
  /** Default rows per step. */
  defaultBatchSize: number;
  /** Fills defaults and checks ranges; `where` prefixes error messages. */
  resolve(options: Partial<SaeArchitectureOptions>, dSae: number, where: string): ResolvedArchitecture;
  /** The activation an SAE of this architecture runs with. */
  activation(resolved: ResolvedArchitecture): SaeActivation;
}

function checkNumber(where: string, name: string, value: unknown, ok: (v: number) => boolean, range: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || !ok(value)) {
    throw new Error(`${where}.${name} must be ${range}; got ${String(value)}`);
  }
  return value;
}

function checkFractions(where: string, fractions: unknown): void {
  if (!Array.isArray(fractions)) throw new Error(`${where}.resampleAtFractions must be an array of numbers in (0, 1)`);
  fractions.forEach((f, i) => checkNumber(where, `resampleAtFractions[${i}]`, f, (v) => v > 0 && v < 1, 'a number in (0, 1)'));
}

function resolveKOptions(o: { k?: number; auxK?: number; auxCoefficient?: number; resampleAtFractions?: number[]; biasRevival?: number }, dSae: number, where: string) {
  const k = checkNumber(where, 'k', o.k ?? 32, (v) => Number.isInteger(v) && v >= 1 && v <= dSae, `an integer in [1, dSae=${dSae}]`);
  const auxK = checkNumber(where, 'auxK', o.auxK ?? Math.min(256, dSae), (v) => Number.isInteger(v) && v >= 0 && v <= dSae, `an integer in [0, dSae=${dSae}]`);
  const auxCoefficient = checkNumber(where, 'auxCoefficient', o.auxCoefficient ?? 1 / 32, (v) => v >= 0 && Number.isFinite(v), 'a finite number >= 0');
  const fractions = o.resampleAtFractions ?? [];
  checkFractions(where, fractions);
  const biasRevival = checkNumber(where, 'biasRevival', o.biasRevival ?? 0.3, (v) => v >= 0 && v <= 1, 'a number in [0, 1]');
  return { k, auxK, auxCoefficient, resampleAtFractions: [...fractions], biasRevival };
}

function resolveThresholdRate(o: { thresholdLearningRate?: number }, where: string): number {
  return checkNumber(where, 'thresholdLearningRate', o.thresholdLearningRate ?? 0.01, (v) => v > 0 && v <= 1, 'a number in (0, 1]');
}

function resolvePrefixes(prefixes: unknown, dSae: number, where: string): number[] {
  if (prefixes === undefined) {
    const out: number[] = [];
    for (const f of [16, 8, 4, 2]) {
      const p = Math.round(dSae / f);
      if (p >= 1 && p < dSae && p !== out.at(-1)) out.push(p);
    }
    return [...out, dSae];
  }
  if (!Array.isArray(prefixes)) throw new Error(`${where}.prefixes must be an array of strictly increasing integers in [1, dSae=${dSae})`);
  prefixes.forEach((p, i) => {
    const lo = i === 0 ? 1 : (prefixes[i - 1] as number) + 1;
    checkNumber(where, `prefixes[${i}]`, p, (v) => Number.isInteger(v) && v >= lo && v < dSae, `an integer in [${lo}, dSae=${dSae}) (strictly increasing)`);
  });
  return [...(prefixes as number[]), dSae];
}

/**
 * The architectures `trainSae` knows, by name. JumpReLU and BatchTopK slot in here: an options
 * interface, a `resolve`, an {@link SaeActivation} variant and a training step.
 *
 * @example
 * ```ts
 * const topk = saeArchitectures.topk.resolve({ type: 'topk' }, 2048, 'options.architecture');
 * // { type: 'topk', k: 32, auxK: 256, auxCoefficient: 0.03125, resampleAtFractions: [], biasRevival: 0.3 }
 * ```
 */
export const saeArchitectures: Record<SaeArchitectureName, SaeArchitectureDefinition> = {
  topk: {
    saelensArchitecture: 'topk',
    tensors: ['b_enc'],
    optionKeys: ['k', 'auxK', 'auxCoefficient', 'resampleAtFractions', 'biasRevival'],
    defaultLearningRate: 1e-3,
    defaultBatchSize: 512,
    resolve(options, dSae, where) {
      const o = options as TopKArchitectureOptions;
      const k = checkNumber(where, 'k', o.k ?? 32, (v) => Number.isInteger(v) && v >= 1 && v <= dSae, `an integer in [1, dSae=${dSae}]`);
      const auxK = checkNumber(where, 'auxK', o.auxK ?? Math.min(256, dSae), (v) => Number.isInteger(v) && v >= 0 && v <= dSae, `an integer in [0, dSae=${dSae}]`);
      const auxCoefficient = checkNumber(where, 'auxCoefficient', o.auxCoefficient ?? 1 / 32, (v) => v >= 0 && Number.isFinite(v), 'a finite number >= 0');
      const fractions = o.resampleAtFractions ?? [];
      checkFractions(where, fractions);
      const biasRevival = checkNumber(where, 'biasRevival', o.biasRevival ?? 0.3, (v) => v >= 0 && v <= 1, 'a number in [0, 1]');
      return { type: 'topk', k, auxK, auxCoefficient, resampleAtFractions: [...fractions], biasRevival };
    },
    activation: (r) => ({ type: 'topk', k: (r as Required<TopKArchitectureOptions>).k }),
  },
  relu: {
    saelensArchitecture: 'standard',
    tensors: ['b_enc'],
    optionKeys: ['l1Coefficient', 'l1WarmupFraction', 'resampleAtFractions', 'biasRevival'],
    defaultLearningRate: 1e-3,
    defaultBatchSize: 256,
    resolve(options, _dSae, where) {
      const o = options as ReluArchitectureOptions;
      const l1Coefficient = checkNumber(where, 'l1Coefficient', o.l1Coefficient ?? 0.5, (v) => v >= 0 && Number.isFinite(v), 'a finite number >= 0');
      const l1WarmupFraction = checkNumber(where, 'l1WarmupFraction', o.l1WarmupFraction ?? 0.3, (v) => v >= 0 && v <= 1, 'a number in [0, 1]');
      const fractions = o.resampleAtFractions ?? [0.2, 0.4, 0.6];
      checkFractions(where, fractions);
      const biasRevival = checkNumber(where, 'biasRevival', o.biasRevival ?? 0, (v) => v >= 0 && v <= 1, 'a number in [0, 1]');
      return { type: 'relu', l1Coefficient, l1WarmupFraction, resampleAtFractions: [...fractions], biasRevival };
    },
    activation: () => ({ type: 'relu' }),
  },
  // Loading and inference only so far: trainSae rejects these until a training step is registered.
  jumprelu: {
    optionKeys: [],
    saelensArchitecture: 'jumprelu',
    tensors: ['b_enc', 'threshold'],
    defaultLearningRate: 1e-3,
    defaultBatchSize: 512,
    resolve(_options, _dSae, where) {
      throw new Error(`${where}.type 'jumprelu' cannot be trained yet (JumpReLU SAEs load and run: loadSae)`);
    },
    activation: () => ({ type: 'jumprelu' }),
  },
  gated: {
    optionKeys: [],
    saelensArchitecture: 'gated',
    tensors: ['b_gate', 'r_mag', 'b_mag'],
    defaultLearningRate: 1e-3,
    defaultBatchSize: 512,
    resolve(_options, _dSae, where) {
      throw new Error(`${where}.type 'gated' cannot be trained yet (gated SAEs load and run: loadSae)`);
    },
    activation: () => ({ type: 'gated' }),
  },
  batchtopk: {
    saelensArchitecture: 'jumprelu',
    tensors: ['b_enc', 'threshold'],
    optionKeys: ['k', 'auxK', 'auxCoefficient', 'thresholdLearningRate', 'resampleAtFractions', 'biasRevival'],
    defaultLearningRate: 1e-3,
    defaultBatchSize: 512,
    resolve(options, dSae, where) {
      const o = options as BatchTopKArchitectureOptions;
      return { type: 'batchtopk', ...resolveKOptions(o, dSae, where), thresholdLearningRate: resolveThresholdRate(o, where) };
    },
    activation: () => ({ type: 'jumprelu' }),
  },
  matryoshka: {
    saelensArchitecture: 'jumprelu',
    tensors: ['b_enc', 'threshold'],
    optionKeys: ['k', 'prefixes', 'auxK', 'auxCoefficient', 'thresholdLearningRate', 'resampleAtFractions', 'biasRevival'],
    defaultLearningRate: 1e-3,
    defaultBatchSize: 512,
    resolve(options, dSae, where) {
      const o = options as MatryoshkaArchitectureOptions;
      const base = resolveKOptions(o, dSae, where);
      return { type: 'matryoshka', ...base, prefixes: resolvePrefixes(o.prefixes, dSae, where), thresholdLearningRate: resolveThresholdRate(o, where) };
    },
    activation: () => ({ type: 'jumprelu' }),
  },
};
