import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@interp/backend';
import { writeFilesAtomic } from '@interp/core/node';
import { generateSuperposition } from '@interp/dataset';
import { buildTrainSaeOptions, splitHeldOutRows } from '@interp/pipeline';
import { serializeSafetensors } from '@interp/safetensors';
import { evaluateSae, saeFileNames, serializeSae, trainSae } from '@interp/sae';
import { writeReports } from '@interp/viz/node';
import { buildActivationsReport, type ActivationsReportSummary } from './buildActivationsReport';
import { createProgress } from './createProgress';
import type { PipelineContext } from './pipelineContext';
import type { LabelTable } from './readLabelsCsv';

/** The synthetic data and its true directions, as `interp run --config '{"task": "superposition"}'` writes them. */
export const SUPERPOSITION_FILE = 'superposition_data.safetensors';

/** The banners of the superposition pipeline. */
export const superpositionSteps = [
  { id: 'environment', banner: '[1/4] Activating Environment...' },
  { id: 'generate', banner: '[2/4] Generating Superposition Data...' },
  { id: 'train-sae', banner: '[3/4] Training Sparse Autoencoder (SAE)...' },
  { id: 'report', banner: '[4/4] Generating Feature Reports (recovered vs true features)...' },
] as const;

/** What `interp run` prints for `task: "superposition"` (the JSON summary with `--json`). */
export interface SuperpositionSummary extends ActivationsReportSummary {
  task: 'superposition';
  preset: string;
  seed: number;
  backend: string;
  /** Threads asked for (`--threads`) and those that trained the SAE. */
  threadsRequested: number | 'auto';
  saeThreads: number;
  superposition: PipelineContext['config']['superposition'];
  heldOutRows: number;
  /** FVE and L0 on the held-out rows (the report's `sae` figures are over every row). */
  heldOut: { fve: number; l0: number };
  timings: Record<string, number>;
  files: Record<string, string>;
}

/** The true features of the rows as labels: concept `true_i` holds on the rows where true feature `i` is active. */
function toLabelTable(codes: { offsets: Int32Array; indices: Int32Array }, rows: number, features: number): LabelTable {
  const values = new Uint8Array(features * rows);
  for (let r = 0; r < rows; r += 1) {
    for (let p = codes.offsets[r]!; p < codes.offsets[r + 1]!; p += 1) values[codes.indices[p]! * rows + r] = 1;
  }
  return { names: Array.from({ length: features }, (_, i) => `true_${i}`), rows, values };
}

/**
 * `interp run` with `task: "superposition"`: synthetic data with known true features (Toy Models of
 * Superposition; `generateSuperposition` of `@interp/dataset`), no MLP (the activations are the data), an SAE
 * trained on it with the config's `sae` section (the last `sae.evalRows` rows held out), and the reports
 * (`index.html`, `features.html`) with the recovered vs true features (`compareDictionaries` of
 * `@interp/probe`) and each feature labelled by the true feature whose firing it matches.
 *
 * @example
 * ```ts
 * const summary = await runSuperpositionPipeline(ctx);
 * summary.dictionary?.recoveredFraction; // e.g. 0.99
 * ```
 */
