/**
 * An SAE feature reached from a hidden neuron in a {@link CircuitTrace}.
 *
 * @example
 * ```ts
 * const f: TraceFeature = { feature: 1649, weight: 0.61, label: 'p1=2' };
 * ```
 */
export interface TraceFeature {
  /** Feature index in the SAE dictionary. */
  feature: number;
  /** Attribution weight neuron -> feature (e.g. the encoder weight); sign kept. */
  weight: number;
  /** Ground-truth concept label of the feature (`p1=2`, `a>=5 & b<3`), or `null`. */
  label?: string | null;
}

/**
 * A hidden neuron driven by one input position in a {@link CircuitTrace}.
 *
 * @example
 * ```ts
 * const n: TraceNeuron = { neuron: 12, weight: -0.8, features: [{ feature: 7, weight: 0.4 }] };
 * ```
 */
export interface TraceNeuron {
  /** Hidden-neuron index at the hook. */
  neuron: number;
  /** Attribution weight input position -> neuron (e.g. the first-layer weight); sign kept. */
  weight: number;
  /** The neuron's strongest SAE features, strongest first. */
  features: TraceFeature[];
}

/**
 * One input position of a {@link CircuitTrace} and the neurons it drives most.
 *
 * @example
 * ```ts
 * const p: TracePosition = { position: 4, name: 'p1', neurons: [] };
 * ```
 */
export interface TracePosition {
  /** Column index in the input row (0-based). */
  position: number;
  /** Column name (`c1_0` ... `p2`). */
  name: string;
  /** Strongest hidden neurons of this position, strongest first. */
  neurons: TraceNeuron[];
}

/**
 * A row of the circuit heatmap: one value of one input position.
 *
 * @example
 * ```ts
 * const r: HeatmapRow = { position: 4, name: 'p1', value: 2 }; // drawn as "p1=2"
 * ```
 */
export interface HeatmapRow {
  /** Column index in the input row. */
  position: number;
  /** Column name (`c1_0` ... `p2`). */
  name: string;
  /** The input value this row conditions on. */
  value: number;
}

/**
 * A column of the circuit heatmap: a hidden neuron or an SAE feature.
 *
 * @example
 * ```ts
 * const c: HeatmapColumn = { kind: 'feature', index: 1649, label: 'p1=2' };
 * ```
 */
export interface HeatmapColumn {
  /** Whether the column is a hidden neuron or an SAE feature. */
  kind: 'neuron' | 'feature';
  /** Neuron or feature index. */
  index: number;
  /** Ground-truth concept label (features), or `null`. */
  label?: string | null;
}

/**
 * Mean activation of neurons and features conditioned on each input position/value.
 *
 * @example
 * ```ts
 * const h: CircuitHeatmap = {
 *   rows: [{ position: 4, name: 'p1', value: 0 }],
 *   columns: [{ kind: 'neuron', index: 3 }],
 *   values: [[0.42]],
 * };
 * ```
 */
export interface CircuitHeatmap {
  /** Heatmap rows (input position = value). */
  rows: HeatmapRow[];
  /** Heatmap columns (neurons, then features). */
  columns: HeatmapColumn[];
  /** `values[row][column]`: mean activation over the rows where the input has that value. */
  values: number[][];
}

/**
 * The circuit of a run: input positions -> strongest hidden neurons ->
 * strongest SAE features, plus the heatmap behind `logic_circuit_map.html`.
 * Plain JSON-serialisable data: `@interp/probe`'s `traceCircuit` produces it, `@interp/viz`'s heatmap
 * and Sankey render it.
 *
 * @example
 * ```ts
 * import type { CircuitTrace } from '@interp/report-types';
 * import { traceCircuit } from '@interp/probe';
 * const trace: CircuitTrace = traceCircuit(model, sae, train);
 * ```
 */
export interface CircuitTrace {
  /** Input column names in order (`c1_0, c1_1, c1_2, c1_3, p1, c2_0, ..., p2`). */
  inputNames: string[];
  /** One entry per traced input position. */
  positions: TracePosition[];
  /** Conditional mean activations. */
  heatmap: CircuitHeatmap;
}
