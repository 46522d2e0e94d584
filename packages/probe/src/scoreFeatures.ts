import { checkInteger, checkNumber } from '@interp/core';
import type { SparseFeatures } from '@interp/sae';
import { countAnd } from './bitsets';
import { buildConcepts, type ConceptTable } from './buildConcepts';
import { checkProbeData } from './checkProbeData';
import type { FeatureCorrelations } from '@interp/report-types';
import type { ProbeData } from './ProbeData';
import { columnsFromCodes, columnsFromDense, type FeatureColumns } from './toFeatureColumns';

/**
 * How one feature scores against the ground-truth concepts.
 *
 * @example
 * ```ts
 * import { scoreFeatures, type FeatureScore } from '@interp/probe';
 * const labelled = scoreFeatures(acts, train).features.filter((f: FeatureScore) => f.monosemantic);
 * for (const f of labelled) console.log(`feature ${f.feature}: ${f.label} (precision ${f.precision.toFixed(2)}, recall ${f.recall.toFixed(2)})`);
 * ```
 */
export interface FeatureScore {
  /** Feature index. */
  feature: number;
  /** Scored rows where the feature fires (activation > 0). */
  firingCount: number;
  /** `firingCount / rows`. */
  frequency: number;
  /** Whether the feature fires on at least `minFiring` rows (and so counts in the share). */
  scored: boolean;
  /** Scored, and its best concept has precision >= `minPrecision`. */
  monosemantic: boolean;
  /** The best concept when the feature is monosemantic, else `null`. */
  label: string | null;
  /** The best eligible concept of any firing feature (even an unscored one), `null` when none overlaps its firing rows. */
  bestConcept: string | null;
  /** `|fire ∩ concept| / |fire|` of the best concept (0 when none). */
  precision: number;
  /** `|fire ∩ concept| / |concept|`. */
  recall: number;
  /** `2 |fire ∩ concept| / (|fire| + |concept|)`. */
  f1: number;
  /** Rows the best concept holds on (0 when none). */
  conceptSupport: number;
  /** Correlations of the activation with the latents. */
  correlations: FeatureCorrelations;
}

/**
 * Options of {@link scoreFeatures}; the defaults are the definition.
 *
 * @example
 * ```ts
 * import { buildConcepts, scoreFeatures, type ScoreFeaturesOptions } from '@interp/probe';
 * const options: ScoreFeaturesOptions = { minFiring: 50, minPrecision: 0.95, pairs: false, concepts: buildConcepts(train) };
 * const strict = scoreFeatures(acts, train, options);
 * ```
 */
export interface ScoreFeaturesOptions {
  /** A feature is scored when it fires on at least this many rows (default 20). */
  minFiring?: number;
  /** A scored feature is monosemantic when its best concept's precision is at least this (default 0.9). */
  minPrecision?: number;
  /** Only concepts holding on at most this fraction of the rows (and on >= 1 row) can label (default 0.25). */
  maxSupport?: number;
  /** Also score conjunctions of two single concepts (default true). */
  pairs?: boolean;
  /** Concepts already built by {@link buildConcepts} for the same rows (saves rebuilding them). */
  concepts?: ConceptTable;
}

/**
 * The ground-truth scoring of every feature.
 *
 * @example
 * ```ts
 * import { scoreFeatures, type FeatureScores } from '@interp/probe';
 * const scores: FeatureScores = scoreFeatures(acts, train);
 * console.log(`${scores.monosemanticCount} of ${scores.scoredCount} scored features are monosemantic`);
 * scores.labelCounts.slice(0, 3); // the most used labels, e.g. [{ concept: 'p1=3', features: 4 }, ...]
 * ```
 */
