import { assertBackend } from './assertBackend';
import type { Sae } from './Sae';
import { createThreadedEncoder, type ThreadedEncoder } from './createThreadedEncoder';
import { checkMatrix, toActivationSource, type ActivationMatrix, type ActivationSource, type SaeInput } from './toActivationSource';

/**
 * Counts of features per log10 firing-frequency bin.
 *
 * @example
 * ```ts
 * import { evaluateSae, type FeatureDensityHistogram } from '@interp/sae';
 * const h: FeatureDensityHistogram = (await evaluateSae(sae, acts)).densityHistogram;
 * h.counts.forEach((n, i) => console.log(`10^${h.edges[i]!.toFixed(1)}: ${n} features`));
 * console.log(`${h.neverFired} never fired`);
 * ```
 */
export interface FeatureDensityHistogram {
  /** Bin edges in log10(frequency), ascending; `counts[i]` covers `[edges[i], edges[i + 1])`, the last bin includes 0. */
  edges: number[];
  /** Features per bin (features that never fired are counted in {@link FeatureDensityHistogram.neverFired} only). */
  counts: number[];
  /** Features that never fired (log10 frequency = -Infinity). */
  neverFired: number;
}

/**
 * Quality and sparsity of an SAE on a set of rows.
 *
 * @example
 * ```ts
 * import { evaluateSae, type SaeMetrics } from '@interp/sae';
 * const m: SaeMetrics = await evaluateSae(sae, heldOut);
 * console.log(`FVE ${m.fve.toFixed(3)}, L0 ${m.l0.toFixed(1)}, dead ${(100 * m.deadFraction).toFixed(1)}%`);
 * ```
 */
export interface SaeMetrics {
  /** Rows evaluated. */
  rows: number;
  /** Mean squared reconstruction error per element. */
  mse: number;
  /** Fraction of variance explained: `1 - sum ||x - x_hat||^2 / sum ||x - mean(x)||^2`. */
  fve: number;
  /** Mean number of active (> 0) features per row. */
  l0: number;
  /** Fraction of features that never fired on these rows (the window). */
  deadFraction: number;
  /** Fraction of features firing on more than 10% of the rows. */
  denseFraction: number;
  /** Per-feature firing frequency (fraction of rows where the feature is > 0), length dSae. */
  featureFrequency: Float32Array;
  /** Histogram of log10 firing frequency. */
  densityHistogram: FeatureDensityHistogram;
}

/**
 * Each feature's firing frequency from its firing count over `rows` rows, and the dead (never fired) and dense
 * (firing on more than 10% of rows) fractions, as {@link SaeMetrics} reports them.
 *
 * @internal Shared by {@link evaluateSae} and `mergeFeatureFrequencies`.
 * @example
 * ```ts
 * const { featureFrequency, deadFraction } = summarizeFiring(new Float64Array([0, 5, 40]), 100);
 * // featureFrequency [0, 0.05, 0.4]; deadFraction 1/3; denseFraction 1/3
 * ```
 */
export function summarizeFiring(fires: Float64Array, rows: number): { featureFrequency: Float32Array; deadFraction: number; denseFraction: number } {
  const dSae = fires.length;
  const featureFrequency = new Float32Array(dSae);
  let dead = 0;
  let dense = 0;
  for (let j = 0; j < dSae; j++) {
    const f = fires[j]! / rows;
    featureFrequency[j] = f;
    if (fires[j] === 0) dead++;
    if (f > 0.1) dense++;
  }
  return { featureFrequency, deadFraction: dead / dSae, denseFraction: dense / dSae };
}

/**
 * Bins log10 feature firing frequencies; default edges -7 ... 0 in steps of 0.5.
 *
 * @example
 * ```ts
 * const h = computeDensityHistogram(new Float32Array([0, 0.001, 0.5]));
 * // h.neverFired === 1; one feature near -3, one near -0.3
 * ```
 */
export function computeDensityHistogram(frequency: Float32Array, edges?: number[]): FeatureDensityHistogram {
  const e = edges ?? Array.from({ length: 15 }, (_, i) => -7 + i * 0.5);
  const counts = new Array<number>(e.length - 1).fill(0);
  let neverFired = 0;
  for (const f of frequency) {
    if (!(f > 0)) {
      neverFired++;
      continue;
    }
    const l = Math.log10(f);
    let bin = 0;
    while (bin < counts.length - 1 && l >= e[bin + 1]!) bin++;
    counts[bin]!++;
  }
  return { edges: e, counts, neverFired };
}

