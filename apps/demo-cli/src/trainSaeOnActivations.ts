import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { selectBackend } from '@interp/backend';
import { writeFilesAtomic } from '@interp/core/node';
import { evaluateSae, saeArchitectures, trainSae, type TrainSaeOptions } from '@interp/sae';
import { checkActivationScale } from './checkActivationScale';
import type { CommandIo } from './cli/defineCommand';
import { createLogger } from './createLogger';
import { createProgress } from './createProgress';
import { describeActivationPath, readActivationFile } from './readActivationFile';
import { readActivationBatches } from '@interp/harvest/node';
import { readConfigArgument } from './readConfigArgument';
import { serializeSaeFiles } from './serializeSaeFiles';
import type { RawFlags } from './readFlags';
import { resolveSaeOptions } from './resolveSaeOptions';
import { resolveSaeOptionsList } from './resolveSaeOptionsList';
import { trainSaeSweep } from './trainSaeSweep';
import { UsageError } from './UsageError';

/** Activations larger than this are streamed from disk instead of read into memory (or with `--stream`). */
export const STREAM_ABOVE_BYTES = 2 ** 30;

/** Flags of the pipeline step that mean nothing with `--activations`. */
const pipelineOnlyFlags = ['out', 'preset', 'force', 'wait', 'train', 'val', 'test'];

/**
 * `interp train-sae --activations FILE|DIR --sae-out DIR`: trains an SAE on any activations (a
 * safetensors, `.npy` or `.npz` file or a folder of shards), with every SAE option as a flag or in
 * `--config`, and writes it in the SAELens layout, all files at once (nothing is written on an error).
 *
 * @example
 * ```ts
 * const code = await trainSaeOnActivations({ activations: 'acts.npy', 'sae-out': 'sae', k: '16' }, { signal });
 * ```
 */