export interface FeatureScores {
  /** Scored rows. */
  rows: number;
  /** Number of features. */
  dSae: number;
  /** One entry per feature, in feature order. */
  features: FeatureScore[];
  /** Features firing on >= `minFiring` rows. */
  scoredCount: number;
  /** Scored features with a label. */
  monosemanticCount: number;
  /** `monosemanticCount / scoredCount` (0 when nothing is scored). */
  monosemanticShare: number;
  /** Every single concept, canonical order. */
  singleConcepts: string[];
  /** Single concepts and pairs that may label (hold on 1..maxSupport of the rows). */
  eligibleSingles: number;
  /** Eligible pairs. */
  eligiblePairs: number;
  /** Single concepts that are the label of at least one feature, canonical order. */
  labellingSingles: string[];
  /** Every label with the number of features it labels, most first (then by name). */
  labelCounts: { concept: string; features: number }[];
  /** The options used. */
  options: { minFiring: number; minPrecision: number; maxSupport: number; pairs: boolean };
}

/** Calls `fn(r)` for each set bit `r < rows` of the bitset at `o`. */
function forEachBit(bits: Uint32Array, o: number, words: number, rows: number, fn: (r: number) => void): void {
  for (let w = 0; w < words; w++) {
    let x = bits[o + w]!;
    while (x !== 0) {
      const low = x & -x;
      const r = (w << 5) + 31 - Math.clz32(low);
      if (r < rows) fn(r);
      x = (x ^ low) >>> 0;
    }
  }
}

/** `hits[c]` = number of the rows `rows[0..n)` on which concept `c` holds (`rowConcepts` lists each row's concepts). */
function countHits(rows: Int32Array, n: number, rowStart: Int32Array, rowConcepts: Int32Array, hits: Int32Array): void {
  hits.fill(0);
  for (let q = 0; q < n; q++) {
    const r = rows[q]!;
    const e = rowStart[r + 1]!;
    for (let c = rowStart[r]!; c < e; c++) hits[rowConcepts[c]!]!++;
  }
}

/** Rows of `rows[0..n)` on which both bitsets (at `io`, `jo`) hold. */
function countBoth(rows: Int32Array, n: number, bits: Uint32Array, io: number, jo: number): number {
  let h = 0;
  for (let q = 0; q < n; q++) {
    const r = rows[q]!;
    const w = r >>> 5;
    const m = 1 << (r & 31);
    if ((bits[io + w]! & bits[jo + w]! & m) !== 0) h++;
  }
  return h;
}

/** Whether `x` has the fields of {@link SparseFeatures}. */
function isSparseFeatures(x: unknown): x is SparseFeatures {
  const s = x as Partial<SparseFeatures> | null;
  return s !== null && typeof s === 'object' && s.indices instanceof Int32Array && s.values instanceof Float32Array && Number.isInteger(s.k) && Number.isInteger(s.dSae) && Number.isInteger(s.rows);
}

/**
 * Pearson correlation from sums; `null` when a variance is 0.
 *
 * @internal
 */
function pearson(n: number, sx: number, sxx: number, sxy: number, sy: number, syy: number): number | null {
  const vx = sxx - (sx * sx) / n;
  const vy = syy - (sy * sy) / n;
  if (!(vx > 1e-12 * Math.max(1, sxx)) || !(vy > 0)) return null;
  const r = (sxy - (sx * sy) / n) / Math.sqrt(vx * vy);
  return Math.max(-1, Math.min(1, r));
}

/** The name of a single concept (`j < 0`) or of the pair `(i, j)`. */
function conceptName(names: readonly string[], i: number, j: number): string {
  return j < 0 ? (names[i] as string) : `${names[i]} & ${names[j]}`;
}

/** Supports of the pairs of single concepts (upper triangle `i < j`; 0 = not eligible) and how many are eligible. */
function countPairSupports(table: ConceptTable, maxSupport: number): { pairSupport: Int32Array; eligiblePairs: number } {
  const { words, bits, rows } = table;
  const S = table.names.length;
  const pairSupport = new Int32Array(S * S);
  let eligiblePairs = 0;
  for (let i = 0; i < S; i++) {
    for (let j = i + 1; j < S; j++) {
      const s = countAnd(bits, i * words, bits, j * words, words);
      if (s >= 1 && s / rows <= maxSupport) {
        pairSupport[i * S + j] = s;
        eligiblePairs++;
      }
    }
  }
  return { pairSupport, eligiblePairs };
}

