import type { FeatureSummary } from '@interp/viz';
import type { Sae } from '@interp/sae';
import type { LabelTable } from './readLabelsCsv';

/** Options of {@link summarizeSaeFeatures}. */
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

/** What {@link summarizeSaeFeatures} measures. */
export interface SaeFeatureSummaries {
  features: FeatureSummary[];
  /** With labels: scored and monosemantic features, and the features each concept labels (most first). */
  labels?: { scoredCount: number; monosemanticCount: number; monosemanticShare: number; minFiring: number; labelCounts: Array<{ concept: string; features: number }> };
}

/**
 * Per-feature statistics of an SAE on any activations, for the feature dashboard: firing count and
 * frequency, mean/std/max activation, an activation histogram, the top rows (by row index), the activation
 * dimensions most aligned with the decoder direction and, with labels, each feature's best concept scored
 * as the built-in task scores its concepts (a feature fires when > 0; scored when it fires on >= `minFiring`
 * rows; best concept by precision, ties by F1 then name; monosemantic at precision >= `minPrecision`).
 *
 * @example
 * ```ts
 * const { features, labels } = summarizeSaeFeatures(sae, acts, { labels: await readLabelsCsv('labels.csv', acts.rows) });
 * ```
 */
export function summarizeSaeFeatures(sae: Sae, acts: { data: Float32Array; rows: number; width: number }, options: SummarizeSaeFeaturesOptions = {}): SaeFeatureSummaries {
  const { rows, width } = acts;
  const dSae = sae.config.dSae;
  const T = options.topRows ?? 8;
  const bins = options.bins ?? 20;
  const minFiring = options.minFiring ?? 20;
  const minPrecision = options.minPrecision ?? 0.9;
  const maxSupport = options.maxSupport ?? 0.25;
  const count = new Int32Array(dSae);
  const sum = new Float64Array(dSae);
  const sumSq = new Float64Array(dSae);
  const max = new Float32Array(dSae);
  const topAct = new Float32Array(dSae * T).fill(-Infinity);
  const topRow = new Int32Array(dSae * T).fill(-1);
  // Labels: per row, the eligible concepts that hold on it; per feature and concept, the rows both fire on.
  const labels = options.labels;
  const C = labels?.names.length ?? 0;
  const support = new Int32Array(C);
  const eligible = new Uint8Array(C);
  const rowConcepts: number[][] = [];
  if (labels) {
    for (let c = 0; c < C; c += 1) for (let r = 0; r < rows; r += 1) support[c] = (support[c] as number) + (labels.values[c * rows + r] as number);
    for (let c = 0; c < C; c += 1) eligible[c] = support[c]! >= 1 && support[c]! / rows <= maxSupport ? 1 : 0;
    for (let r = 0; r < rows; r += 1) {
      const list: number[] = [];
      for (let c = 0; c < C; c += 1) if (eligible[c] && labels.values[c * rows + r]) list.push(c);
      rowConcepts.push(list);
    }
  }
  const hits = new Int32Array(labels ? dSae * C : 0);
  const blocks: Array<{ start: number; k: number; indices: Int32Array; values: Float32Array }> = [];
  const BLOCK = 4096;
  for (let start = 0; start < rows; start += BLOCK) {
    const n = Math.min(BLOCK, rows - start);
    const s = sae.encodeSparse(acts.data.subarray(start * width, (start + n) * width), n);
    blocks.push({ start, k: s.k, indices: s.indices, values: s.values });
    for (let r = 0; r < n; r += 1) {
      const row = start + r;
      for (let slot = 0; slot < s.k; slot += 1) {
        const j = s.indices[r * s.k + slot]!;
        const v = s.values[r * s.k + slot]!;
        if (j < 0 || !(v > 0)) continue;
        count[j] = count[j]! + 1;
        sum[j] = sum[j]! + v;
        sumSq[j] = sumSq[j]! + v * v;
        if (v > max[j]!) max[j] = v;
        // Keep the T largest: replace the smallest kept when this one is larger.
        let low = 0;
        for (let t = 1; t < T; t += 1) if (topAct[j * T + t]! < topAct[j * T + low]!) low = t;
        if (v > topAct[j * T + low]!) {
          topAct[j * T + low] = v;
          topRow[j * T + low] = row;
        }
        if (labels) for (const c of rowConcepts[row]!) hits[j * C + c] = hits[j * C + c]! + 1;
      }
    }
  }
  const hist = new Int32Array(dSae * bins);
  for (const b of blocks) {
    for (let i = 0; i < b.indices.length; i += 1) {
      const j = b.indices[i]!;
      const v = b.values[i]!;
      if (j < 0 || !(v > 0)) continue;
      const bin = max[j]! > 0 ? Math.min(bins - 1, Math.floor((v / max[j]!) * bins)) : 0;
      hist[j * bins + bin] = hist[j * bins + bin]! + 1;
    }
  }
  const W_dec = sae.getWeights().W_dec;
  let scoredCount = 0;
  let monosemanticCount = 0;
  const labelCounts = new Map<string, number>();
  const features: FeatureSummary[] = [];
  for (let j = 0; j < dSae; j += 1) {
    const n = count[j]!;
    const mean = n > 0 ? sum[j]! / n : 0;
    const std = n > 1 ? Math.sqrt(Math.max(0, sumSq[j]! / n - mean * mean)) : 0;
    const kept = Array.from({ length: T }, (_, t) => ({ row: topRow[j * T + t]!, activation: topAct[j * T + t]! }))
      .filter((x) => x.row >= 0)
      .sort((a, b) => b.activation - a.activation || a.row - b.row);
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
    const trueFeature = options.trueFeatures && options.trueFeatures.id[j]! >= 0 ? { id: options.trueFeatures.id[j]!, cosine: options.trueFeatures.cosine[j]! } : undefined;
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
}