export async function runSuperpositionPipeline(ctx: PipelineContext): Promise<SuperpositionSummary> {
  const { config, log } = ctx;
  const timings: Record<string, number> = {};
  const started = performance.now();
  let t = performance.now();
  const lap = (step: string) => {
    timings[step] = Number(((performance.now() - t) / 1000).toFixed(3));
    t = performance.now();
  };
  log.info(superpositionSteps[0].banner);
  ctx.backend = await selectBackend({ backend: config.backend, onWarning: (m) => log.warn(m) });
  log.info(`Backend: ${ctx.backend.description}`);
  log.info(`Threads: tfjs ${ctx.backend.threads ?? 'backend default'}, SAE step ${config.threads === 'auto' ? `all cores (${availableParallelism()})` : config.threads} (machine: ${availableParallelism()} cores)`);
  lap('environment');

  log.info(superpositionSteps[1].banner);
  const sp = config.superposition;
  const data = generateSuperposition({ ...sp, seed: config.seed });
  log.info(`${data.rows} rows x ${data.width} dimensions from ${data.features} true features, ${sp.activeFeatures} active per row on average (seed ${config.seed})`);
  const dataFile = serializeSafetensors(
    {
      activations: { shape: [data.rows, data.width], data: data.data },
      directions: { shape: [data.features, data.width], data: data.directions },
    },
    { format: 'interp.superposition/1', seed: String(config.seed), options: JSON.stringify(data.options) },
  );
  ctx.signal?.throwIfAborted();
  lap('generate');

  log.info(superpositionSteps[2].banner);
  const evalRows = config.sae.evalRows;
  const acts = { data: data.data, rows: data.rows, width: data.width };
  const { train, heldOut } = splitHeldOutRows(acts, evalRows);
  let bar: ReturnType<typeof createProgress> | undefined;
  const { sae, history } = await trainSae(train, {
    ...buildTrainSaeOptions(config),
    validation: heldOut,
    hookName: 'superposition',
    modelName: 'synthetic-superposition',
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onProgress: (p) => {
      bar ??= createProgress('SAE steps', p.totalSteps, { quiet: ctx.quiet });
      bar.update(p.step, `loss ${p.last.loss.toFixed(4)} L0 ${p.last.l0.toFixed(1)}`);
      const e = p.evaluation;
      if (e && (e.epoch % Math.max(1, Math.round(p.epochs / 10)) === 0 || e.epoch === p.epochs)) {
        log.info(`SAE Epoch [${e.epoch}/${p.epochs}] | FVE: ${e.metrics.fve.toFixed(4)} | L0: ${e.metrics.l0.toFixed(1)} | dead: ${(e.deadFractionWindow * 100).toFixed(1)}%`);
      }
    },
  });
  try {
    bar?.finish(`${history.rowsPerSecond.toFixed(0)} rows/s`);
    log.info(`SAE trained on ${history.threads} thread(s)${history.threadsNote ? ` (${history.threadsNote})` : ''}: ${history.rowsPerSecond.toFixed(0)} rows/s, ${history.seconds.toFixed(1)} s`);
    const held = await evaluateSae(sae, heldOut);
    lap('train-sae');

    log.info(superpositionSteps[3].banner);
    const { data: report, summary } = await buildActivationsReport(sae, acts, {
      title: 'interp: SAE features vs the true features of superposition data',
      createdAt: ctx.now().toISOString(),
      source: `generateSuperposition (seed ${config.seed})`,
      hook: 'superposition',
      backend: ctx.backend.description,
      seed: config.seed,
      threads: history.threads,
      labels: { table: toLabelTable(data.codes, data.rows, data.features), source: 'the true features (true_i: feature i is active)' },
      truth: { directions: data.directions, features: data.features },
      files: [SUPERPOSITION_FILE, saeFileNames.weights, saeFileNames.config, saeFileNames.sparsity].map((f) => ({ name: f, path: f })),
    });
    const frequency = new Float32Array(report.features.map((f) => f.frequency));
    const saeFiles = serializeSae(sae, { featureFrequency: frequency, metadata: { dataset_path: SUPERPOSITION_FILE } });
    ctx.signal?.throwIfAborted();
    // The data and the SAE together, then the reports: each set all at once.
    const writes: Array<[string, string | Uint8Array]> = [
      [join(ctx.out, SUPERPOSITION_FILE), dataFile],
      [join(ctx.out, saeFileNames.weights), saeFiles[saeFileNames.weights]],
      [join(ctx.out, saeFileNames.config), saeFiles[saeFileNames.config]],
    ];
    const sparsity = saeFiles[saeFileNames.sparsity];
    if (sparsity) writes.push([join(ctx.out, saeFileNames.sparsity), sparsity]);
    await writeFilesAtomic(writes);
    const pages = await writeReports(ctx.out, report);
    lap('report');
    timings.total = Number(((performance.now() - started) / 1000).toFixed(3));
    const d = summary.dictionary;
    if (d) {
      log.info(
        `Recovered ${d.recovered} of ${d.trueFeatures} true features (${(100 * d.recoveredFraction).toFixed(1)}%) at cosine > ${d.recoveryThreshold}; mean max cosine ${d.meanMaxCosine.toFixed(3)}; ${d.splitFeatures} split, ${d.absorbingLatents} absorbing latents`,
      );
    }
    return {
      task: 'superposition',
      preset: ctx.preset,
      seed: config.seed,
      backend: ctx.backend.description,
      threadsRequested: config.threads,
      saeThreads: history.threads,
      superposition: sp,
      ...summary,
      heldOutRows: evalRows,
      heldOut: { fve: held.fve, l0: held.l0 },
      timings,
      files: { ...Object.fromEntries(writes.map(([p]) => [p.slice(ctx.out.length + 1), p])), ...pages },
    };
  } finally {
    sae.dispose();
  }
}
