import { compareDictionaries } from '@interp/probe';
import { evaluateSae, type ActivationMatrix, type Sae } from '@interp/sae';
import type { ReportData, RunSummary } from '@interp/viz';
import { createCodeSpill } from './createCodeSpill';
import { createFeatureSummarizer } from './createFeatureSummarizer';
import type { LabelTable } from './readLabelsCsv';

/** What {@link buildActivationsReport} needs besides the SAE and the activations. */
export interface ActivationsReportInput {
  title: string;
  createdAt: string;
  /** Where the activations came from (file, folder or generator), and their hook. */
  source: string;
  hook?: string;
  backend: string;
  seed?: number;
  threads?: number;
  /** Ground-truth labels of the rows (`--labels`), with their file. */
  labels?: { table: LabelTable; source: string };
  /** Known true feature directions, `[features, width]` row-major (synthetic data). */
  truth?: { directions: Float32Array; features: number };
  /** Files linked from the run summary (relative to the report folder). */
  files?: Array<{ name: string; path: string }>;
  timings?: Array<{ step: string; seconds: number }>;
  /** Called with every block of rows before it is encoded (e.g. to check values); may throw to stop. */
  onBlock?: (block: ActivationMatrix, rowStart: number) => void;
  /** Keep the codes of the second pass in a temporary file instead of memory (for streamed activations). */
  spillToDisk?: boolean;
}

/**
 * Activations read as a stream: `open(batchRows)` yields the rows in order, in batches of exactly
 * `batchRows` rows (the last may be short), and can be opened again.
 *
 * @example
 * ```ts
 * const stream: ActivationStream = { rows: 600_000, width: 512, open: (n) => readActivationBatches('acts.npy', n) };
 * ```
 */
export interface ActivationStream {
  rows: number;
  width: number;
  open(batchRows: number): AsyncIterable<ActivationMatrix>;
}

/** A matrix in memory as an {@link ActivationStream} of views into it. */
function streamOfMatrix(acts: ActivationMatrix): ActivationStream {
  return {
    rows: acts.rows,
    width: acts.width,
    async *open(batchRows) {
      for (let r = 0; r < acts.rows; r += batchRows) {
        const n = Math.min(batchRows, acts.rows - r);
        yield { data: acts.data.subarray(r * acts.width, (r + n) * acts.width), rows: n, width: acts.width };
      }
    },
  };
}

/** The figures of an SAE on activations: what `--json` prints and `index.html` shows. */
export interface ActivationsReportSummary {
  activations: { source: string; rows: number; width: number; hook?: string };
  sae: { architecture: string; k?: number; dIn: number; dSae: number; fve: number; mse: number; l0: number; deadFraction: number; denseFraction: number };
  labels?: NonNullable<RunSummary['labels']>;
  dictionary?: NonNullable<RunSummary['dictionary']>;
}

function histogram01(values: Float32Array, bins: number): { min: number; max: number; counts: number[] } {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor(v * bins)))]! += 1;
  return { min: 0, max: 1, counts };
}

/**
 * Measures an SAE on any activations (FVE, L0, dead and dense features, per-feature statistics; with labels,
 * ground-truth concepts; with known true directions, recovered vs true features by `compareDictionaries`) and
 * builds the data of the run summary and the feature dashboard.
 *
 * A stream is read in three passes, one batch in memory at a time: per-feature statistics (4096-row
 * blocks, `onBlock` first), the histograms (from the codes of the first pass, kept in memory or, with
 * `spillToDisk`, a temporary file), and `evaluateSae` (1024-row chunks): the same blocks, and so the same
 * numbers, as for the same matrix in memory.
 *
 * @example
 * ```ts
 * const { data, summary } = await buildActivationsReport(sae, acts, { title: 'SAE on acts.npy', createdAt: new Date().toISOString(), source: 'acts.npy', backend: 'wasm' });
 * await writeReports('report', data);
 * ```
 */
export async function buildActivationsReport(
  sae: Sae,
  activations: ActivationMatrix | ActivationStream,
  input: ActivationsReportInput,
): Promise<{ data: ReportData; summary: ActivationsReportSummary }> {
  const acts = 'open' in activations ? activations : streamOfMatrix(activations);
  const summarizer = createFeatureSummarizer(sae, acts.rows, {
    ...(input.labels ? { labels: input.labels.table } : {}),
  });
  const spill = await createCodeSpill({ toDisk: input.spillToDisk === true });
  try {
    for await (const block of acts.open(4096)) {
      input.onBlock?.(block, summarizer.rows);
      await spill.write(summarizer.add(block));
    }
    for await (const codes of spill.read()) summarizer.addHistogram(codes);
  } finally {
    await spill.dispose();
  }
  const metrics = await evaluateSae(sae, () => acts.open(1024));
  let dictionary: ActivationsReportSummary['dictionary'];
  let trueFeatures: { id: Int32Array; cosine: Float32Array } | undefined;
  if (input.truth) {
    const threshold = 0.9;
    const m = compareDictionaries(sae.getWeights().W_dec, input.truth.directions, acts.width, { recoveryThreshold: threshold });
    dictionary = {
      trueFeatures: m.trueFeatures,
      latents: m.latents,
      recovered: m.recovered,
      recoveredFraction: m.recoveredFraction,
      recoveryThreshold: threshold,
      meanMaxCosine: m.meanMaxCosine,
      splitFeatures: m.splitFeatures,
      absorbingLatents: m.absorbingLatents,
      maxCosine: histogram01(m.maxCosine, 20),
    };
    trueFeatures = { id: m.latentBestFeature, cosine: m.latentMaxCosine };
  }
  const summaries = summarizer.finish(trueFeatures ? { trueFeatures } : {});
  const activation = sae.config.activation as { type: string; k?: number };
  const labels = summaries.labels && input.labels ? { source: input.labels.source, concepts: input.labels.table.names.length, ...summaries.labels } : undefined;
  const summary: ActivationsReportSummary = {
    activations: { source: input.source, rows: acts.rows, width: acts.width, ...(input.hook ? { hook: input.hook } : {}) },
    sae: {
      architecture: activation.type,
      ...(activation.k === undefined ? {} : { k: activation.k }),
      dIn: sae.config.dIn,
      dSae: sae.config.dSae,
      fve: metrics.fve,
      mse: metrics.mse,
      l0: metrics.l0,
      deadFraction: metrics.deadFraction,
      denseFraction: metrics.denseFraction,
    },
    ...(labels ? { labels } : {}),
    ...(dictionary ? { dictionary } : {}),
  };
  const edges = metrics.densityHistogram.edges;
  const run: RunSummary = {
    title: input.title,
    createdAt: input.createdAt,
    backend: input.backend,
    ...(input.seed === undefined ? {} : { seed: input.seed }),
    ...(input.threads === undefined ? {} : { threads: input.threads }),
    sae: {
      architecture: activation.type,
      ...(activation.k === undefined ? {} : { k: activation.k }),
      features: sae.config.dSae,
      fve: metrics.fve,
      l0: metrics.l0,
      deadFraction: metrics.deadFraction,
      densityLog10: { min: edges[0] ?? -7, max: edges[edges.length - 1] ?? 0, counts: metrics.densityHistogram.counts },
    },
    activations: summary.activations,
    ...(labels ? { labels } : {}),
    ...(dictionary ? { dictionary } : {}),
    files: input.files ?? [],
    timings: input.timings ?? [],
  };
  return { data: { run, features: summaries.features, inputNames: ['row'] }, summary };
}
