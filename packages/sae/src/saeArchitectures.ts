import { checkInteger, checkNumber } from '@interp/core';
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
   * best row of the batch reaches 0.5 x the threshold (a homeostatic nudge, like loss-free load balancing of mixture-of-experts routers): positive, so that AuxK can train it, but below the top k. It
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
  /**
   * L1 coefficient (scale-free: the penalty is divided by the batch's RMS norm); >= 0. Default 0.5. Given
   * without `targetL0`, it stays fixed; with a target it is the controller's start value.
   */
  l1Coefficient?: number;
  /**
   * Fraction of the steps over which the L1 coefficient ramps up linearly from 0; in [0, 1]. Default 0.3:
   * longer than the April update's 5% because runs of a few hundred steps otherwise lose most features
   * to the early L1 collapse (measured on an MLP's activations: 70% dead at 0.05, none at 0.3).
   */
  l1WarmupFraction?: number;
  /**
   * Mean active features per row to reach: the L1 coefficient adapts during training (starting at
   * `l1Coefficient`; a multiplicative controller on the batches' running mean L0) until the batches' L0 is this; a number in
   * (0, dSae], or null to keep `l1Coefficient` fixed. Default `min(32, max(1, round(dSae / 8)))` when
   * `l1Coefficient` is not given, else null (the coefficient as given). Measured on superposition data
   * (bench/superposition.mjs, 980 steps): held-out L0 8.2 for a target of 8 and 32.5 for 32 (gated: 8.2 for 8,
   * 16.1 for 16; jumprelu: 9.3 for 8, 15.5 for 16): the final learning-rate decay leaves a few percent.
   */
  targetL0?: number | null;
  /** Points of training (fractions of the steps, each in (0, 1)) where dead features are resampled. Default [0.2, 0.4, 0.6]. */
  resampleAtFractions?: number[];
  /**
   * Bias revival (see {@link TopKArchitectureOptions.biasRevival}) with the batch's mean positive
   * activation as the scale, capped where a feature's best row reaches half of it; in [0, 1]. Default 0.1
   * with a `targetL0` (the reference MLP activations, targetL0 32, 40 epochs: 0% of the features dead instead
   * of 43%, held-out FVE 0.967 instead of 0.985 at L0 35, spliced MSE recovered 86.7%; 0.3 gave the same 0% dead
   * at FVE 0.961, MSE recovered 82.8%; superposition data, 50k rows: FVE 0.888, every true feature recovered,
   * as with 0.3), else 0: with a fixed L1 coefficient it kept every feature alive but worsened the L0/FVE trade-off.
   */
  biasRevival?: number;
}

/**
 * JumpReLU (Rajamanoharan et al. 2024, "Jumping Ahead: Improving Reconstruction Fidelity with JumpReLU Sparse
 * Autoencoders", arXiv:2407.14435; the Gemma Scope SAEs): `f = pre * (pre > theta)` with a learned threshold
 * per feature, trained with straight-through estimators (rectangle-kernel pseudo-derivatives) and an L0
 * penalty whose coefficient adapts until the batches' mean L0 is `targetL0`. Saved as SAELens `jumprelu`.
 *
 * @example
 * ```ts
 * import { trainSae } from '@interp/sae';
 * const { sae } = await trainSae(activations, { dSae: 1024, architecture: { type: 'jumprelu', targetL0: 16 } });
 * sae.getWeights().threshold; // Float32Array [1024]: one learned threshold per feature
 * ```
 */
