import { join } from 'node:path';
import { writeFilesAtomic } from '@interp/core/node';
import { evaluateSae, trainSaes, type SaeInput, type SaeSweepEntry, type SaeSweepRow, type TrainSaesSharedOptions } from '@interp/sae';
import { renderParetoSvg } from '@interp/viz';
import type { createLogger } from './createLogger';
import { createProgress } from './createProgress';
import { serializeSaeFiles } from './serializeSaeFiles';
import { UsageError } from './UsageError';

/** The sweep summary `interp train-sae` writes into `--sae-out` (and `interp run` into `--out`) when `sae` in `--config` is a list. */
export const SWEEP_SUMMARY_FILE = 'sweep_summary.json';
/** The L0 vs FVE plot of a sweep, next to {@link SWEEP_SUMMARY_FILE}. */
export const SWEEP_PARETO_FILE = 'sweep_pareto.svg';

/** The subfolder of `--sae-out` SAE `index` of a sweep is written to (SAELens layout). */
export function sweepSaeFolder(index: number): string {
  return `sae_${index}`;
}

/** A row of a sweep's summary: the SAE's figures (dead fraction over every row) and the folder its files are in. */
export interface SweepSummaryRow extends SaeSweepRow {
  /** Folder of the SAE's files relative to the output folder (`.` for the SAE written there itself). */
  folder: string;
}

/** An SAE's firing frequencies and dead fraction over every row (`evaluateSae`'s result). */
export type SweepLiveness = Awaited<ReturnType<typeof evaluateSae>>;

/** What {@link trainSweepSaes} and {@link serializeSweepSaes} return and take: `trainSaes`' result. */
export type SweepTraining = Awaited<ReturnType<typeof trainSaes>>;

/** How {@link trainSweepSaes} reports and names the SAEs. */
export interface SweepTrainingOptions {
  /** Where the config came from, for usage errors. */
  source: string;
  quiet: boolean;
  log: ReturnType<typeof createLogger>;
  /** `order[j]`: the config index of the j-th SAE trained (default: the config's order). */
  order?: readonly number[];
}

/**
 * Trains the SAEs of a sweep on one read of each batch (`trainSaes`) with a progress bar and each SAE's final
 * FVE and L0 in the log. `trainSaes`' option errors (a bad entry, a field a sweep must share) become usage
 * errors naming the config entry (`sae[1].batchSize`), by its index in the config when `order` permutes it.
 *
 * @example
 * ```ts
 * const result = await trainSweepSaes(train, [{ architecture: { type: 'topk', k: 8 } }, { architecture: { type: 'topk', k: 16 } }], { seed: 1 }, { source: '--config s.json', quiet: true, log });
 * ```
 * @throws UsageError naming the entry and field.
 */
export async function trainSweepSaes(train: SaeInput, entries: SaeSweepEntry[], shared: TrainSaesSharedOptions, how: SweepTrainingOptions): Promise<SweepTraining> {
  const { log } = how;
  const indexOf = (j: number) => how.order?.[j] ?? j;
  let bar: ReturnType<typeof createProgress> | undefined;
  let result: SweepTraining;
  try {
    result = await trainSaes(train, entries, {
      ...shared,
      onProgress: (p) => {
        bar ??= createProgress(`SAE sweep (${entries.length} SAEs) steps`, p.totalSteps, { quiet: how.quiet });
        if (p.index === entries.length - 1) bar.update(p.step, `${p.label}: loss ${p.last.loss.toFixed(4)} L0 ${p.last.l0.toFixed(1)}`);
        const e = p.evaluation;
        if (e && e.epoch === p.epochs) log.info(`SAE ${indexOf(p.index)} (${p.label}) | FVE: ${e.metrics.fve.toFixed(4)} | L0: ${e.metrics.l0.toFixed(1)}`);
      },
    });
  } catch (error) {
    const message = (error as Error).message ?? '';
    const named = (text: string) => text.replace(/options\[(\d+)\]/g, (_, j: string) => `sae[${indexOf(Number(j))}]`);
    const entry = /^trainSaes: options\[(\d+)\](?:\.architecture)?([.:])/.exec(message);
    if (entry) throw new UsageError(`${how.source} / flags: sae[${indexOf(Number(entry[1]))}]${entry[2]}${named(message.slice(entry[0].length))}`);
    if (/^trainSaes: (options|optionsList)/.test(message)) throw new UsageError(`${how.source} / flags: ${named(message.slice('trainSaes: '.length))}`);
    throw error;
  }
  bar?.finish(`${result.batchesRead} batches, ${result.seconds.toFixed(1)} s`);
  return result;
}

/**
 * The files of a trained sweep, by paths relative to the output folder: each SAE in its own
 * {@link sweepSaeFolder} in the SAELens layout (`interp.provenance` in cfg.json: `provenance`, the trainer's
 * threads and the SAE's place in the sweep), except the config index `skip` (written elsewhere by the
 * caller), the summary rows in config order with each SAE's dead fraction over `allRows`, and each SAE's
 * liveness over `allRows` in training order (`liveness[j]` is `result.saes[j]`'s).
 *
 * @example
 * ```ts
 * const { files, rows } = await serializeSweepSaes(result, { allRows, provenance: { seed: 1 } });
 * files[0]![0]; // 'sae_0/sae_weights.safetensors'
 * ```
 */