/** Sparse codes of a chunk already encoded elsewhere (the threaded trainer's kernels): row `b`'s `count[b]` active features at `[b * k, b * k + count[b])`. */
export interface EncodedChunk {
  count: Int32Array;
  idx: Int32Array;
  val: Float32Array;
  k: number;
  /** Squared reconstruction error of each row. */
  rowSse: Float32Array;
  /**
   * Squared error of each element `[rows, dIn]` (float64) of a reconstruction decoded as `Sae.decodeSparse` does;
   * when given, the accumulator sums these in order instead of `rowSse`, so MSE and FVE equal the SAE's own path bit for bit.
   */
  sq?: Float64Array;
}

/**
 * `start` plus `values[0] + values[1] + ...` up to `n` values, added one at a time in index order (float64).
 * The accumulator's sums run in these plain functions with local variables: the same additions in the same
 * order as a loop updating a closure's variables, which read and wrote it through the closure's context on
 * every element (about 36 ns per element against about 1-3).
 */
function sumInOrder(values: ArrayLike<number>, n: number, start: number): number {
  let s = start;
  for (let t = 0; t < n; t++) s += values[t]!;
  return s;
}

/** `start` plus the squared differences `(x[i] - y[i])^2` over `y`'s length, added in index order (float64). */
function sumSquaredDifferences(x: Float32Array, y: ArrayLike<number>, start: number): number {
  let s = start;
  for (let i = 0; i < y.length; i++) {
    const e = x[i]! - y[i]!;
    s += e * e;
  }
  return s;
}

/** Counts the positive codes of slots `[from, to)` per feature into `fires`; returns how many. */
function addFiring(idx: ArrayLike<number>, val: ArrayLike<number>, from: number, to: number, fires: Float64Array): number {
  let active = 0;
  for (let t = from; t < to; t++) {
    if (val[t]! > 0) {
      fires[idx[t]!]!++;
      active++;
    }
  }
  return active;
}

/** Adds the rows of `[rows, width]` `data` to the column sums `colSum` and returns `sumSq` plus their squares, in row order. */
function addColumnSums(data: Float32Array, rows: number, width: number, colSum: Float64Array, sumSq: number): number {
  let s = sumSq;
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    for (let c = 0; c < width; c++) {
      const v = data[o + c]!;
      colSum[c]! += v;
      s += v * v;
    }
  }
  return s;
}

/** {@link addFiring} over slots `[b k, b k + count[b])` of each row. */
function countFiring(count: Int32Array, idx: Int32Array, val: Float32Array, k: number, rows: number, fires: Float64Array): number {
  let active = 0;
  for (let b = 0; b < rows; b++) active += addFiring(idx, val, b * k, b * k + count[b]!, fires);
  return active;
}

/** Accumulates metrics chunk by chunk (encoding with the SAE's own methods, or from codes computed elsewhere). */
export function createMetricsAccumulator(sae: Pick<Sae, 'config'> & Partial<Pick<Sae, 'encodeSparse' | 'decodeSparse'>>): {
  add(chunk: ActivationMatrix): void;
  addEncoded(chunk: ActivationMatrix, codes: EncodedChunk): void;
  result(): SaeMetrics;
} {
  const { dIn, dSae } = sae.config;
  const addColumns = (chunk: ActivationMatrix): void => {
    sumSq = addColumnSums(chunk.data, chunk.rows, dIn, colSum, sumSq);
    rows += chunk.rows;
  };
  const fires = new Float64Array(dSae);
  const colSum = new Float64Array(dIn);
  let sumSq = 0;
  let sse = 0;
  let active = 0;
  let rows = 0;
  return {
    add(chunk) {
      if (chunk.rows === 0) return;
      if (chunk.width !== dIn) throw new Error(`evaluateSae: input width must be dIn=${dIn}, got ${chunk.width}`);
      // sparse encode and decode (through the SAE's own methods, so wrapped SAEs measure what they run)
      if (!sae.encodeSparse || !sae.decodeSparse) throw new Error('evaluateSae: this accumulator takes encoded chunks only (addEncoded)');
      const f = sae.encodeSparse(chunk.data, chunk.rows);
      const xh = sae.decodeSparse(f);
      sse = sumSquaredDifferences(chunk.data, xh, sse);
      active += addFiring(f.indices, f.values, 0, f.indices.length, fires);
      addColumns(chunk);
    },
    addEncoded(chunk, codes) {
      if (chunk.rows === 0) return;
      if (chunk.width !== dIn) throw new Error(`evaluateSae: input width must be dIn=${dIn}, got ${chunk.width}`);
      const { count, idx, val, k, rowSse, sq } = codes;
      sse = sq ? sumInOrder(sq, chunk.rows * dIn, sse) : sumInOrder(rowSse, chunk.rows, sse);
      active += countFiring(count, idx, val, k, chunk.rows, fires);
      addColumns(chunk);
    },
    result() {
      if (rows === 0) throw new Error('evaluateSae: input has zero rows; need at least 2');
      if (rows < 2) throw new Error('evaluateSae: input has 1 row; the fraction of variance explained needs at least 2');
      let meanSq = 0;
      for (let c = 0; c < dIn; c++) meanSq += (colSum[c]! / rows) ** 2;
      const sst = sumSq - rows * meanSq;
      if (!(sst > 0)) {
        throw new Error(
          `evaluateSae: the ${rows} rows have zero variance (every row is the same, e.g. all-zero data), so the fraction of variance explained is undefined`,
        );
      }
      const { featureFrequency, deadFraction, denseFraction } = summarizeFiring(fires, rows);
      return {
        rows,
        mse: sse / (rows * dIn),
        fve: 1 - sse / sst,
        l0: active / rows,
        deadFraction,
        denseFraction,
        featureFrequency,
        densityHistogram: computeDensityHistogram(featureFrequency),
      };
    },
  };
}