export interface JumpReluArchitectureOptions {
  type: 'jumprelu';
  /**
   * Mean active features per row the L0 coefficient adapts to; a number in (0, dSae], or null to keep
   * `l0Coefficient` fixed. Default `min(32, max(1, round(dSae / 8)))` when `l0Coefficient` is not given, else null.
   */
  targetL0?: number | null;
  /** L0 coefficient (the start value when `targetL0` is set); > 0. Default `0.1 / targetL0` (0.003 when fixed). */
  l0Coefficient?: number;
  /**
   * Width of the rectangle kernel, as a fraction of the mean positive pre-activation at initialisation (so it
   * needs no tuning to the activations' scale); > 0. Default 0.5. The thresholds start at this width too.
   * Superposition bench (50k rows, targetL0 8): true features recovered 88.3% at 0.1, 93.2% at 0.2, 95.7% at
   * 0.3, 97.9% at 0.5 (a narrow kernel gives the thresholds too few rows to learn from); 0.03 missed the target
   * L0 (20.8 for 8).
   */
  bandwidth?: number;
  /** As {@link ReluArchitectureOptions.resampleAtFractions}. Default `[]`. */
  resampleAtFractions?: number[];
  /**
   * As {@link ReluArchitectureOptions.biasRevival}. Default 0.1 with a `targetL0`, else 0: on the reference MLP
   * activations (targetL0 32, bandwidth 0.5) 0% of the features dead instead of 57%, held-out FVE 0.983 (0.972
   * at 0.3, 0.989 without revival); superposition bench (50k rows, targetL0 8): 98.0% recovered (97.7% at 0.3),
   * L0 6.9.
   */
  biasRevival?: number;
}

/**
 * Gated SAE (Rajamanoharan, Conmy, Smith, Lieberum, Varma, Kramár, Shah and Nanda 2024, "Improving Dictionary
 * Learning with Gated Sparse Autoencoders", arXiv:2404.16014): a gate `x' W_gate + b_gate > 0` decides which
 * features fire and a magnitude path `x' W_gate exp(r_mag) + b_mag` (the same weights up to a per-feature scale)
 * decides how strongly, so the L1 penalty (on the gate path only) does not shrink the magnitudes. An auxiliary
 * loss decodes `relu(gate)` with a frozen copy of the decoder so that the gate path learns to reconstruct. Saved
 * in the SAELens `gated` layout (`W_enc` = W_gate, `b_gate`, `r_mag`, `b_mag`).
 *
 * @example
 * ```ts
 * import { trainSae } from '@interp/sae';
 * const { sae } = await trainSae(activations, { dSae: 1024, architecture: { type: 'gated', targetL0: 16 } });
 * ```
 */
export interface GatedArchitectureOptions {
  type: 'gated';
  /** As {@link ReluArchitectureOptions.targetL0} (the L1 coefficient of the gate path adapts to it). */
  targetL0?: number | null;
  /** L1 coefficient of the gate path, scale-free as ReLU's; >= 0. Default 0.5 (the start value under `targetL0`). */
  l1Coefficient?: number;
  /** As {@link ReluArchitectureOptions.l1WarmupFraction}. Default 0.05. */
  l1WarmupFraction?: number;
  /** As {@link ReluArchitectureOptions.resampleAtFractions}. Default `[]`. */
  resampleAtFractions?: number[];
  /**
   * As {@link ReluArchitectureOptions.biasRevival}, on the gate's bias `b_gate` (the gate decides which
   * features fire), and the same nudge on the magnitude bias `b_mag` (so that a feature whose gate opens outputs a
   * positive value). Default 0.1 with a `targetL0`, else 0. On the reference MLP activations (targetL0 32, dSae
   * 2048, 40 epochs, last 800 rows held out): no feature dead instead of 42%, held-out FVE 0.988 instead of 0.989
   * (0.3: 0.05% dead, FVE 0.988 at L0 34.2 instead of 33.3; on 2000 MLP-like rows FVE 0.39 instead of 0.78);
   * reviving `b_gate` alone (before) left most revived gates open over a negative magnitude. Resampling
   * (`resampleAtFractions` [0.2, 0.4, 0.6]) did not help there (41% dead). The nudge is on the gate's
   * scale (its mean positive pre-activation); on the magnitudes' scale it opened revived gates on too many rows
   * of small data sets (2000 MLP-like rows: FVE below 0).
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
  | MatryoshkaArchitectureOptions
  | JumpReluArchitectureOptions
  | GatedArchitectureOptions;

/**
 * Architecture options with every default filled in.
 *
 * @example
 * ```ts
 * import type { ResolvedArchitecture } from '@interp/sae';
 * const arch: ResolvedArchitecture = history.architecture; // every option of the architecture that trained
 * const label = 'k' in arch ? `${arch.type}, k = ${arch.k}` : `${arch.type}, target L0 ${arch.targetL0 ?? 'none'}`;
 * ```
 */
export type ResolvedArchitecture =
  | Required<TopKArchitectureOptions>
  | Required<ReluArchitectureOptions>
  | Required<BatchTopKArchitectureOptions>
  | Required<MatryoshkaArchitectureOptions>
  | Required<JumpReluArchitectureOptions>
  | Required<GatedArchitectureOptions>;

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
  /** `[dSae]` parameter blocks the architecture trains besides W_enc, W_dec, b_enc, b_dec (default 0). */
  extraPerFeature?: number;
  /** Fills defaults and checks ranges; `where` prefixes error messages. */
  resolve(options: Partial<SaeArchitectureOptions>, dSae: number, where: string): ResolvedArchitecture;
  /** The activation an SAE of this architecture runs with. */
  activation(resolved: ResolvedArchitecture): SaeActivation;
}