export async function serializeSweepSaes(
  result: SweepTraining,
  options: { allRows: SaeInput; provenance: Record<string, unknown>; datasetPath?: string; order?: readonly number[]; skip?: number },
): Promise<{ files: Array<[string, string | Uint8Array]>; rows: SweepSummaryRow[]; liveness: SweepLiveness[] }> {
  const files: Array<[string, string | Uint8Array]> = [];
  const rows: SweepSummaryRow[] = [];
  const livenesses: SweepLiveness[] = [];
  for (const [j, s] of result.saes.entries()) {
    const index = options.order?.[j] ?? j;
    // firing frequencies and liveness over every row, as for a single SAE
    const liveness = await evaluateSae(s.sae, options.allRows);
    livenesses.push(liveness);
    const folder = index === options.skip ? '.' : sweepSaeFolder(index);
    rows.push({ ...s.row, index, deadFraction: liveness.deadFraction, folder });
    if (index === options.skip) continue;
    const provenance = { ...options.provenance, threads: s.history.threads, sweep: { index, of: result.saes.length, label: s.row.label } };
    const saeFiles = serializeSaeFiles(s.sae, { featureFrequency: liveness.featureFrequency, provenance, ...(options.datasetPath === undefined ? {} : { datasetPath: options.datasetPath }) });
    for (const [name, content] of saeFiles) files.push([`${folder}/${name}`, content]);
  }
  rows.sort((a, b) => a.index - b.index);
  return { files, rows, liveness: livenesses };
}

/**
 * {@link SWEEP_SUMMARY_FILE} (`summary` as JSON) and {@link SWEEP_PARETO_FILE} (L0 vs FVE of `summary.rows`).
 *
 * @example
 * ```ts
 * const files = renderSweepSummaryFiles({ rows, batchesRead: 40 }); // [['sweep_summary.json', '{...}'], ['sweep_pareto.svg', '<svg ...']]
 * ```
 */
export function renderSweepSummaryFiles(summary: { rows: SweepSummaryRow[] } & Record<string, unknown>): Array<[string, string]> {
  return [
    [SWEEP_SUMMARY_FILE, `${JSON.stringify(summary, null, 2)}\n`],
    [SWEEP_PARETO_FILE, renderParetoSvg(summary.rows.map((r) => ({ label: r.label, l0: r.l0, fve: r.fve })), { title: 'SAE sweep: L0 vs FVE' })],
  ];
}

/** What {@link trainSaeSweep} needs from `interp train-sae --activations`. */
export interface SaeSweepRun {
  train: SaeInput;
  /** All rows (memory or the stream), for each SAE's firing frequencies. */
  allRows: SaeInput;
  entries: SaeSweepEntry[];
  shared: TrainSaesSharedOptions;
  saeOut: string;
  /** Where the config came from, for usage errors. */
  source: string;
  activations: Record<string, unknown>;
  provenance: Record<string, unknown>;
  datasetPath: string;
  quiet: boolean;
  json: boolean;
  log: ReturnType<typeof createLogger>;
  signal: AbortSignal;
}

/**
 * Trains the SAEs of a sweep on one read of each batch (`trainSaes`), writes each into its own subfolder of
 * `saeOut` ({@link sweepSaeFolder}) in the SAELens layout, plus {@link SWEEP_SUMMARY_FILE} (FVE, L0 and dead
 * fraction per SAE) and {@link SWEEP_PARETO_FILE}, all at once. Returns the exit code.
 *
 * @example
 * ```ts
 * const code = await trainSaeSweep({ train, allRows, entries: [{ architecture: { type: 'topk', k: 8 } }], shared: { seed: 1 }, saeOut: 'sweep', source: '--config s.json', activations: {}, provenance: {}, datasetPath: 'acts.npy', quiet: true, json: false, log, signal });
 * ```
 * @throws UsageError naming the entry (`sae[1].k`) when trainSaes rejects an option.
 */
export async function trainSaeSweep(run: SaeSweepRun): Promise<number> {
  const { log } = run;
  const result = await trainSweepSaes(run.train, run.entries, run.shared, { source: run.source, quiet: run.quiet, log });
  try {
    const { files, rows } = await serializeSweepSaes(result, { allRows: run.allRows, provenance: run.provenance, datasetPath: run.datasetPath });
    const summary = { activations: run.activations, provenance: run.provenance, batchesRead: result.batchesRead, seconds: result.seconds, rows };
    const writes = [...files, ...renderSweepSummaryFiles(summary)].map(([p, content]): [string, string | Uint8Array] => [join(run.saeOut, p), content]);
    run.signal.throwIfAborted();
    await writeFilesAtomic(writes);
    if (run.json) process.stdout.write(`${JSON.stringify({ ...summary, files: writes.map(([p]) => p) })}\n`);
    else {
      for (const r of rows) {
        log.info(`SAE ${r.index} ${r.label}: FVE ${r.fve.toFixed(4)}, L0 ${r.l0.toFixed(1)} (${r.split}), dead ${(r.deadFraction * 100).toFixed(1)}% of features over all rows -> ${join(run.saeOut, r.folder)}`);
      }
      log.info(`  ${join(run.saeOut, SWEEP_SUMMARY_FILE)}`);
      log.info(`  ${join(run.saeOut, SWEEP_PARETO_FILE)}`);
    }
    return 0;
  } finally {
    for (const s of result.saes) s.sae.dispose();
  }
}
