import type { Sae, SparseFeatures } from '@interp/sae';
import type { FeatureSummary } from '@interp/viz';
import type { LabelTable } from './readLabelsCsv';

/** Options of {@link createFeatureSummarizer}. */
export interface SummarizeSaeFeaturesOptions {
  /** Ground-truth concepts of the rows (one 0/1 column per concept). */
  labels?: LabelTable;
  /** Per latent: its closest true feature and their cosine (from `compareDictionaries`). */
  trueFeatures?: { id: Int32Array; cosine: Float32Array };
  /** Top-activating rows kept per feature. Default 8. */
  topRows?: number;
  /** Activation histogram bins. Default 20. */
  bins?: number;
  /** Rows a feature must fire on to be scored against the labels. Default 20. */
  minFiring?: number;
  /** Precision of its best concept at which a scored feature is monosemantic. Default 0.9. */
  minPrecision?: number;
  /** Concepts holding on more than this fraction of the rows are not eligible (as the built-in scoring). Default 0.25. */
  maxSupport?: number;
}

/** What {@link createFeatureSummarizer} measures. */
export interface SaeFeatureSummaries {
  features: FeatureSummary[];
  /** With labels: scored and monosemantic features, and the features each concept labels (most first). */
  labels?: { scoredCount: number; monosemanticCount: number; monosemanticShare: number; minFiring: number; labelCounts: Array<{ concept: string; features: number }> };
}

/** The sparse codes of a block of rows, as {@link FeatureSummarizer.add} returns them. */
export type FeatureCodes = Pick<SparseFeatures, 'k' | 'indices' | 'values'>;

/**
 * Per-feature statistics accumulated block by block (see {@link createFeatureSummarizer}): memory bounded
 * by the SAE's size, not by the rows.
 */
export interface FeatureSummarizer {
  /** Encodes the next `rows` rows (in order) and accumulates them; returns their codes for {@link FeatureSummarizer.addHistogram}. */
  add(block: { data: Float32Array; rows: number }): FeatureCodes;
  /** Second pass, after every {@link FeatureSummarizer.add}: the activation histograms (scaled by each feature's max) of codes `add` returned, in any order. */
  addHistogram(codes: FeatureCodes): void;
  /** The summaries, once every block went through both passes (`trueFeatures` as in the options, known late). */
  finish(late?: Pick<SummarizeSaeFeaturesOptions, 'trueFeatures'>): SaeFeatureSummaries;
  /** Rows added so far. */
  readonly rows: number;
}

/**
 * Per-feature statistics of an SAE on activations read block by block, for the feature dashboard: firing
 * count and frequency, mean/std/max activation, an activation histogram, the top rows (by row index, in a
 * bounded min-heap of `topRows` per feature: ties keep the earlier row), the activation dimensions most
 * aligned with the decoder direction and, with labels, each feature's best concept scored as the built-in
 * task scores its concepts (a feature fires when > 0; scored when it fires on >= `minFiring` rows; best
 * concept by precision, ties by F1 then name; monosemantic at precision >= `minPrecision`).
 *
 * The histogram bins are relative to each feature's max, known only after the last row: hand the codes
 * `add` returned to `addHistogram` once every block was added.
 *
 * @example
 * ```ts
 * const s = createFeatureSummarizer(sae, 600_000, { labels });
 * const codes = [];
 * for await (const b of readActivationBatches('acts.npy', 4096)) codes.push(s.add(b));
 * for (const c of codes) s.addHistogram(c);
 * const { features } = s.finish();
 * ```
 */