/** The concepts of each row (the transpose of the bitsets): row `r`'s are `rowConcepts[rowStart[r] .. rowStart[r + 1])`. */
function transposeConcepts(table: ConceptTable): { rowStart: Int32Array; rowConcepts: Int32Array } {
  const { words, bits, rows } = table;
  const S = table.names.length;
  const rowStart = new Int32Array(rows + 1);
  for (let i = 0; i < S; i++) forEachBit(bits, i * words, words, rows, (r) => rowStart[r + 1]!++);
  for (let r = 0; r < rows; r++) rowStart[r + 1]! += rowStart[r]!;
  const rowConcepts = new Int32Array(rowStart[rows]!);
  const fill = rowStart.slice(0, rows);
  for (let i = 0; i < S; i++) forEachBit(bits, i * words, words, rows, (r) => (rowConcepts[fill[r]!++] = i));
  return { rowStart, rowConcepts };
}

/** Per feature, in row order (as a row-major loop adds them): firing rows and the sums behind the correlations. */
function sumFeatureMoments(cols: FeatureColumns, lat: ProbeData['latents']) {
  const { dSae, start: colStart, row: colRow, value: colValue } = cols;
  const count = new Int32Array(dSae);
  const x = new Float64Array(dSae);
  const xx = new Float64Array(dSae);
  const xa = new Float64Array(dSae);
  const xb = new Float64Array(dSae);
  const xd = new Float64Array(dSae);
  const xt = new Float64Array(dSae);
  for (let j = 0; j < dSae; j++) {
    let s = 0;
    let ss = 0;
    let sa = 0;
    let sb = 0;
    let sd = 0;
    let st = 0;
    let n = 0;
    for (let p = colStart[j]!, e = colStart[j + 1]!; p < e; p++) {
      const r = colRow[p]!;
      const v = colValue[p]!;
      s += v;
      ss += v * v;
      sa += v * (lat.a[r] as number);
      sb += v * (lat.b[r] as number);
      sd += v * (lat.diff[r] as number);
      st += v * (lat.target[r] as number);
      if (v > 0) n++;
    }
    x[j] = s;
    xx[j] = ss;
    xa[j] = sa;
    xb[j] = sb;
    xd[j] = sd;
    xt[j] = st;
    count[j] = n;
  }
  return { count, x, xx, xa, xb, xd, xt };
}

/** Sum and sum of squares of each latent over the rows. */
function sumLatentMoments(lat: ProbeData['latents'], rows: number): Record<'a' | 'b' | 'diff' | 'target', [number, number]> {
  const sums = { a: [0, 0], b: [0, 0], diff: [0, 0], target: [0, 0] } as Record<'a' | 'b' | 'diff' | 'target', [number, number]>;
  for (let r = 0; r < rows; r++) {
    const la = lat.a[r] as number;
    const lb = lat.b[r] as number;
    const ld = lat.diff[r] as number;
    const lt = lat.target[r] as number;
    sums.a[0] += la;
    sums.a[1] += la * la;
    sums.b[0] += lb;
    sums.b[1] += lb * lb;
    sums.diff[0] += ld;
    sums.diff[1] += ld * ld;
    sums.target[0] += lt;
    sums.target[1] += lt * lt;
  }
  return sums;
}

/**
 * Whether the candidate (hits `h`, support `s`, arity, concepts `i`, `j`) beats the best so far (`bh`, `bs`,
 * `bArity`, `bi`, `bj`): more hits, then the smaller support, then a single over a pair, then the smaller name.
 */