/** {@link evaluateSae} through a threaded encoder, in blocks of at most 512 rows. */
async function evaluateOnThreads(sae: Sae, source: ActivationSource, encoder: ThreadedEncoder): Promise<SaeMetrics> {
  const acc = createMetricsAccumulator(sae);
  const { dIn } = sae.config;
  const addRows = async (chunk: ActivationMatrix): Promise<void> => {
    if (chunk.width !== dIn) throw new Error(`evaluateSae: input width must be dIn=${dIn}, got ${chunk.width}`);
    for (let r = 0; r < chunk.rows; r += 512) {
      const n = Math.min(512, chunk.rows - r);
      const block = { data: chunk.data.subarray(r * dIn, (r + n) * dIn), rows: n, width: dIn };
      await encoder.encodeBlock(block.data, n, (codes) => acc.addEncoded(block, codes));
    }
  };
  if (source.kind === 'memory') await addRows(source.matrix);
  else {
    let rowOffset = 0;
    for await (const batch of source.open()) {
      checkMatrix(batch, 'evaluateSae: input batch', rowOffset);
      await addRows(batch);
      rowOffset += batch.rows;
    }
  }
  return acc.result();
}

/**
 * Measures an SAE on activations: MSE, fraction of variance explained, L0, dead and dense fractions,
 * per-feature firing frequency and the log10 density histogram. Streams are read chunk by chunk.
 *
 * `options.threads` (default: none, the SAE's own encode and decode) runs a TopK SAE's encoding and
 * reconstruction on that many threads with the threaded trainer's kernels ({@link createThreadedEncoder}),
 * each row decoded as `sae.decodeSparse` decodes it: every metric equals the SAE's own path bit for bit (barring
 * exact ties at the k-th value), whatever the thread count (1 included: the kernels, without tfjs' copies).
 * Other SAEs, and platforms without WebAssembly SIMD, use the SAE's own encode and decode.
 *
 * @example
 * ```ts
 * const m = await evaluateSae(sae, { data: acts, rows: 1000, width: 512 });
 * console.log(m.fve, m.l0, m.deadFraction);
 * ```
 */
export async function evaluateSae(sae: Sae, input: SaeInput, options: { chunkRows?: number; threads?: number } = {}): Promise<SaeMetrics> {
  assertBackend('evaluateSae');
  const chunkRows = options.chunkRows ?? 1024;
  const source = toActivationSource(input, 'evaluateSae: input');
  if (options.threads !== undefined) {
    const encoder = await createThreadedEncoder(sae, options.threads);
    if (encoder) {
      try {
        return await evaluateOnThreads(sae, source, encoder);
      } finally {
        encoder.dispose();
      }
    }
  }
  const acc = createMetricsAccumulator(sae);
  if (source.kind === 'memory') {
    const { data, rows, width } = source.matrix;
    if (width !== sae.config.dIn) throw new Error(`evaluateSae: input width must be dIn=${sae.config.dIn}, got ${width}`);
    for (let r = 0; r < rows; r += chunkRows) {
      const n = Math.min(chunkRows, rows - r);
      acc.add({ data: data.subarray(r * width, (r + n) * width), rows: n, width });
    }
  } else {
    let rowOffset = 0;
    for await (const batch of source.open()) {
      checkMatrix(batch, 'evaluateSae: input batch', rowOffset);
      acc.add(batch);
      rowOffset += batch.rows;
    }
  }
  return acc.result();
}