export function createFeatureSummarizer(sae: Sae, totalRows: number, options: SummarizeSaeFeaturesOptions = {}): FeatureSummarizer {
  const { dIn: width, dSae } = sae.config;
  const T = options.topRows ?? 8;
  const bins = options.bins ?? 20;
  const minFiring = options.minFiring ?? 20;
  const minPrecision = options.minPrecision ?? 0.9;
  const maxSupport = options.maxSupport ?? 0.25;
  const count = new Int32Array(dSae);
  const sum = new Float64Array(dSae);
  const sumSq = new Float64Array(dSae);
  const max = new Float32Array(dSae);
  // Per feature, a min-heap of its T best rows: the root is the weakest (smallest activation, then latest row).
  const heapAct = new Float32Array(dSae * T);
  const heapRow = new Int32Array(dSae * T);
  const heapSize = new Int32Array(dSae);
  const hist = new Int32Array(dSae * bins);
  // Labels: per row, the eligible concepts that hold on it; per feature and concept, the rows both fire on.
  const labels = options.labels;
  const rows = totalRows;
  const C = labels?.names.length ?? 0;
  const support = new Int32Array(C);
  const eligible = new Uint8Array(C);
  const eligibleList: number[] = [];
  if (labels) {
    for (let c = 0; c < C; c += 1) for (let r = 0; r < rows; r += 1) support[c] = (support[c] as number) + (labels.values[c * rows + r] as number);
    for (let c = 0; c < C; c += 1) {
      eligible[c] = support[c]! >= 1 && support[c]! / rows <= maxSupport ? 1 : 0;
      if (eligible[c]) eligibleList.push(c);
    }
  }
  const hits = new Int32Array(labels ? dSae * C : 0);
  const rowConcepts: number[] = [];
  let added = 0;
  let maxFinal = false;

  /** Is (a, ra) weaker than (b, rb): smaller activation, or equal and a later row. */
  const weaker = (a: number, ra: number, b: number, rb: number): boolean => a < b || (a === b && ra > rb);
  const push = (j: number, v: number, row: number): void => {
    const o = j * T;
    let n = heapSize[j]!;
    if (n < T) {
      // sift up from the new leaf
      let i = n;
      heapSize[j] = n + 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!weaker(v, row, heapAct[o + p]!, heapRow[o + p]!)) break;
        heapAct[o + i] = heapAct[o + p]!;
        heapRow[o + i] = heapRow[o + p]!;
        i = p;
      }
      heapAct[o + i] = v;
      heapRow[o + i] = row;
      return;
    }
    // Full: replace the weakest only when this row is stronger (it is later than every kept row).
    if (!(v > heapAct[o]!)) return;
    n = T;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && weaker(heapAct[o + r]!, heapRow[o + r]!, heapAct[o + l]!, heapRow[o + l]!) ? r : l;
      if (!weaker(heapAct[o + c]!, heapRow[o + c]!, v, row)) break;
      heapAct[o + i] = heapAct[o + c]!;
      heapRow[o + i] = heapRow[o + c]!;
      i = c;
    }
    heapAct[o + i] = v;
    heapRow[o + i] = row;
  };

  return {
    get rows() {
      return added;
    },
    add(block) {
      const n = block.rows;
      if (added + n > rows) throw new RangeError(`createFeatureSummarizer: more than the ${rows} rows announced`);
      const s = sae.encodeSparse(block.data.subarray(0, n * width), n);
      for (let r = 0; r < n; r += 1) {
        const row = added + r;
        if (labels) {
          rowConcepts.length = 0;
          for (const c of eligibleList) if (labels.values[c * rows + row]) rowConcepts.push(c);
        }
        for (let slot = 0; slot < s.k; slot += 1) {
          const j = s.indices[r * s.k + slot]!;
          const v = s.values[r * s.k + slot]!;
          if (j < 0 || !(v > 0)) continue;
          count[j] = count[j]! + 1;
          sum[j] = sum[j]! + v;
          sumSq[j] = sumSq[j]! + v * v;
          if (v > max[j]!) max[j] = v;
          push(j, v, row);
          if (labels) for (const c of rowConcepts) hits[j * C + c] = hits[j * C + c]! + 1;
        }
      }
      added += n;
      return { k: s.k, indices: s.indices, values: s.values };
    },
    addHistogram(codes) {
      maxFinal = true;
      const { indices, values } = codes;
      for (let i = 0; i < indices.length; i += 1) {
        const j = indices[i]!;
        const v = values[i]!;
        if (j < 0 || !(v > 0)) continue;
        const bin = max[j]! > 0 ? Math.min(bins - 1, Math.floor((v / max[j]!) * bins)) : 0;
        hist[j * bins + bin] = hist[j * bins + bin]! + 1;
      }
    },
    finish(late = {}) {
      const trueFeatures = late.trueFeatures ?? options.trueFeatures;
      if (added !== rows) throw new RangeError(`createFeatureSummarizer: ${added} rows added of the ${rows} announced`);
      if (!maxFinal && count.some((c) => c > 0)) throw new Error('createFeatureSummarizer: finish() before addHistogram()');
      const W_dec = sae.getWeights().W_dec;
      let scoredCount = 0;
      let monosemanticCount = 0;
      const labelCounts = new Map<string, number>();
      const features: FeatureSummary[] = [];
      for (let j = 0; j < dSae; j += 1) {
        const n = count[j]!;
        const mean = n > 0 ? sum[j]! / n : 0;
        const std = n > 1 ? Math.sqrt(Math.max(0, sumSq[j]! / n - mean * mean)) : 0;
        const kept = Array.from({ length: heapSize[j]! }, (_, t) => ({ row: heapRow[j * T + t]!, activation: heapAct[j * T + t]! })).sort(
          (a, b) => b.activation - a.activation || a.row - b.row,
        );
        let norm = 0;
        for (let d = 0; d < width; d += 1) norm += W_dec[j * width + d]! ** 2;
        norm = Math.sqrt(norm);
        const aligned = Array.from({ length: width }, (_, d) => ({ neuron: d, cosine: norm > 0 ? W_dec[j * width + d]! / norm : 0 }))
          .sort((a, b) => Math.abs(b.cosine) - Math.abs(a.cosine) || a.neuron - b.neuron)
          .slice(0, 5);
        let best = -1;
        let bestPrecision = 0;
        let bestF1 = 0;
        for (let c = 0; c < C; c += 1) {
          if (!eligible[c] || n === 0) continue;
          const h = hits[j * C + c]!;
          const precision = h / n;
          const f1 = (2 * h) / (n + support[c]!);
          if (best < 0 || precision > bestPrecision || (precision === bestPrecision && (f1 > bestF1 || (f1 === bestF1 && labels!.names[c]! < labels!.names[best]!)))) {
            best = c;
            bestPrecision = precision;
            bestF1 = f1;
          }
        }
        const scored = labels !== undefined && n >= minFiring;
        const bestName = best >= 0 ? labels!.names[best]! : null;
        const monosemantic = scored && bestName !== null && bestPrecision >= minPrecision;
        if (scored) scoredCount += 1;
        if (monosemantic) {
          monosemanticCount += 1;
          labelCounts.set(bestName!, (labelCounts.get(bestName!) ?? 0) + 1);
        }
        const trueFeature = trueFeatures && trueFeatures.id[j]! >= 0 ? { id: trueFeatures.id[j]!, cosine: trueFeatures.cosine[j]! } : undefined;
        features.push({
          id: j,
          label: monosemantic ? bestName : null,
          bestConcept: scored ? bestName : null,
          precision: best >= 0 ? bestPrecision : 0,
          recall: best >= 0 ? hits[j * C + best]! / support[best]! : 0,
          f1: best >= 0 ? bestF1 : 0,
          frequency: n / rows,
          firingCount: n,
          meanActivation: mean,
          stdActivation: std,
          maxActivation: n > 0 ? max[j]! : 0,
          histogram: { min: 0, max: n > 0 ? max[j]! : 0, counts: Array.from(hist.subarray(j * bins, (j + 1) * bins)) },
          topRows: kept.map((x) => ({ inputs: [x.row], activation: x.activation })),
          alignedNeurons: aligned,
          ...(trueFeature ? { trueFeature } : {}),
        });
      }
      return {
        features,
        ...(labels
          ? {
              labels: {
                scoredCount,
                monosemanticCount,
                monosemanticShare: scoredCount > 0 ? monosemanticCount / scoredCount : 0,
                minFiring,
                labelCounts: [...labelCounts].map(([concept, n]) => ({ concept, features: n })).sort((a, b) => b.features - a.features || (a.concept < b.concept ? -1 : 1)),
              },
            }
          : {}),
      };
    },
  };
}
