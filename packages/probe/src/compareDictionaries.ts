import { checkInteger, checkKnownKeys, checkNumber } from '@interp/core';

/**
 * Thresholds of {@link compareDictionaries}.
 *
 * @example
 * ```ts
 * import { compareDictionaries, type CompareDictionariesOptions } from '@interp/probe';
 * const options: CompareDictionariesOptions = { recoveryThreshold: 0.8, splitThreshold: 0.6 };
 * const m = compareDictionaries(sae.getWeights().W_dec, s.directions, s.width, options);
 * ```
 */
export interface CompareDictionariesOptions {
  /** A true feature is recovered when some latent's cosine with it is > this; in (0, 1]. Default 0.9. */
  recoveryThreshold?: number;
  /**
   * A latent counts towards splitting a true feature when that feature is the latent's closest one and
   * their cosine is >= this; in (0, 1]. Default 0.5.
   */
  splitThreshold?: number;
  /**
   * Absorption: a latent's residual (its unit direction minus its projection on its closest true
   * feature) must have at least this norm; in (0, 1). Default 0.3.
   */
  absorptionResidual?: number;
  /**
   * Absorption: the residual's cosine with a second true feature (orthogonalised against the closest
   * one) must be >= this; in (0, 1]. Default 0.5.
   */
  absorptionCosine?: number;
}

/**
 * What {@link compareDictionaries} measures.
 *
 * @example
 * ```ts
 * import { compareDictionaries, type DictionaryComparison } from '@interp/probe';
 * const m: DictionaryComparison = compareDictionaries(sae.getWeights().W_dec, s.directions, s.width);
 * console.log(`${m.recovered}/${m.trueFeatures} features recovered (MMCS ${m.meanMaxCosine.toFixed(3)})`);
 * ```
 */
export interface DictionaryComparison {
  /** Number of true features (rows of `truth`). */
  trueFeatures: number;
  /** Number of learned latents (rows of `learned`). */
  latents: number;
  /** Mean over true features of the largest cosine with any latent (MMCS). */
  meanMaxCosine: number;
  /** True features with a latent at cosine > `recoveryThreshold`. */
  recovered: number;
  /** `recovered / trueFeatures`. */
  recoveredFraction: number;
  /** Per true feature: its largest cosine with any latent. */
  maxCosine: Float32Array;
  /** Per true feature: the latent reaching it. */
  bestLatent: Int32Array;
  /** Per latent: the largest cosine with any true feature (0 for a zero latent). */
  latentMaxCosine: Float32Array;
  /** Per latent: its closest true feature (-1 for a zero latent). */
  latentBestFeature: Int32Array;
  /**
   * Split true features: those that are the closest true feature, at cosine >= `splitThreshold`, of
   * two or more latents (the feature is spread over, or duplicated in, several latents).
   */
  splitFeatures: number;
  /** Latents beyond the first of every split feature (how many latents the splitting costs). */
  splitExtraLatents: number;
  /**
   * Absorbing latents: latents `j` with closest true feature `p` (cosine `c`) whose residual
   * `r = w_j - c u_p` has norm `sqrt(1 - c^2) >= absorptionResidual` and cosine >= `absorptionCosine`
   * with some other true feature `u_q` orthogonalised against `u_p` (the latent has absorbed a
   * sizeable part of a second feature's direction).
   */
  absorbingLatents: number;
  /** Distinct true features `q` absorbed by some absorbing latent. */
  absorbedFeatures: number;
}

/** Unit-normalised copy of the rows of a `[rows, width]` matrix (zero rows stay zero); checks finiteness. */
function normaliseRows(m: Float32Array, rows: number, width: number, name: string): Float32Array {
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    let n2 = 0;
    for (let i = 0; i < width; i++) {
      const v = m[r * width + i]!;
      if (!Number.isFinite(v)) throw new RangeError(`compareDictionaries: ${name} row ${r} column ${i} is ${v}; must be finite`);
      n2 += v * v;
    }
    const inv = n2 > 0 ? 1 / Math.sqrt(n2) : 0;
    for (let i = 0; i < width; i++) out[r * width + i] = m[r * width + i]! * inv;
  }
  return out;
}

/**
 * Compares a learned dictionary (an SAE's decoder rows `W_dec [latents, width]`) with the known true
 * feature directions `[trueFeatures, width]` (e.g. `generateSuperposition(...).directions` from
 * `@interp/dataset`), by cosine similarity of directions (both sides are normalised; magnitudes do
 * not matter):
 *
 * - **mean max cosine similarity** (MMCS, Sharkey et al. 2022): the mean over true features of the
 *   largest cosine with any latent;
 * - **recovered**: true features with some latent at cosine > `recoveryThreshold` (0.9);
 * - **feature splitting**: true features that are the closest true feature, at cosine >=
 *   `splitThreshold` (0.5), of two or more latents;
 * - **absorption**: latents whose direction, after removing its closest true feature `u_p`, keeps a
 *   residual of norm >= `absorptionResidual` (0.3) pointing (cosine >= `absorptionCosine`, 0.5) at
 *   another true feature orthogonalised against `u_p`; `absorbedFeatures` counts those other features.
 *
 * @example
 * ```ts
 * import { generateSuperposition } from '@interp/dataset';
 * const s = generateSuperposition({ rows: 50_000, dimensions: 128, features: 512, seed: 1 });
 * // ... train an SAE on s.data ...
 * const m = compareDictionaries(sae.getWeights().W_dec, s.directions, 128);
 * console.log(m.recoveredFraction, m.meanMaxCosine, m.splitFeatures, m.absorbingLatents);
 * ```
 * @throws RangeError naming `width`, `learned`, `truth` (size, or a non-finite entry with its row and
 * column) or an option with its valid range.
 */
