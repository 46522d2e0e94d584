import type { SparseFeatures } from '@interp/sae';

/**
 * Non-zero feature activations grouped by feature (compressed sparse columns): feature `j`'s entries are
 * `start[j] .. start[j + 1]`, with their rows in increasing order in `row` and their activations in `value`.
 * Every per-feature sum over the columns runs in row order, as a loop over a dense `[rows, dSae]` matrix does,
 * so the sums are the same to the bit.
 *
 * @internal
 */
export interface FeatureColumns {
  rows: number;
  dSae: number;
  /** `[dSae + 1]` offsets into `row` and `value`. */
  start: Int32Array;
  /** Row of each entry. */
  row: Int32Array;
  /** Activation of each entry (never 0; NaN kept). */
  value: Float32Array;
}

/** Called with the first NaN in row-major order (row, then feature id). */
export type OnNaN = (row: number, feature: number) => void;

/** Prefix sums of per-feature counts into `start`, returning the total. */
function toOffsets(counts: Int32Array, dSae: number): Int32Array {
  const start = new Int32Array(dSae + 1);
  for (let j = 0; j < dSae; j++) start[j + 1] = start[j]! + counts[j]!;
  return start;
}

/**
 * The columns of a dense row-major `[rows, dSae]` matrix (its non-zero entries).
 *
 * @internal
 */
export function columnsFromDense(dense: Float32Array, rows: number, dSae: number, onNaN?: OnNaN): FeatureColumns {
  const counts = new Int32Array(dSae);
  for (let r = 0; r < rows; r++) {
    const base = r * dSae;
    for (let j = 0; j < dSae; j++) {
      const v = dense[base + j]!;
      if (v === 0) continue;
      if (onNaN && v !== v) onNaN(r, j);
      counts[j]!++;
    }
  }
  const start = toOffsets(counts, dSae);
  const next = start.slice(0, dSae);
  const row = new Int32Array(start[dSae]!);
  const value = new Float32Array(start[dSae]!);
  for (let r = 0; r < rows; r++) {
    const base = r * dSae;
    for (let j = 0; j < dSae; j++) {
      const v = dense[base + j]!;
      if (v === 0) continue;
      const p = next[j]!++;
      row[p] = r;
      value[p] = v;
    }
  }
  return { rows, dSae, start, row, value };
}

/**
 * The columns of sparse codes (`-1` slots and zero activations left out). A feature id that repeats within a
 * row keeps its last slot, as scattering the codes into a dense matrix would.
 *
 * @internal
 */
export function columnsFromCodes(codes: SparseFeatures, where: string, onNaN?: OnNaN): FeatureColumns {
  const { rows, k, dSae, indices, values } = codes;
  const counts = new Int32Array(dSae);
  // last slot of each (row, feature): a repeated id within a row is rare; mark the slots it overrides
  const seen = new Int32Array(dSae).fill(-1);
  const skip = new Uint8Array(rows * k);
  for (let r = 0; r < rows; r++) {
    let nanFeature = -1;
    for (let t = r * k + k - 1; t >= r * k; t--) {
      const j = indices[t]!;
      if (j < 0) continue;
      if (j >= dSae) throw new RangeError(`${where}: codes.indices[${t}] = ${j} is not a feature id in [0, ${dSae})`);
      if (seen[j] === r) {
        skip[t] = 1;
        continue;
      }
      seen[j] = r;
      const v = values[t]!;
      if (v === 0) {
        skip[t] = 1;
        continue;
      }
      if (v !== v && (nanFeature < 0 || j < nanFeature)) nanFeature = j;
      counts[j]!++;
    }
    if (onNaN && nanFeature >= 0) onNaN(r, nanFeature);
  }
  const start = toOffsets(counts, dSae);
  const next = start.slice(0, dSae);
  const row = new Int32Array(start[dSae]!);
  const value = new Float32Array(start[dSae]!);
  for (let r = 0; r < rows; r++) {
    for (let t = r * k, e = t + k; t < e; t++) {
      const j = indices[t]!;
      if (j < 0 || skip[t]) continue;
      const p = next[j]!++;
      row[p] = r;
      value[p] = values[t]!;
    }
  }
  return { rows, dSae, start, row, value };
}