/** `resampleAtFractions` as given, else `fallback`: checked (each in (0, 1)) and copied. */
function resolveResampleFractions(given: number[] | undefined, fallback: number[], where: string): number[] {
  const fractions: unknown = given ?? fallback;
  if (!Array.isArray(fractions)) throw new Error(`${where}.resampleAtFractions must be an array of numbers in (0, 1)`);
  fractions.forEach((f, i) => checkNumber(f, `${where}.resampleAtFractions[${i}]`, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true }));
  return [...(fractions as number[])];
}

/** `biasRevival` as given, else `fallback`; checked to lie in [0, 1]. */
function resolveBiasRevival(given: number | undefined, fallback: number, where: string): number {
  return checkNumber(given ?? fallback, `${where}.biasRevival`, { min: 0, max: 1 });
}

function resolveKOptions(o: { k?: number; auxK?: number; auxCoefficient?: number; resampleAtFractions?: number[]; biasRevival?: number }, dSae: number, where: string) {
  const k = checkInteger(o.k ?? 32, `${where}.k`, { min: 1, max: dSae, maxName: 'dSae' });
  const auxK = checkInteger(o.auxK ?? Math.min(256, dSae), `${where}.auxK`, { min: 0, max: dSae, maxName: 'dSae' });
  const auxCoefficient = checkNumber(o.auxCoefficient ?? 1 / 32, `${where}.auxCoefficient`, { min: 0 });
  const resampleAtFractions = resolveResampleFractions(o.resampleAtFractions, [], where);
  const biasRevival = resolveBiasRevival(o.biasRevival, 0.3, where);
  return { k, auxK, auxCoefficient, resampleAtFractions, biasRevival };
}

/**
 * The `targetL0` in force: as given, else (no coefficient given either) `min(32, max(1, round(dSae / 8)))`,
 * else null (the given coefficient stays fixed).
 */
function resolveTargetL0(given: number | null | undefined, coefficientGiven: boolean, dSae: number, where: string): number | null {
  const t = given === undefined ? (coefficientGiven ? null : Math.min(32, Math.max(1, Math.round(dSae / 8)))) : given;
  if (t === null) return null;
  return checkNumber(t, `${where}.targetL0`, { min: 0, max: dSae, exclusiveMin: true, maxName: 'dSae' });
}

