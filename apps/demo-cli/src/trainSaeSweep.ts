import { join } from 'node:path';
import { writeFilesAtomic } from '@interp/core/node';
import { evaluateSae, saeFileNames, serializeSae, trainSaes, type SaeInput, type SaeSweepEntry, type SaeSweepRow, type TrainSaesSharedOptions } from '@interp/sae';
import { renderParetoSvg } from '@interp/viz';
import type { createLogger } from './createLogger';
import { createProgress } from './createProgress';
import { UsageError } from './UsageError';

/** The sweep summary `interp train-sae` writes into `--sae-out` when `sae` in `--config` is a list. */
export const SWEEP_SUMMARY_FILE = 'sweep_summary.json';
/** The L0 vs FVE plot of a sweep, next to {@link SWEEP_SUMMARY_FILE}. */
export const SWEEP_PARETO_FILE = 'sweep_pareto.svg';

/** The subfolder of `--sae-out` SAE `index` of a sweep is written to (SAELens layout). */
export function sweepSaeFolder(index: number): string {
  return `sae_${index}`;
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
  let bar: ReturnType<typeof createProgress> | undefined;
  let result: Awaited<ReturnType<typeof trainSaes>>;
  try {
    result = await trainSaes(run.train, run.entries, {
      ...run.shared,
      onProgress: (p) => {
        bar ??= createProgress(`SAE sweep (${run.entries.length} SAEs) steps`, p.totalSteps, { quiet: run.quiet });
        if (p.index === run.entries.length - 1) bar.update(p.step, `${p.label}: loss ${p.last.loss.toFixed(4)} L0 ${p.last.l0.toFixed(1)}`);
        const e = p.evaluation;
        if (e && e.epoch === p.epochs) log.info(`SAE ${p.index} (${p.label}) | FVE: ${e.metrics.fve.toFixed(4)} | L0: ${e.metrics.l0.toFixed(1)}`);
      },
    });
  } catch (error) {
    const message = (error as Error).message ?? '';
    const entry = /^trainSaes: options\[(\d+)\](?:\.architecture)?([.:])/.exec(message);
    if (entry) throw new UsageError(`${run.source} / flags: sae[${entry[1]}]${entry[2]}${message.slice(entry[0].length).replace(/options\[(\d+)\]/g, 'sae[$1]')}`);
    if (/^trainSaes: (options|optionsList)/.test(message)) throw new UsageError(`${run.source} / flags: ${message.slice('trainSaes: '.length)}`);
    throw error;
  }
  bar?.finish(`${result.batchesRead} batches, ${result.seconds.toFixed(1)} s`);
  try {
    const writes: Array<[string, string | Uint8Array]> = [];
    const rows: Array<SaeSweepRow & { folder: string }> = [];
    for (const [i, s] of result.saes.entries()) {
      // firing frequencies and liveness over every row, as for a single SAE
      const liveness = await evaluateSae(s.sae, run.allRows);
      const files = serializeSae(s.sae, { featureFrequency: liveness.featureFrequency, metadata: { dataset_path: run.datasetPath } });
      const cfgFile = files[saeFileNames.config];
      const cfg = JSON.parse(typeof cfgFile === 'string' ? cfgFile : new TextDecoder().decode(cfgFile)) as { interp?: Record<string, unknown> };
      cfg.interp = { ...cfg.interp, provenance: { ...run.provenance, threads: s.history.threads, sweep: { index: i, of: result.saes.length, label: s.row.label } } };
      const folder = sweepSaeFolder(i);
      writes.push([join(run.saeOut, folder, saeFileNames.weights), files[saeFileNames.weights]]);
      const sparsity = files[saeFileNames.sparsity];
      if (sparsity) writes.push([join(run.saeOut, folder, saeFileNames.sparsity), sparsity]);
      writes.push([join(run.saeOut, folder, saeFileNames.config), `${JSON.stringify(cfg, null, 2)}\n`]);
      rows.push({ ...s.row, deadFraction: liveness.deadFraction, folder });
    }
    const summary = { activations: run.activations, provenance: run.provenance, batchesRead: result.batchesRead, seconds: result.seconds, rows };
    writes.push([join(run.saeOut, SWEEP_SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`]);
    writes.push([join(run.saeOut, SWEEP_PARETO_FILE), renderParetoSvg(rows.map((r) => ({ label: r.label, l0: r.l0, fve: r.fve })), { title: 'SAE sweep: L0 vs FVE' })]);
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
