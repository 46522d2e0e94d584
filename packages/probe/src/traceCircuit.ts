import { DEFAULT_HOOK_POINT } from '@interp/models';
import { checkInteger } from '@interp/core';
import { createKernels, type Kernels } from '@interp/kernels';
import * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from '@interp/models';
import type { Sae } from '@interp/sae';
import { checkProbeData } from './checkProbeData';
import type { CircuitHeatmap, CircuitTrace, HeatmapColumn, HeatmapRow, TraceNeuron, TracePosition } from '@interp/report-types';
import { runFeatureActivations, type FeatureActivations } from './computeFeatureActivations';
import { selectLargestMagnitudes } from './computeFeatureStats';
import type { ProbeData } from './ProbeData';
import { checkBatchSize, resolveHook } from './resolveHook';
import type { FeatureScores } from './scoreFeatures';

/**
 * Options of {@link traceCircuit}.
 *
 * @example
 * ```ts
 * import { traceCircuit, type TraceCircuitOptions } from '@interp/probe';
 * const options: TraceCircuitOptions = { neuronsPerPosition: 3, featuresPerNeuron: 3, sampleRows: 128, labels: scores };
 * const trace = traceCircuit(model, sae, train, options);
 * ```
 */
export interface TraceCircuitOptions {
  /** Hook point the SAE reads (default `hidden.post`). */
  hook?: string;
  /** Strongest neurons per input position (default 5). */
  neuronsPerPosition?: number;
  /** Strongest features per neuron (default 5). */
  featuresPerNeuron?: number;
  /** Rows (the first ones) whose inputs are varied for the attribution (default 256). */
  sampleRows?: number;
  /** Neuron columns of the heatmap (default 20). */
  heatmapNeurons?: number;
  /** Feature columns of the heatmap (default 20). */
  heatmapFeatures?: number;
  /** Feature labels: the scores of `scoreFeatures`, or one label (or `null`) per feature. */
  labels?: FeatureScores | ReadonlyArray<string | null>;
  /** Activations already computed by `runFeatureActivations` on the same rows and hook. */
  activations?: FeatureActivations;
  /** Rows per forward pass (default 4096). */
  batchSize?: number;
}

/**
 * `mean(|h[v + 1] - h[v]|)` and `mean(h[v + 1] - h[v])` over `v < V - 1` and the rows, per unit, of the
 * `[V, rows, width]` activations in the kernel heap at `at`, as tfjs' wasm backend computes
 * `tf.mean(tf.abs(diff), [0, 1])` and `tf.mean(diff, [0, 1])`: float32 differences, each unit's values summed in
 * float32 in (v, row) order from 0 (the kernels' `diffSums`, into `2 * width` floats of the heap at `sums`), then one
 * float32 division by their count (the wasm `Mean` kernel on the transposed tensor), without the transpose of the
 * `[V - 1, rows, width]` tensor the backend makes for a mean over the outer axes.
 *
 * @internal
 */
export function computeStepMeans(k: Kernels, at: number, sums: number, V: number, rows: number, width: number): [Float32Array, Float32Array] {
  const { heap } = k;
  heap.fill(0, sums, sums + 2 * width);
  for (let v = 0; v + 1 < V; v++) {
    for (let r = 0; r < rows; r++) {
      const a = at + (v * rows + r) * width;
      k.diffSums(a, a + rows * width, sums, sums + width, width);
    }
  }
  const sumAbs = heap.slice(sums, sums + width);
  const sum = heap.slice(sums + width, sums + 2 * width);
  if (V < 2) return [sumAbs, sum];
  const n = (V - 1) * rows;
  for (let i = 0; i < width; i++) {
    sumAbs[i] = (sumAbs[i] as number) / n;
    sum[i] = (sum[i] as number) / n;
  }
  return [sumAbs, sum];
}

/**
 * Traces the circuit input position -> hidden neurons -> SAE features, plus the conditional-mean heatmap
 * (the data behind the viz heatmap and Sankey; the result is `@interp/viz`'s `CircuitTrace` as is).
 *
 * - Input -> neuron (gradient-free attribution): for each of the first `sampleRows` rows, the position is
 *   set to every value of its range (0..L-1 for pointers, 0..D for digits) with the rest of the row kept;
 *   a neuron's strength is the mean `|h(v+1) - h(v)|` of its hook activation over rows and consecutive
 *   values. The reported weight is that strength with the sign of the mean step `h(v+1) - h(v)`.
 * - Neuron -> feature: the encoder weight `W_enc[n, j]` (sign kept), strongest `|W_enc[n, j]|` first, among
 *   features that fire on at least one row of the data.
 * - Heatmap: rows are (position, value) pairs; columns are the traced neurons, then the traced features
 *   (first appearance order, deduplicated); a cell is the mean activation over the data rows whose input
 *   at that position has that value (0 when no row has it).
 *
 * @example
 * ```ts
 * const scores = scoreFeatures(computeFeatureActivations(model, sae, train), train);
 * const trace = traceCircuit(model, sae, train, { labels: scores });
 * trace.positions[4].neurons[0]; // { neuron, weight, features: [{ feature, weight, label }] }
 * ```
 * @throws RangeError for an unknown hook, a bad option, or a dataset of the wrong width.
 */
