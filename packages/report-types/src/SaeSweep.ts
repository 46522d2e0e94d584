/**
 * One SAE of a sweep (several SAEs trained on the same batches, `@interp/sae`'s `trainSaes`): which SAE, and
 * its final measurements.
 *
 * @example
 * ```ts
 * const row: SaeSweepRow = { index: 0, label: 'topk k=16 dSae=256', architecture: 'topk', k: 16, targetL0: null, l1Coefficient: null, dSae: 256, fve: 0.91, l0: 16, deadFraction: 0.02, split: 'validation' };
 * ```
 */
export interface SaeSweepRow {
  /** Position in the sweep's list of SAE configs. */
  index: number;
  label: string;
  /** `topk`, `relu`, `batchtopk`, `jumprelu`, `matryoshka` or `gated`. */
  architecture: string;
  /** `k` of the k-sparse architectures, else null. */
  k: number | null;
  /** `targetL0` of relu, jumprelu and gated when set, else null. */
  targetL0: number | null;
  /** The (start) L1 coefficient of relu and gated, else null. */
  l1Coefficient: number | null;
  /** Dictionary size. */
  dSae: number;
  /** Fraction of variance explained at the final evaluation (0..1; held-out rows when there are any). */
  fve: number;
  /** Mean active features per row at the final evaluation. */
  l0: number;
  /** Fraction of features that never fired on the training rows (0..1). */
  deadFraction: number;
  /** Which rows `fve` and `l0` were measured on (`validation` or `train-sample`). */
  split: string;
}

/**
 * A sweep of SAEs in a run summary: one row per SAE, and which of them the rest of the run used.
 *
 * @example
 * ```ts
 * const sweep: SaeSweep = { rows: [row], chosen: 0, batchesRead: 120, seconds: 14.2 };
 * ```
 */
export interface SaeSweep {
  rows: SaeSweepRow[];
  /** Index of the SAE the rest of the run (probe, dashboard) used, when one was chosen. */
  chosen?: number;
  /** Batches read for the whole sweep (each SAE stepped on every one). */
  batchesRead?: number;
  /** Wall-clock seconds of the sweep. */
  seconds?: number;
}
