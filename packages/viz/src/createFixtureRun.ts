import { createMulberry32 } from '@interp/core';
import type { CircuitHeatmap, CircuitTrace, HeatmapColumn, HeatmapRow, TracePosition } from '@interp/report-types';
import type { FeatureSummary, TopRow } from '@interp/report-types';
import type { Histogram } from '@interp/report-types';
import type { ReportData } from './ReportData';

/**
 * {@link createFixtureRun}'s data: every optional part of {@link ReportData} present (the built-in task's full set).
 *
 * @example
 * ```ts
 * const data: FixtureRun = createFixtureRun({ features: 64 });
 * data.trace.inputNames; // ['c1_0', ..., 'p2']
 * data.run.mlp.testMse;  // present, unlike in a report of any activations
 * ```
 */
export type FixtureRun = ReportData & {
  trace: CircuitTrace;
  run: RunSummary & Required<Pick<RunSummary, 'mlp' | 'probe'>>;
  features: Array<FeatureSummary & Required<Pick<FeatureSummary, 'outputEffect' | 'correlations'>> & { topRows: Array<TopRow & { p1: number; p2: number }> }>;
};
import type { RunSummary } from '@interp/report-types';

/**
 * Options of {@link createFixtureRun}.
 *
 * @example
 * ```ts
 * import { createFixtureRun, renderReports, type FixtureRunOptions } from '@interp/viz';
 * const options: FixtureRunOptions = { features: 256, hidden: 64, seed: 3 };
 * const pages = renderReports(createFixtureRun(options)); // every report on small made-up data
 * ```
 */
export interface FixtureRunOptions {
  /** SAE dictionary size (default 2048). */
  features?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Hidden width at the hook (default 512). */
  hidden?: number;
  /** Fraction of dead features (default 0.06). */
  deadFraction?: number;
  /** Top rows per feature (default 8). */
  topRows?: number;
  /** Histogram bins per feature (default 24). */
  bins?: number;
  /** Neurons per traced input position (default 3). */
  neuronsPerPosition?: number;
  /** Features per traced neuron (default 2). */
  featuresPerNeuron?: number;
}

const COLUMN_LENGTH = 4;
const DIGIT_MAX = 9;

/**
 * Builds a deterministic synthetic {@link ReportData} (run summary, circuit
 * trace and one summary per feature) of the reference task's shape, for tests
 * and demos that run without the training packages. Same options, same data.
 *
 * @example
 * ```ts
 * const data = createFixtureRun({ features: 2048, seed: 7 });
 * data.features.length; // 2048
 * ```
 * @throws RangeError naming the option when a size is not a positive integer.
 */