export function compareDictionaries(
  learned: Float32Array,
  truth: Float32Array,
  width: number,
  options: CompareDictionariesOptions = {},
): DictionaryComparison {
  checkInteger(width, 'compareDictionaries: width', { min: 1 });
  if (!(learned instanceof Float32Array) || learned.length === 0 || learned.length % width !== 0) {
    throw new RangeError(`compareDictionaries: learned must be a non-empty Float32Array of [latents, width=${width}] floats, got length ${String((learned as { length?: unknown } | undefined)?.length)}`);
  }
  if (!(truth instanceof Float32Array) || truth.length === 0 || truth.length % width !== 0) {
    throw new RangeError(`compareDictionaries: truth must be a non-empty Float32Array of [trueFeatures, width=${width}] floats, got length ${String((truth as { length?: unknown } | undefined)?.length)}`);
  }
  checkKnownKeys(options, 'compareDictionaries: options', ['recoveryThreshold', 'splitThreshold', 'absorptionResidual', 'absorptionCosine']);
  const recoveryThreshold = checkNumber(options.recoveryThreshold ?? 0.9, 'compareDictionaries: options.recoveryThreshold', { min: 0, max: 1, exclusiveMin: true });
  const splitThreshold = checkNumber(options.splitThreshold ?? 0.5, 'compareDictionaries: options.splitThreshold', { min: 0, max: 1, exclusiveMin: true });
  const absorptionResidual = checkNumber(options.absorptionResidual ?? 0.3, 'compareDictionaries: options.absorptionResidual', { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  const absorptionCosine = checkNumber(options.absorptionCosine ?? 0.5, 'compareDictionaries: options.absorptionCosine', { min: 0, max: 1, exclusiveMin: true });

  const m = learned.length / width;
  const n = truth.length / width;
  const L = normaliseRows(learned, m, width, 'learned');
  const T = normaliseRows(truth, n, width, 'truth');
  // C[j, q] = cos(latent j, true feature q)
  const C = new Float32Array(m * n);
  for (let j = 0; j < m; j++) {
    const lo = j * width;
    for (let q = 0; q < n; q++) {
      const to = q * width;
      let s = 0;
      for (let i = 0; i < width; i++) s += L[lo + i]! * T[to + i]!;
      C[j * n + q] = s;
    }
  }
  const maxCosine = new Float32Array(n).fill(-Infinity);
  const bestLatent = new Int32Array(n).fill(-1);
  const latentMaxCosine = new Float32Array(m);
  const latentBestFeature = new Int32Array(m).fill(-1);
  const splitCount = new Int32Array(n);
  for (let j = 0; j < m; j++) {
    let best = -Infinity;
    let bq = -1;
    for (let q = 0; q < n; q++) {
      const c = C[j * n + q]!;
      if (c > best) {
        best = c;
        bq = q;
      }
      if (c > maxCosine[q]!) {
        maxCosine[q] = c;
        bestLatent[q] = j;
      }
    }
    const zero = L[j * width] === 0 && L.subarray(j * width, (j + 1) * width).every((v) => v === 0);
    latentMaxCosine[j] = zero ? 0 : best;
    latentBestFeature[j] = zero ? -1 : bq;
    if (!zero && best >= splitThreshold) splitCount[bq]!++;
  }
  let sum = 0;
  let recovered = 0;
  let splitFeatures = 0;
  let splitExtraLatents = 0;
  for (let q = 0; q < n; q++) {
    sum += maxCosine[q]!;
    if (maxCosine[q]! > recoveryThreshold) recovered++;
    if (splitCount[q]! >= 2) {
      splitFeatures++;
      splitExtraLatents += splitCount[q]! - 1;
    }
  }
  // absorption: residual of latent j after its closest feature p, against u_q orthogonalised to u_p:
  // cos = (C[j,q] - c G[p,q]) / (sqrt(1 - c^2) sqrt(1 - G[p,q]^2)), G the true features' Gram matrix
  let absorbingLatents = 0;
  const absorbed = new Uint8Array(n);
  const gramRow = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    const p = latentBestFeature[j]!;
    const c = latentMaxCosine[j]!;
    if (p < 0) continue;
    const residual = Math.sqrt(Math.max(0, 1 - c * c));
    if (residual < absorptionResidual) continue;
    for (let q = 0; q < n; q++) {
      let g = 0;
      for (let i = 0; i < width; i++) g += T[p * width + i]! * T[q * width + i]!;
      gramRow[q] = g;
    }
    let absorbs = false;
    for (let q = 0; q < n; q++) {
      if (q === p) continue;
      const g = gramRow[q]!;
      const orth = Math.sqrt(Math.max(0, 1 - g * g));
      if (orth < 1e-6) continue;
      const cos = (C[j * n + q]! - c * g) / (residual * orth);
      if (cos >= absorptionCosine) {
        absorbs = true;
        absorbed[q] = 1;
      }
    }
    if (absorbs) absorbingLatents++;
  }
  let absorbedFeatures = 0;
  for (let q = 0; q < n; q++) absorbedFeatures += absorbed[q]!;
  return {
    trueFeatures: n,
    latents: m,
    meanMaxCosine: sum / n,
    recovered,
    recoveredFraction: recovered / n,
    maxCosine,
    bestLatent,
    latentMaxCosine,
    latentBestFeature,
    splitFeatures,
    splitExtraLatents,
    absorbingLatents,
    absorbedFeatures,
  };
}