function beats(names: readonly string[], h: number, s: number, arity: number, i: number, j: number, bh: number, bs: number, bArity: number, bi: number, bj: number): boolean {
  if (h !== bh) return h > bh;
  if (h === 0) return false;
  if (s !== bs) return s < bs;
  if (arity !== bArity) return arity < bArity;
  return conceptName(names, i, j) < conceptName(names, bi, bj);
}

/**
 * Every feature's best eligible concept over its firing rows: hits, support and the concept (`second` is -1 for a
 * single). A feature's hits on every single concept are counted over its firing rows; a pair is counted only when
 * it can still beat the best so far (a pair's hits are at most the smaller of its singles' hits and its support).
 */
function findBestConcepts(
  cols: FeatureColumns,
  table: ConceptTable,
  transposed: { rowStart: Int32Array; rowConcepts: Int32Array },
  eligible: Uint8Array,
  pairSupport: Int32Array | undefined,
): { hits: Int32Array; support: Int32Array; first: Int32Array; second: Int32Array } {
  const { rows, dSae, start: colStart, row: colRow, value: colValue } = cols;
  const { names, support, bits, words } = table;
  const { rowStart, rowConcepts } = transposed;
  const S = names.length;
  const out = { hits: new Int32Array(dSae), support: new Int32Array(dSae), first: new Int32Array(dSae).fill(-1), second: new Int32Array(dSae).fill(-1) };
  const hits = new Int32Array(S);
  // concepts with hits, by hits descending then id ascending (a counting sort: hits <= firing rows <= rows)
  const order = new Int32Array(S);
  const bucket = new Int32Array(rows + 2);
  // firing rows (activation > 0) of the current feature
  const fireRows = new Int32Array(rows);
  for (let f = 0; f < dSae; f++) {
    let nFire = 0;
    for (let p = colStart[f]!, e = colStart[f + 1]!; p < e; p++) if (colValue[p]! > 0) fireRows[nFire++] = colRow[p]!;
    if (nFire === 0) continue;
    // best so far: hits, support, arity, (i, j)
    let bh = 0;
    let bs = 0;
    let bArity = 0;
    let bi = -1;
    let bj = -1;
    countHits(fireRows, nFire, rowStart, rowConcepts, hits);
    for (let i = 0; i < S; i++) {
      if (!eligible[i]) continue;
      const h = hits[i] as number;
      if (beats(names, h, support[i] as number, 1, i, -1, bh, bs, bArity, bi, bj)) {
        bh = h;
        bs = support[i] as number;
        bArity = 1;
        bi = i;
        bj = -1;
      }
    }
    if (pairSupport) {
      let maxHits = 0;
      for (let i = 0; i < S; i++) if ((hits[i] as number) > maxHits) maxHits = hits[i] as number;
      bucket.fill(0, 0, maxHits + 1);
      for (let i = 0; i < S; i++) bucket[hits[i] as number]!++;
      let m = 0;
      for (let h = maxHits; h >= 1; h--) {
        const c = bucket[h] as number;
        bucket[h] = m;
        m += c;
      }
      for (let i = 0; i < S; i++) {
        const h = hits[i] as number;
        if (h > 0) order[bucket[h]!++] = i;
      }
      for (let a = 0; a < m; a++) {
        const oa = order[a] as number;
        if ((hits[oa] as number) < Math.max(1, bh)) break;
        for (let b = a + 1; b < m; b++) {
          const ob = order[b] as number;
          const hb = hits[ob] as number;
          if (hb < Math.max(1, bh)) break;
          const i = oa < ob ? oa : ob;
          const j = oa < ob ? ob : oa;
          const s = pairSupport[i * S + j] as number;
          if (s === 0) continue;
          // Upper bound of the pair's hits: min(hits_i, hits_j, support).
          const upper = Math.min(hb, s);
          if (upper < bh || (upper === bh && s > bs)) continue;
          const h = countBoth(fireRows, nFire, bits, i * words, j * words);
          if (beats(names, h, s, 2, i, j, bh, bs, bArity, bi, bj)) {
            bh = h;
            bs = s;
            bArity = 2;
            bi = i;
            bj = j;
          }
        }
      }
    }
    out.hits[f] = bh;
    out.support[f] = bs;
    out.first[f] = bi;
    out.second[f] = bj;
  }
  return out;
}