export function createFixtureRun(options: FixtureRunOptions = {}): FixtureRun {
  const nFeatures = options.features ?? 2048;
  const seed = options.seed ?? 1;
  const hidden = options.hidden ?? 512;
  const deadFraction = options.deadFraction ?? 0.06;
  const nTop = options.topRows ?? 8;
  const bins = options.bins ?? 24;
  const perPosition = options.neuronsPerPosition ?? 3;
  const perNeuron = options.featuresPerNeuron ?? 2;
  for (const [name, value] of Object.entries({ features: nFeatures, hidden, topRows: nTop, bins, neuronsPerPosition: perPosition, featuresPerNeuron: perNeuron })) {
    if (!Number.isInteger(value) || value < 1 || value > 1_000_000) {
      throw new RangeError(`createFixtureRun: ${name} must be an integer in [1, 1000000], got ${String(value)}`);
    }
  }
  if (!(deadFraction >= 0 && deadFraction < 1)) {
    throw new RangeError(`createFixtureRun: deadFraction must be in [0, 1), got ${String(deadFraction)}`);
  }
  const rng = createMulberry32(seed >>> 0);
  const rand = (): number => rng.next();
  const int = (n: number) => Math.floor(rand() * n);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d || 0;
  const inputNames = [
    ...Array.from({ length: COLUMN_LENGTH }, (_, i) => `c1_${i}`),
    'p1',
    ...Array.from({ length: COLUMN_LENGTH }, (_, i) => `c2_${i}`),
    'p2',
  ];

  const singleConcepts = [
    ...[0, 1, 2, 3].flatMap((k) => [`p1=${k}`, `p2=${k}`]),
    ...Array.from({ length: 9 }, (_, v) => [`a=${v + 1}`, `b=${v + 1}`, `a>=${v + 1}`, `b<${v + 1}`, `target>=${v + 1}`]).flat(),
    'a>b',
    'a<b',
  ];
  const pickConcept = () => {
    const first = singleConcepts[int(singleConcepts.length)] as string;
    if (rand() < 0.35) return `${first} & ${singleConcepts[int(singleConcepts.length)] as string}`;
    return first;
  };

  const randomRow = (p1?: number): TopRow => {
    const inputs = inputNames.map((name) => (name.startsWith('p') ? int(COLUMN_LENGTH) : int(DIGIT_MAX + 1)));
    if (p1 !== undefined) inputs[COLUMN_LENGTH] = p1;
    const rp1 = inputs[COLUMN_LENGTH] as number;
    const rp2 = inputs[2 * COLUMN_LENGTH + 1] as number;
    const a = inputs[rp1] as number;
    const b = inputs[COLUMN_LENGTH + 1 + rp2] as number;
    return { inputs, activation: 0, p1: rp1, p2: rp2, target: Math.abs(a - b) };
  };

  const features: FixtureRun['features'] = [];
  for (let id = 0; id < nFeatures; id++) {
    const dead = rand() < deadFraction;
    if (dead) {
      features.push({
        id,
        label: null,
        bestConcept: null,
        precision: 0,
        recall: 0,
        f1: 0,
        frequency: 0,
        firingCount: 0,
        meanActivation: 0,
        stdActivation: 0,
        maxActivation: 0,
        histogram: { min: 0, max: 0, counts: new Array<number>(bins).fill(0) },
        topRows: [],
        alignedNeurons: [],
        outputEffect: { ablateDelta: 0, addDelta: 0 },
        correlations: { a: null, b: null, diff: null, target: null },
      });
      continue;
    }
    const frequency = 10 ** (-3.5 + 3.2 * rand());
    const firingCount = Math.max(1, Math.round(frequency * 8000));
    const mean = 0.05 + 0.6 * rand();
    const std = mean * (0.15 + 0.35 * rand());
    const max = mean + std * (2 + 1.5 * rand());
    const hMin = Math.max(0, mean - 3 * std);
    const counts = Array.from({ length: bins }, (_, i) => {
      const x = hMin + ((i + 0.5) * (max - hMin)) / bins;
      const z = (x - mean) / std;
      return Math.round(Math.exp(-0.5 * z * z) * firingCount * ((max - hMin) / bins) / (std * Math.sqrt(2 * Math.PI)) * (0.8 + 0.4 * rand()));
    });
    const histogram: Histogram = { min: round(hMin), max: round(max), counts };
    const precision = rand() ** 0.4;
    const recall = rand() ** 0.6;
    const f1 = (2 * precision * recall) / (precision + recall || 1);
    const concept = pickConcept();
    const label = firingCount >= 20 && precision >= 0.9 ? concept : null;
    const pointer = /^p1=(\d)/.exec(concept);
    const topRows = Array.from({ length: Math.min(nTop, firingCount) }, (_, i) => {
      const row = randomRow(pointer ? Number(pointer[1]) : undefined);
      row.activation = round(max * (1 - (0.5 * i) / nTop));
      return row;
    });
    const alignedNeurons = Array.from({ length: 5 }, (_, i) => ({ neuron: int(hidden), cosine: round((0.8 - 0.12 * i) * (0.6 + 0.4 * rand())) }));
    const corr = () => round(Math.max(-1, Math.min(1, normal() * 0.35)), 3);
    features.push({
      id,
      label,
      bestConcept: concept,
      precision: round(precision, 3),
      recall: round(recall, 3),
      f1: round(f1, 3),
      frequency: round(frequency, 6),
      firingCount,
      meanActivation: round(mean),
      stdActivation: round(std),
      maxActivation: round(max),
      histogram,
      topRows,
      alignedNeurons,
      outputEffect: { ablateDelta: round(-Math.abs(normal()) * 0.2 * mean), addDelta: round(normal() * 0.5) },
      correlations: { a: corr(), b: corr(), diff: corr(), target: corr() },
    });
  }
  const alive = features.filter((f) => f.frequency > 0);
  const traceable = alive.length > 0 ? alive : features;

  const positions: TracePosition[] = inputNames.map((name, position) => ({
    position,
    name,
    neurons: Array.from({ length: perPosition }, (_, i) => ({
      neuron: int(Math.min(hidden, 24)) * Math.max(1, Math.floor(hidden / 24)) + (position % 2),
      weight: round((rand() < 0.25 ? -1 : 1) * (1.2 - 0.3 * i) * (0.5 + rand())),
      features: Array.from({ length: perNeuron }, (_, j) => {
        const f = traceable[int(Math.min(traceable.length, 40))] as FeatureSummary;
        return { feature: f.id, weight: round((0.9 - 0.25 * j) * (0.4 + rand())), label: f.label };
      }),
    })),
  }));
  // Deduplicate neurons within a position (the random picks may collide).
  for (const p of positions) {
    const seen = new Set<number>();
    p.neurons = p.neurons.filter((n) => !seen.has(n.neuron) && seen.add(n.neuron) !== undefined);
    for (const n of p.neurons) {
      const seenF = new Set<number>();
      n.features = n.features.filter((f) => !seenF.has(f.feature) && seenF.add(f.feature) !== undefined);
    }
  }

  const rows: HeatmapRow[] = inputNames.flatMap((name, position) =>
    Array.from({ length: name.startsWith('p') ? COLUMN_LENGTH : DIGIT_MAX + 1 }, (_, value) => ({ position, name, value })),
  );
  const neuronIds = [...new Set(positions.flatMap((p) => p.neurons.map((n) => n.neuron)))].slice(0, 20);
  const featureIds = [...new Set(positions.flatMap((p) => p.neurons.flatMap((n) => n.features.map((f) => f.feature))))].slice(0, 20);
  const byId = new Map(features.map((f) => [f.id, f]));
  const columns: HeatmapColumn[] = [
    ...neuronIds.map((index) => ({ kind: 'neuron' as const, index, label: null })),
    ...featureIds.map((index) => ({ kind: 'feature' as const, index, label: byId.get(index)?.label ?? null })),
  ];
  const preferred = columns.map(() => ({ position: int(inputNames.length), value: int(DIGIT_MAX + 1) }));
  const values = rows.map((row) =>
    columns.map((_, c) => {
      const pref = preferred[c] as { position: number; value: number };
      const hit = row.position === pref.position ? Math.exp(-((row.value - pref.value) ** 2) / 4) : 0;
      return round(0.05 + 0.15 * rand() + hit * (0.6 + 0.4 * rand()));
    }),
  );
  const heatmap: CircuitHeatmap = { rows, columns, values };
  const trace: CircuitTrace = { inputNames, positions, heatmap };

  const logFreqs = alive.map((f) => Math.log10(f.frequency));
  const dMin = -4;
  const dMax = 0;
  const densityCounts = new Array<number>(20).fill(0);
  for (const v of logFreqs) {
    const i = Math.min(19, Math.max(0, Math.floor(((v - dMin) / (dMax - dMin)) * 20)));
    densityCounts[i] = (densityCounts[i] as number) + 1;
  }
  const curve = Array.from({ length: 50 }, (_, i) => {
    const epoch = (i + 1) * 10;
    const base = 0.03 + 0.9 * Math.exp(-epoch / 90);
    return { epoch, trainMse: round(base * (0.9 + 0.1 * rand()), 5), valMse: round(base * (1.05 + 0.15 * rand()), 5) };
  });
  const scored = alive.filter((f) => f.firingCount >= 20);
  const mono = scored.filter((f) => f.label !== null);
  const mseClean = round(0.03 + 0.02 * rand(), 5);
  const mseZeroAblated = round(8 + 4 * rand(), 4);
  const mseSpliced = round(mseClean + 0.02 * (mseZeroAblated - mseClean) * rand(), 5);
  const run: FixtureRun['run'] = {
    title: 'interp run (synthetic fixture)',
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + seed * 60_000).toISOString(),
    backend: 'wasm',
    seed,
    mlp: { hidden, testMse: mseClean, curve },
    sae: {
      features: nFeatures,
      fve: round(0.97 + 0.02 * rand()),
      l0: round(12 + 18 * rand(), 2),
      deadFraction: round((nFeatures - alive.length) / nFeatures),
      densityLog10: { min: dMin, max: dMax, counts: densityCounts },
    },
    probe: {
      mseRecovered: round((100 * (mseZeroAblated - mseSpliced)) / (mseZeroAblated - mseClean), 2),
      mseClean,
      mseSpliced,
      mseZeroAblated,
      monosemanticShare: round(scored.length ? mono.length / scored.length : 0),
      monosemanticCount: mono.length,
      scoredCount: scored.length,
      labelCounts: [...mono.reduce((m, f) => m.set(f.label as string, (m.get(f.label as string) ?? 0) + 1), new Map<string, number>())]
        .map(([concept, n]) => ({ concept, features: n }))
        .sort((x, y) => y.features - x.features || (x.concept < y.concept ? -1 : 1)),
      labellingSingles: [...new Set(mono.flatMap((f) => (f.label as string).split(' & ')))].sort(),
    },
    files: [
      { name: 'Training split', path: 'mlp_train.xlsx' },
      { name: 'MLP weights', path: 'mlp_weights.safetensors' },
      { name: 'SAE weights', path: 'sae_weights.safetensors' },
      { name: 'Circuit trace', path: 'circuit_trace_detailed.xlsx' },
    ],
    timings: [
      { step: 'Generating Dataset', seconds: round(0.4 + rand(), 2) },
      { step: 'Training MLP', seconds: round(30 + 30 * rand(), 2) },
      { step: 'Harvesting Activations', seconds: round(1 + rand(), 2) },
      { step: 'Training Sparse Autoencoder (SAE)', seconds: round(40 + 40 * rand(), 2) },
      { step: 'Running Feature Probe', seconds: round(5 + 5 * rand(), 2) },
      { step: 'Generating Feature Reports', seconds: round(0.5 + rand(), 2) },
    ],
  };
  return { run, trace, features };
}