export async function trainSaeOnActivations(flags: RawFlags, io: CommandIo): Promise<number> {
  const json = flags.json === true;
  const log = createLogger({ quiet: flags.quiet === true, toStderr: json });
  const path = String(flags.activations);
  if (typeof flags['sae-out'] !== 'string') throw new UsageError('train-sae --activations needs --sae-out DIR, the folder the SAE is written to');
  for (const name of pipelineOnlyFlags) {
    if (flags[name] !== undefined) throw new UsageError(`interp train-sae: --${name} is for the pipeline step; with --activations the SAE goes to --sae-out`);
  }
  const saeOut = resolve(flags['sae-out']);
  const config = typeof flags.config === 'string' ? await readConfigArgument(flags.config) : undefined;
  // `"sae": [ {...}, ... ]`: a sweep, every SAE stepping on one read of each batch
  const sweep = config && Array.isArray((config.value as { sae?: unknown } | null)?.sae) ? resolveSaeOptionsList(flags, config, saeArchitectures) : undefined;
  const resolved = sweep ? sweep[0]! : resolveSaeOptions(flags, config, saeArchitectures);
  if (flags.backend !== undefined && !['auto', 'node', 'wasm', 'cpu'].includes(String(flags.backend))) {
    throw new UsageError(`--backend must be one of auto, node, wasm, cpu, got ${JSON.stringify(flags.backend)}`);
  }
  const backend = await selectBackend({ backend: (flags.backend as 'auto' | 'node' | 'wasm' | 'cpu' | undefined) ?? 'auto', onWarning: (m) => log.warn(m) });
  log.info(`Backend: ${backend.description} | SAE threads: ${resolved.threads === 'auto' ? `all cores (${availableParallelism()})` : resolved.threads}`);

  const tensorFlag = typeof flags.tensor === 'string' ? flags.tensor : undefined;
  const hookFlag = typeof flags.hook === 'string' ? flags.hook : undefined;
  const { evalRows } = resolved;
  const described = await describeActivationPath(path, tensorFlag, hookFlag);
  // Larger than STREAM_ABOVE_BYTES (or --stream): one pass over the file or shards per epoch, one batch in memory.
  const stream = flags.stream === true || described.rows * described.width * 4 > STREAM_ABOVE_BYTES;
  if (stream && evalRows !== undefined) throw new UsageError('--eval-rows needs the activations in memory; with --stream, evaluations use a sample of the training rows');
  if (evalRows !== undefined && evalRows >= described.rows) {
    throw new UsageError(`--eval-rows (sae.evalRows) must be smaller than the ${described.rows} rows of ${path}, got ${evalRows}`);
  }
  const readOptions = described.tensor === undefined ? {} : { tensor: described.tensor };
  const acts = stream
    ? { rows: described.rows, width: described.width, hook: described.hook, describe: described.describe, data: new Float32Array(0) }
    : await readActivationFile(path, tensorFlag, hookFlag);
  log.info(`${stream ? 'Streaming' : 'Loaded'} activations: [${acts.rows}, ${acts.width}] from ${acts.describe}`);
  if (!stream) checkActivationScale(acts, path);
  const trainRows = evalRows === undefined ? acts.rows : acts.rows - evalRows;
  const source = () => readActivationBatches(path, 4096, readOptions);
  const train = stream ? source : { data: acts.data.subarray(0, trainRows * acts.width), rows: trainRows, width: acts.width };
  const hookName = (resolved.options.hookName as string | undefined) ?? acts.hook;
  const options = {
    ...resolved.options,
    ...(evalRows === undefined ? {} : { validation: { data: acts.data.subarray(trainRows * acts.width), rows: evalRows, width: acts.width } }),
    seed: resolved.seed,
    ...(resolved.threads === 'auto' ? {} : { threads: resolved.threads }),
    ...(hookName === undefined ? {} : { hookName }),
    signal: io.signal,
  } as TrainSaeOptions;
  if (sweep) {
    // every entry's own options; what the sweep reads once (held-out rows, seed) and the run's threads and hook are shared
    const sharedOptions: TrainSaeOptions = {
      ...(options.validation === undefined ? {} : { validation: options.validation }),
      seed: resolved.seed,
      ...(resolved.threads === 'auto' ? {} : { threads: resolved.threads }),
      ...(hookName === undefined ? {} : { hookName }),
      signal: io.signal,
    };
    return trainSaeSweep({
      train,
      allRows: stream ? source : { data: acts.data, rows: acts.rows, width: acts.width },
      entries: sweep.map((r) => r.options as TrainSaeOptions),
      shared: sharedOptions,
      saeOut,
      source: config?.source ?? '--config',
      activations: { path, rows: acts.rows, width: acts.width, streamed: stream, ...(acts.hook === undefined ? {} : { hook: acts.hook }) },
      provenance: { seed: resolved.seed, backend: backend.description, activations: path },
      datasetPath: path,
      quiet: flags.quiet === true,
      json,
      log,
      signal: io.signal,
    });
  }
  let bar: ReturnType<typeof createProgress> | undefined;
  let trained: Awaited<ReturnType<typeof trainSae>>;
  try {
    trained = await trainSae(train, {
      ...options,
      onProgress: (p) => {
        bar ??= createProgress('SAE steps', p.totalSteps, { quiet: flags.quiet === true });
        bar.update(p.step, `loss ${p.last.loss.toFixed(4)} L0 ${p.last.l0.toFixed(1)}`);
        const e = p.evaluation;
        if (e && (e.epoch % Math.max(1, Math.round(p.epochs / 10)) === 0 || e.epoch === p.epochs)) {
          log.info(`SAE Epoch [${e.epoch}/${p.epochs}] | FVE: ${e.metrics.fve.toFixed(4)} | L0: ${e.metrics.l0.toFixed(1)} | dead: ${(e.deadFractionWindow * 100).toFixed(1)}%`);
        }
      },
    });
  } catch (error) {
    // Option checks of trainSae name the option: a bad flag or config value, i.e. a usage error.
    const message = (error as Error).message ?? '';
    if (/^trainSae: options[.:]/.test(message)) throw new UsageError(`${config ? `${config.source} / flags` : 'flags'}: ${message}`);
    throw error;
  }
  const { sae, history } = trained;
  try {
    bar?.finish(`${history.rowsPerSecond.toFixed(0)} rows/s`);
    log.info(`SAE trained on ${history.threads} thread(s)${history.threadsNote ? ` (${history.threadsNote})` : ''}: ${history.rowsPerSecond.toFixed(0)} rows/s, ${history.seconds.toFixed(1)} s`);
    const heldOut = evalRows === undefined ? undefined : { data: acts.data.subarray(trainRows * acts.width), rows: evalRows, width: acts.width };
    const last = history.evaluations[history.evaluations.length - 1];
    const metrics = heldOut ? await evaluateSae(sae, heldOut) : last?.metrics;
    const liveness = await evaluateSae(sae, stream ? source : { data: acts.data, rows: acts.rows, width: acts.width });
    const provenance = { seed: resolved.seed, backend: backend.description, threads: history.threads, activations: path };
    const writes = serializeSaeFiles(sae, { featureFrequency: liveness.featureFrequency, provenance, datasetPath: path }).map(
      ([name, content]): [string, string | Uint8Array] => [join(saeOut, name), content],
    );
    io.signal.throwIfAborted();
    await writeFilesAtomic(writes);
    const arch = history.architecture as { type: string; k?: number };
    const summary = {
      activations: { path, rows: acts.rows, width: acts.width, streamed: stream, ...(acts.hook === undefined ? {} : { hook: acts.hook }) },
      sae: {
        architecture: arch.type,
        ...(arch.k === undefined ? {} : { k: arch.k }),
        dIn: sae.config.dIn,
        dSae: sae.config.dSae,
        fve: metrics?.fve ?? null,
        l0: metrics?.l0 ?? null,
        evaluatedOn: heldOut ? `last ${evalRows} rows` : (last?.split ?? 'none'),
        deadFraction: liveness.deadFraction,
        denseFraction: liveness.denseFraction,
        seed: resolved.seed,
        backend: backend.description,
        threads: history.threads,
        ...(history.threadsNote === undefined ? {} : { threadsNote: history.threadsNote }),
      },
      trainRows: history.trainRows,
      heldOutRows: history.validationRows,
      seconds: history.seconds,
      rowsPerSecond: history.rowsPerSecond,
      files: Object.fromEntries(writes.map(([p]) => [p.slice(saeOut.length + 1), p])),
    };
    if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      log.info(
        `SAE ${arch.type}${arch.k === undefined ? '' : ` (k = ${arch.k})`}, ${sae.config.dIn} -> ${sae.config.dSae}: FVE ${metrics ? metrics.fve.toFixed(4) : 'n/a'}, L0 ${metrics ? metrics.l0.toFixed(1) : 'n/a'} (${summary.sae.evaluatedOn}), dead ${(liveness.deadFraction * 100).toFixed(1)}% of features over all rows`,
      );
      for (const [p] of writes) log.info(`  ${p}`);
    }
    return 0;
  } finally {
    sae.dispose();
  }
}