/**
 * Scores every SAE feature against the ground-truth concepts of the rows (the issue's exact definition):
 *
 * - concepts: the single concepts of {@link buildConcepts} and every conjunction `c1 & c2` of two distinct
 *   singles (named with the two in canonical order); only a concept holding on at least 1 row and at most
 *   `maxSupport` (25%) of the rows is eligible;
 * - a feature fires on a row when its activation is > 0; it is scored when it fires on >= `minFiring` (20) rows;
 * - its best concept maximises precision `|fire ∩ c| / |fire|`; ties go to the higher F1
 *   `2|fire ∩ c| / (|fire| + |c|)`, then to a single over a pair, then to the smaller name (JS string order);
 * - a scored feature is monosemantic, labelled with its best concept, when that precision is >= `minPrecision` (0.9);
 * - monosemantic share = monosemantic features / scored features.
 *
 * Concepts are bitsets over the rows. A feature's hits on every single concept are counted over its firing
 * rows (each row lists the concepts that hold on it); a pair is counted only when it can still beat the best
 * so far (a pair's hits are at most the smaller of its singles' hits and at most its own support), so
 * 2048 features x 8000 rows score in about a tenth of a second.
 *
 * @param featureActs row-major `[rows, dSae]` activations (e.g. from {@link computeFeatureActivations}), or the
 *   same as sparse codes (`runFeatureActivations(...).codes`, `sae.encodeSparse`), which scores the same.
 * @example
 * ```ts
 * const acts = computeFeatureActivations(model, sae, train);
 * const scores = scoreFeatures(acts, train); // or scoreFeatures(runFeatureActivations(model, sae, train).codes, train)
 * console.log(`monosemantic: ${(100 * scores.monosemanticShare).toFixed(1)}%`);
 * ```
 * @throws RangeError when `featureActs` is not `rows * dSae` long (codes: not `rows` rows, or an id outside `[0, dSae)`), holds NaN, or for a bad option or dataset field.
 */