export function traceCircuit(model: Mlp, sae: Sae, data: ProbeData, options: TraceCircuitOptions = {}): CircuitTrace {
  const where = 'traceCircuit';
  const hook = options.hook ?? DEFAULT_HOOK_POINT;
  const perPosition = options.neuronsPerPosition ?? 5;
  const perNeuron = options.featuresPerNeuron ?? 5;
  const sampleRowsOpt = options.sampleRows ?? 256;
  const heatmapNeurons = options.heatmapNeurons ?? 20;
  const heatmapFeatures = options.heatmapFeatures ?? 20;
  const batchSize = options.batchSize ?? 4096;
  checkInteger(perPosition, 'traceCircuit: options.neuronsPerPosition', { min: 0 });
  checkInteger(perNeuron, 'traceCircuit: options.featuresPerNeuron', { min: 0 });
  checkInteger(sampleRowsOpt, 'traceCircuit: options.sampleRows', { min: 1 });
  checkInteger(heatmapNeurons, 'traceCircuit: options.heatmapNeurons', { min: 0 });
  checkInteger(heatmapFeatures, 'traceCircuit: options.heatmapFeatures', { min: 0 });
  checkBatchSize(batchSize, where);
  const dIn = resolveHook(model, sae, hook, where);
  const d = checkProbeData(data, where, model.config.inputSize);
  const { rows, numInputs, inputs, columns } = d;
  const dSae = sae.config.dSae;
  const L = d.config.columnLength;
  const D = d.config.digitMax;
  const labelOf = (j: number): string | null => {
    const l = options.labels;
    if (!l) return null;
    if (Array.isArray(l)) return (l as ReadonlyArray<string | null>)[j] ?? null;
    return (l as FeatureScores).features[j]?.label ?? null;
  };
  const acts = options.activations ?? runFeatureActivations(model, sae, d, { hook, batchSize });
  if (acts.rows !== rows || acts.dSae !== dSae || acts.dIn !== dIn || acts.codes.rows !== rows || acts.codes.dSae !== dSae) {
    throw new RangeError(`${where}: options.activations covers ${acts.rows} rows x ${acts.dSae} features, expected ${rows} x ${dSae}`);
  }
  const valueCount = (i: number): number => (i === L || i === 2 * L + 1 ? L : D + 1);

  // Input -> neuron attribution.
  const sample = Math.min(sampleRowsOpt, rows);
  const strength: Float32Array[] = [];
  const slope: Float32Array[] = [];
  // one buffer of inputs and one of hook activations for every position (the largest value count)
  let maxV = 0;
  for (let i = 0; i < numInputs; i++) maxV = Math.max(maxV, valueCount(i));
  const xsAll = new Float32Array(maxV * sample * numInputs);
  // the activations go straight into a kernel heap, where the step means are summed (2 dIn floats after them)
  const kernels = createKernels(maxV * sample * dIn + 2 * dIn);
  const hsAll = kernels.heap.subarray(0, maxV * sample * dIn);
  const first = inputs.subarray(0, sample * numInputs);
  for (let i = 0; i < numInputs; i++) {
    const V = valueCount(i);
    const xs = xsAll.subarray(0, V * sample * numInputs);
    for (let v = 0; v < V; v++) {
      const o = v * sample * numInputs;
      xs.set(first, o);
      for (let r = 0; r < sample; r++) xs[o + r * numInputs + i] = v;
    }
    const hs = hsAll.subarray(0, V * sample * dIn);
    const total = V * sample;
    for (let start = 0; start < total; start += batchSize) {
      const n = Math.min(batchSize, total - start);
      const x = tf.tensor2d(xs.subarray(start * numInputs, (start + n) * numInputs), [n, numInputs], 'float32');
      // only the hook's activation is needed: the layers after it do not run
      const h = model.forwardTo(x, hook);
      hs.set(h.dataSync() as Float32Array, start * dIn);
      tf.dispose([x, h]);
    }
    if (tf.getBackend() === 'wasm') {
      const [st, sl] = computeStepMeans(kernels, 0, maxV * sample * dIn, V, sample, dIn);
      strength.push(st);
      slope.push(sl);
      continue;
    }
    const [st, sl] = tf.tidy(() => {
      if (V < 2) return [tf.zeros([dIn]), tf.zeros([dIn])];
      const H = tf.tensor3d(hs, [V, sample, dIn]);
      const diff = tf.sub(tf.slice(H, [1, 0, 0], [V - 1, sample, dIn]), tf.slice(H, [0, 0, 0], [V - 1, sample, dIn]));
      return [tf.mean(tf.abs(diff), [0, 1]), tf.mean(diff, [0, 1])];
    });
    strength.push(new Float32Array(st.dataSync() as Float32Array));
    slope.push(new Float32Array(sl.dataSync() as Float32Array));
    tf.dispose([st, sl]);
  }

  // Neuron -> feature.
  const alive = new Uint8Array(dSae);
  const { indices: codeIds, values: codeValues } = acts.codes;
  for (let t = 0; t < codeIds.length; t++) {
    const j = codeIds[t] as number;
    if (j >= 0 && (codeValues[t] as number) > 0) alive[j] = 1;
  }
  const Wenc = sae.W_enc.dataSync() as Float32Array;
  const featuresOf = new Map<number, { feature: number; weight: number; label: string | null }[]>();
  const top = new Int32Array(perNeuron);
  const traceFeatures = (n: number) => {
    let list = featuresOf.get(n);
    if (list) return list;
    // the `perNeuron` alive features of largest |W_enc[n, j]|, the lower id first among equal magnitudes
    const o = n * dSae;
    const chosen = selectLargestMagnitudes(Wenc, o, dSae, perNeuron, top, alive);
    list = Array.from(chosen, (j) => ({ feature: j, weight: Wenc[o + j] as number, label: labelOf(j) }));
    featuresOf.set(n, list);
    return list;
  };
  const positions: TracePosition[] = [];
  for (let i = 0; i < numInputs; i++) {
    const st = strength[i] as Float32Array;
    const sl = slope[i] as Float32Array;
    const order = Array.from({ length: dIn }, (_, n) => n).filter((n) => (st[n] as number) > 0);
    order.sort((x, y) => (st[y] as number) - (st[x] as number) || x - y);
    const neurons: TraceNeuron[] = order.slice(0, perPosition).map((n) => ({
      neuron: n,
      weight: ((sl[n] as number) < 0 ? -1 : 1) * (st[n] as number),
      features: traceFeatures(n).map((f) => ({ ...f })),
    }));
    positions.push({ position: i, name: columns[i] as string, neurons });
  }

  // Heatmap.
  const neuronCols: number[] = [];
  const featureCols: number[] = [];
  for (const p of positions) {
    for (const n of p.neurons) {
      if (!neuronCols.includes(n.neuron) && neuronCols.length < heatmapNeurons) neuronCols.push(n.neuron);
      for (const f of n.features) if (!featureCols.includes(f.feature) && featureCols.length < heatmapFeatures) featureCols.push(f.feature);
    }
  }
  const hmRows: HeatmapRow[] = [];
  const rowIndex: number[][] = [];
  for (let i = 0; i < numInputs; i++) {
    rowIndex.push([]);
    for (let v = 0; v < valueCount(i); v++) {
      (rowIndex[i] as number[]).push(hmRows.length);
      hmRows.push({ position: i, name: columns[i] as string, value: v });
    }
  }
  const C = neuronCols.length + featureCols.length;
  const sums = new Float64Array(hmRows.length * C);
  const counts = new Int32Array(hmRows.length);
  const H = acts.hookActivations;
  // The traced features' activations, dense [rows, featureCols] (zero where a feature is off).
  const FC = featureCols.length;
  const Fa = new Float32Array(rows * FC);
  const colOf = new Int32Array(dSae).fill(-1);
  featureCols.forEach((j, c) => (colOf[j] = c));
  const codeK = acts.codes.k;
  for (let r = 0; r < rows; r++) {
    for (let t = r * codeK, e = t + codeK; t < e; t++) {
      const j = codeIds[t] as number;
      if (j >= 0 && (colOf[j] as number) >= 0) Fa[r * FC + (colOf[j] as number)] = codeValues[t] as number;
    }
  }
  // A row's traced values (neurons, then features) are gathered once and added to the heatmap row of each of its
  // inputs; every cell still sums its rows in row order.
  const NC = neuronCols.length;
  const rowValues = new Float64Array(C);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < NC; c++) rowValues[c] = H[r * dIn + (neuronCols[c] as number)] as number;
    for (let c = 0; c < FC; c++) rowValues[NC + c] = Fa[r * FC + c] as number;
    for (let i = 0; i < numInputs; i++) {
      const v = inputs[r * numInputs + i] as number;
      const hr = rowIndex[i]?.[v];
      if (hr === undefined) continue;
      counts[hr] = (counts[hr] as number) + 1;
      const o = hr * C;
      for (let c = 0; c < C; c++) sums[o + c] = (sums[o + c] as number) + (rowValues[c] as number);
    }
  }
  const values = hmRows.map((_, hr) => {
    const n = counts[hr] as number;
    return Array.from({ length: C }, (_, c) => (n > 0 ? (sums[hr * C + c] as number) / n : 0));
  });
  const hmColumns: HeatmapColumn[] = [
    ...neuronCols.map((index) => ({ kind: 'neuron' as const, index, label: null })),
    ...featureCols.map((index) => ({ kind: 'feature' as const, index, label: labelOf(index) })),
  ];
  const heatmap: CircuitHeatmap = { rows: hmRows, columns: hmColumns, values };
  return { inputNames: [...columns], positions, heatmap };
}