function resolveThresholdRate(o: { thresholdLearningRate?: number }, where: string): number {
  return checkNumber(o.thresholdLearningRate ?? 0.01, `${where}.thresholdLearningRate`, { min: 0, max: 1, exclusiveMin: true });
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
    checkInteger(p, `${where}.prefixes[${i}] (strictly increasing)`, { min: lo, max: dSae, exclusiveMax: true, maxName: 'dSae' });
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
      return { type: 'topk', ...resolveKOptions(options as TopKArchitectureOptions, dSae, where) };
    },
    activation: (r) => ({ type: 'topk', k: (r as Required<TopKArchitectureOptions>).k }),
  },
  relu: {
    saelensArchitecture: 'standard',
    tensors: ['b_enc'],
    optionKeys: ['l1Coefficient', 'l1WarmupFraction', 'targetL0', 'resampleAtFractions', 'biasRevival'],
    defaultLearningRate: 1e-3,
    defaultBatchSize: 256,
    resolve(options, dSae, where) {
      const o = options as ReluArchitectureOptions;
      const l1Coefficient = checkNumber(o.l1Coefficient ?? 0.5, `${where}.l1Coefficient`, { min: 0 });
      const l1WarmupFraction = checkNumber(o.l1WarmupFraction ?? 0.3, `${where}.l1WarmupFraction`, { min: 0, max: 1 });
      const resampleAtFractions = resolveResampleFractions(o.resampleAtFractions, [0.2, 0.4, 0.6], where);
      const targetL0 = resolveTargetL0(o.targetL0, o.l1Coefficient !== undefined, dSae, where);
      const biasRevival = resolveBiasRevival(o.biasRevival, targetL0 === null ? 0 : 0.1, where);
      return { type: 'relu', l1Coefficient, l1WarmupFraction, targetL0, resampleAtFractions, biasRevival };
    },
    activation: () => ({ type: 'relu' }),
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
  jumprelu: {
    saelensArchitecture: 'jumprelu',
    tensors: ['b_enc', 'threshold'],
    optionKeys: ['targetL0', 'l0Coefficient', 'bandwidth', 'resampleAtFractions', 'biasRevival'],
    defaultLearningRate: 1e-3,
    defaultBatchSize: 256,
    extraPerFeature: 1,
    resolve(options, dSae, where) {
      const o = options as JumpReluArchitectureOptions;
      const targetL0 = resolveTargetL0(o.targetL0, o.l0Coefficient !== undefined, dSae, where);
      const l0Coefficient = checkNumber(o.l0Coefficient ?? (targetL0 === null ? 0.003 : 0.1 / targetL0), `${where}.l0Coefficient`, { min: 0, exclusiveMin: true });
      const bandwidth = checkNumber(o.bandwidth ?? 0.5, `${where}.bandwidth`, { min: 0, exclusiveMin: true });
      const resampleAtFractions = resolveResampleFractions(o.resampleAtFractions, [], where);
      const biasRevival = resolveBiasRevival(o.biasRevival, targetL0 === null ? 0 : 0.1, where);
      return { type: 'jumprelu', targetL0, l0Coefficient, bandwidth, resampleAtFractions, biasRevival };
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
  gated: {
    saelensArchitecture: 'gated',
    tensors: ['b_gate', 'r_mag', 'b_mag'],
    optionKeys: ['targetL0', 'l1Coefficient', 'l1WarmupFraction', 'resampleAtFractions', 'biasRevival'],
    defaultLearningRate: 1e-3,
    defaultBatchSize: 256,
    extraPerFeature: 2,
    resolve(options, dSae, where) {
      const o = options as GatedArchitectureOptions;
      const l1Coefficient = checkNumber(o.l1Coefficient ?? 0.5, `${where}.l1Coefficient`, { min: 0 });
      const l1WarmupFraction = checkNumber(o.l1WarmupFraction ?? 0.05, `${where}.l1WarmupFraction`, { min: 0, max: 1 });
      const targetL0 = resolveTargetL0(o.targetL0, o.l1Coefficient !== undefined, dSae, where);
      const resampleAtFractions = resolveResampleFractions(o.resampleAtFractions, [], where);
      const biasRevival = resolveBiasRevival(o.biasRevival, targetL0 === null ? 0 : 0.1, where);
      return { type: 'gated', targetL0, l1Coefficient, l1WarmupFraction, resampleAtFractions, biasRevival };
    },
    activation: () => ({ type: 'gated' }),
  },
};