export function scoreFeatures(featureActs: Float32Array | SparseFeatures, data: ProbeData, options: ScoreFeaturesOptions = {}): FeatureScores {
  const d = checkProbeData(data, 'scoreFeatures');
  const minFiring = options.minFiring ?? 20;
  const minPrecision = options.minPrecision ?? 0.9;
  const maxSupport = options.maxSupport ?? 0.25;
  const usePairs = options.pairs ?? true;
  checkInteger(minFiring, 'scoreFeatures: options.minFiring', { min: 1 });
  checkNumber(minPrecision, 'scoreFeatures: options.minPrecision', { min: 0, max: 1 });
  checkNumber(maxSupport, 'scoreFeatures: options.maxSupport', { min: 0, max: 1 });
  const { rows } = d;
  let dSae: number;
  let cols: FeatureColumns;
  const onNaN = (r: number, j: number): never => {
    throw new RangeError(`scoreFeatures: featureActs has NaN at row ${r}, feature ${j}`);
  };
  if (featureActs instanceof Float32Array) {
    dSae = featureActs.length / rows;
    if (!Number.isInteger(dSae) || dSae < 1) {
      throw new RangeError(`scoreFeatures: featureActs must hold rows * dSae values with rows = ${rows}, got ${featureActs.length}, not a multiple`);
    }
    cols = columnsFromDense(featureActs, rows, dSae, onNaN);
  } else if (isSparseFeatures(featureActs)) {
    if (featureActs.rows !== rows) throw new RangeError(`scoreFeatures: featureActs covers ${featureActs.rows} rows, the data has ${rows}`);
    dSae = featureActs.dSae;
    cols = columnsFromCodes(featureActs, 'scoreFeatures', onNaN);
  } else {
    throw new TypeError('scoreFeatures: featureActs must be a Float32Array [rows, dSae] or sparse codes ({ rows, k, dSae, indices, values })');
  }
  const table = options.concepts ?? buildConcepts(d);
  if (table.rows !== rows) throw new RangeError(`scoreFeatures: options.concepts covers ${table.rows} rows, the data has ${rows}`);
  const { names, support } = table;
  const S = names.length;
  const eligible = new Uint8Array(S);
  let eligibleSingles = 0;
  for (let i = 0; i < S; i++) {
    const s = support[i] as number;
    if (s >= 1 && s / rows <= maxSupport) {
      eligible[i] = 1;
      eligibleSingles++;
    }
  }
  // Each phase is a function of its own: V8 optimises each as it gets hot, where one long function was compiled
  // again (on-stack replacement) and thrown away several times as the run reached its later loops.
  const { pairSupport, eligiblePairs } = usePairs ? countPairSupports(table, maxSupport) : { pairSupport: new Int32Array(0), eligiblePairs: 0 };
  const transposed = transposeConcepts(table);
  const sums = sumFeatureMoments(cols, d.latents);
  const latSums = sumLatentMoments(d.latents, rows);
  const best = findBestConcepts(cols, table, transposed, eligible, usePairs ? pairSupport : undefined);
  const features: FeatureScore[] = [];
  let scoredCount = 0;
  let monosemanticCount = 0;
  for (let f = 0; f < dSae; f++) {
    const nf = sums.count[f] as number;
    const bh = best.hits[f] as number;
    const bs = best.support[f] as number;
    const scored = nf >= minFiring;
    const precision = nf > 0 ? bh / nf : 0;
    const monosemantic = scored && bh > 0 && precision >= minPrecision;
    const bestName = bh > 0 ? conceptName(names, best.first[f] as number, best.second[f] as number) : null;
    if (scored) scoredCount++;
    if (monosemantic) monosemanticCount++;
    const sumX = sums.x[f] as number;
    const sumXX = sums.xx[f] as number;
    features.push({
      feature: f,
      firingCount: nf,
      frequency: nf / rows,
      scored,
      monosemantic,
      label: monosemantic ? bestName : null,
      bestConcept: bestName,
      precision,
      recall: bh > 0 ? bh / bs : 0,
      f1: bh > 0 ? (2 * bh) / (nf + bs) : 0,
      conceptSupport: bh > 0 ? bs : 0,
      correlations: {
        a: pearson(rows, sumX, sumXX, sums.xa[f] as number, latSums.a[0], latSums.a[1]),
        b: pearson(rows, sumX, sumXX, sums.xb[f] as number, latSums.b[0], latSums.b[1]),
        diff: pearson(rows, sumX, sumXX, sums.xd[f] as number, latSums.diff[0], latSums.diff[1]),
        target: pearson(rows, sumX, sumXX, sums.xt[f] as number, latSums.target[0], latSums.target[1]),
      },
    });
  }
  const counts = new Map<string, number>();
  for (const f of features) if (f.label !== null) counts.set(f.label, (counts.get(f.label) ?? 0) + 1);
  const labelCounts = [...counts.entries()]
    .map(([concept, n]) => ({ concept, features: n }))
    .sort((x, y) => y.features - x.features || (x.concept < y.concept ? -1 : x.concept > y.concept ? 1 : 0));
  return {
    rows,
    dSae,
    features,
    scoredCount,
    monosemanticCount,
    monosemanticShare: scoredCount > 0 ? monosemanticCount / scoredCount : 0,
    singleConcepts: [...names],
    eligibleSingles,
    eligiblePairs,
    labellingSingles: names.filter((n) => counts.has(n)),
    labelCounts,
    options: { minFiring, minPrecision, maxSupport, pairs: usePairs },
  };
}
