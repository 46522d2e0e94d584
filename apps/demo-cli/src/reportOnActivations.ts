import { resolve } from 'node:path';
import { selectBackend } from '@interp/backend';
import { readActivationBatches } from '@interp/harvest/node';
import { loadSae } from '@interp/sae/node';
import { writeReports } from '@interp/viz/node';
import { buildActivationsReport } from './buildActivationsReport';
import { createActivationScaleCheck } from './checkActivationScale';
import type { CommandIo } from './cli/defineCommand';
import { createLogger } from './createLogger';
import { getRunClock } from './getRunClock';
import { describeActivationPath } from './readActivationFile';
import type { RawFlags } from './readFlags';
import { readContextCsv } from './readContextCsv';
import { readLabelsCsv } from './readLabelsCsv';
import { readShardContext } from './readShardContext';
import { UsageError } from './UsageError';

/** Flags of the pipeline step that mean nothing with `--sae`. */
const pipelineOnlyFlags = ['preset', 'force', 'wait', 'config', 'seed', 'threads', 'train', 'val', 'test'];

/**
 * `interp report --sae DIR --activations FILE|DIR [--labels FILE.csv] --out DIR`: the feature dashboard
 * (`features.html`) and the run summary (`index.html`) of any SAE on any activations, written together
 * (nothing is written on an error). Every input is checked before anything is written: the SAE loads
 * (known architecture, supported cfg fields), its `d_in` matches the activations' width, the activations are
 * finite and not empty, and the labels have one row per activation row. The activations are streamed (one
 * batch in memory at a time), whatever their size.
 *
 * @example
 * ```ts
 * await reportOnActivations({ sae: 'sae', activations: 'acts.npy', out: 'report' }, { signal });
 * ```
 */
export async function reportOnActivations(flags: RawFlags, io: CommandIo): Promise<number> {
  const json = flags.json === true;
  const log = createLogger({ quiet: flags.quiet === true, toStderr: json });
  if (typeof flags.sae !== 'string' || typeof flags.activations !== 'string') {
    throw new UsageError('report on any activations needs both --sae DIR and --activations FILE|DIR');
  }
  if (typeof flags.out !== 'string') throw new UsageError('report --sae needs --out DIR, the folder the reports are written to');
  for (const name of pipelineOnlyFlags) {
    if (flags[name] !== undefined) throw new UsageError(`report: --${name} is for the pipeline step, not for --sae`);
  }
  if (flags.backend !== undefined && !['auto', 'node', 'wasm', 'cpu'].includes(String(flags.backend))) {
    throw new UsageError(`--backend must be one of auto, node, wasm, cpu, got ${JSON.stringify(flags.backend)}`);
  }
  const saeDir = flags.sae;
  const path = flags.activations;
  const out = resolve(flags.out);
  const backend = await selectBackend({ backend: (flags.backend as 'auto' | 'node' | 'wasm' | 'cpu' | undefined) ?? 'auto', onWarning: (m) => log.warn(m) });
  log.info(`Backend: ${backend.description}`);
  const sae = await loadSae(saeDir);
  try {
    const cfgHook = sae.config.hookName;
    const acts = await describeActivationPath(path, typeof flags.tensor === 'string' ? flags.tensor : undefined, typeof flags.hook === 'string' ? flags.hook : cfgHook);
    if (acts.width !== sae.config.dIn) {
      throw new Error(`${path}: activations are ${acts.width} wide, but the SAE in ${saeDir} has d_in ${sae.config.dIn}; they must match`);
    }
    log.info(`Streaming activations: [${acts.rows}, ${acts.width}] from ${acts.describe}`);
    const checkScale = createActivationScaleCheck(path, acts.rows, acts.width);
    const readOptions = acts.tensor === undefined ? {} : { tensor: acts.tensor };
    const labels = typeof flags.labels === 'string' ? { table: await readLabelsCsv(flags.labels, acts.rows), source: flags.labels } : undefined;
    const contextCsv = typeof flags.context === 'string' ? flags.context : undefined;
    if (contextCsv !== undefined) await readContextCsv(contextCsv, acts.rows); // checked before the long passes
    io.signal.throwIfAborted();
    const now = getRunClock();
    const stream = { rows: acts.rows, width: acts.width, open: (batchRows: number) => readActivationBatches(path, batchRows, readOptions) };
    const { data, summary } = await buildActivationsReport(sae, stream, {
      title: `interp: SAE ${saeDir} on ${path}`,
      createdAt: now().toISOString(),
      source: path,
      ...(acts.hook ? { hook: acts.hook } : {}),
      backend: backend.description,
      ...(labels ? { labels } : {}),
      onBlock: (block, rowStart) => {
        io.signal.throwIfAborted();
        checkScale(block.data.subarray(0, block.rows * block.width), rowStart);
      },
      spillToDisk: true,
    });
    // Where each top row came from: the activation files' context, then --context's fields over it.
    const wanted = data.features.flatMap((f) => f.topRows.map((r) => r.inputs[0]!));
    const context = await readShardContext(acts.info.shards ?? [], wanted);
    if (contextCsv !== undefined) {
      for (const [row, c] of await readContextCsv(contextCsv, acts.rows, wanted)) context.set(row, { ...context.get(row), ...c });
    }
    for (const f of data.features) {
      f.topRows = f.topRows.map((r) => {
        const c = context.get(r.inputs[0]!);
        return c && Object.keys(c).length > 0 ? { ...r, context: c } : r;
      });
    }
    io.signal.throwIfAborted();
    const pages = await writeReports(out, data);
    if (json) process.stdout.write(`${JSON.stringify({ ...summary, files: pages })}\n`);
    else {
      const s = summary.sae;
      log.info(`SAE ${s.architecture}${s.k === undefined ? '' : ` (k = ${s.k})`}, ${s.dIn} -> ${s.dSae} on ${acts.rows} rows: FVE ${s.fve.toFixed(4)}, L0 ${s.l0.toFixed(1)}, dead ${(s.deadFraction * 100).toFixed(1)}%`);
      if (summary.labels) {
        log.info(`Labels: ${summary.labels.monosemanticCount} of ${summary.labels.scoredCount} scored features match a concept of ${summary.labels.source} with >= 90% precision`);
      }
      for (const p of Object.values(pages)) log.info(`  ${p}`);
    }
    return 0;
  } finally {
    sae.dispose();
  }
}
