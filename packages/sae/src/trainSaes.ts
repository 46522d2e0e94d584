import { checkInteger, isAbortError } from '@interp/core';
import { assertBackend } from './assertBackend';
import { createRandom } from './createRandom';
import { createSaeTrainer, type SaeTrainer } from './createSaeTrainer';
import type { SaeMetrics } from './evaluateSae';
import { resolveSaeTrainingOptions } from './resolveSaeTrainingOptions';
import { runSaeTrainers } from './runSaeTrainers';
import type { Sae } from './Sae';
import type { SaeArchitectureName } from './SaeConfig';
import type { ResolvedArchitecture } from './saeArchitectures';
import type { SaeTrainingHistory, SaeTrainingProgress } from './SaeTrainingHistory';
import { splitSaeInput } from './splitSaeInput';
import { toActivationSource, type SaeInput } from './toActivationSource';
import type { TrainSaeOptions } from './TrainSaeOptions';

/**
 * One SAE of a {@link trainSaes} sweep: the options of {@link trainSae} plus an optional label.
 *
 * @example
 * ```ts
 * import type { SaeSweepEntry } from '@interp/sae';
 * const entry: SaeSweepEntry = { label: 'topk k=16', architecture: { type: 'topk', k: 16 }, dSae: 512 };
 * ```
 */
export interface SaeSweepEntry extends TrainSaeOptions {
  /** Names the SAE in the summary rows; default e.g. `topk k=16 dSae=512`. */
  label?: string;
}

/**
 * What the `onProgress` of {@link trainSaes}' shared options receives: one SAE's progress, with its index and label.
 *
 * @example
 * ```ts
 * import { trainSaes, type SaeSweepProgress } from '@interp/sae';
 * const onProgress = (p: SaeSweepProgress) => { if (p.evaluation) console.log(`${p.label}: FVE ${p.evaluation.metrics.fve.toFixed(3)}`); };
 * await trainSaes(acts, [{ architecture: { type: 'topk', k: 8 } }, { architecture: { type: 'topk', k: 32 } }], { epochs: 3, onProgress });
 * ```
 */
export interface SaeSweepProgress extends SaeTrainingProgress {
  /** Index of the SAE in the options list. */
  index: number;
  label: string;
}

/**
 * Options of {@link trainSaes} that apply to every SAE of the sweep (an entry's own value wins).
 *
 * @example
 * ```ts
 * import type { TrainSaesSharedOptions } from '@interp/sae';
 * const shared: TrainSaesSharedOptions = { epochs: 10, batchSize: 256, seed: 1, onProgress: (p) => console.log(p.index, p.step) };
 * ```
 */
export interface TrainSaesSharedOptions extends Omit<TrainSaeOptions, 'onProgress'> {
  /** Called with every SAE's progress, as {@link TrainSaeOptions.onProgress} (an entry's own `onProgress` is called too). */
  onProgress?: (progress: SaeSweepProgress) => void | Promise<void>;
}

/**
 * One line of a sweep's summary: which SAE, and its final held-out measurements.
 *
 * @example
 * ```ts
 * import { trainSaes, type SaeSweepRow } from '@interp/sae';
 * const { rows } = await trainSaes(acts, [{ architecture: { type: 'topk', k: 8 } }, { architecture: 'relu' }], { epochs: 3, batchSize: 256 });
 * rows.forEach((r: SaeSweepRow) => console.log(r.label, r.l0.toFixed(1), r.fve.toFixed(3)));
 * ```
 */
export interface SaeSweepRow {
  index: number;
  label: string;
  architecture: SaeArchitectureName;
  /** `k` of the k-sparse architectures (topk, batchtopk, matryoshka), else null. */
  k: number | null;
  /** `targetL0` of relu, jumprelu and gated when set, else null. */
  targetL0: number | null;
  /** The (start) L1 coefficient of relu and gated, else null. */
  l1Coefficient: number | null;
  dSae: number;
  /** Fraction of variance explained at the final evaluation (held-out rows when there are any). */
  fve: number;
  /** Mean active features per row at the final evaluation. */
  l0: number;
  /** Fraction of features that never fired on the training rows (the sample rows for streams). */
  deadFraction: number;
  /** Which rows `fve` and `l0` were measured on. */
  split: 'validation' | 'train-sample';
}

/**
 * One trained SAE of a sweep: what {@link trainSae} returns, its final evaluation metrics and its summary row.
 *
 * @example
 * ```ts
 * import { trainSaes, type SweepSae } from '@interp/sae';
 * const { saes } = await trainSaes(acts, [{ architecture: { type: 'topk', k: 8 } }]);
 * const best: SweepSae = saes.reduce((a, b) => (b.metrics.fve > a.metrics.fve ? b : a));
 * ```
 */
export interface SweepSae {
  sae: Sae;
  history: SaeTrainingHistory;
  metrics: SaeMetrics;
  row: SaeSweepRow;
}

/** Fields read once for the whole sweep: every SAE must give the same value. */
const SPLIT_FIELDS = ['seed', 'sampleRows', 'validation', 'signal'] as const;
const BATCH_FIELDS = ['batchSize', 'epochs', 'shuffleBufferRows'] as const;
const UNSUPPORTED = ['resumeFrom', 'checkpointEvery', 'onCheckpoint'] as const;

function show(v: unknown): string {
  if (v === undefined) return 'unset';
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  return 'another value';
}

/** Rewrites a `trainSae: ...` message of the shared internals to name the sweep entry (`index`) or the sweep. */
function nameEntry(e: unknown, index?: number): unknown {
  if (!(e instanceof Error) || isAbortError(e) || !e.message.startsWith('trainSae: ')) return e;
  const rest = e.message.slice('trainSae: '.length);
  if (index === undefined) e.message = `trainSaes: ${rest}`;
  else if (rest.startsWith('options.') || rest.startsWith('options:')) e.message = `trainSaes: options[${index}]${rest.slice('options'.length)}`;
  else e.message = `trainSaes: options[${index}]: ${rest}`;
  return e;
}

function defaultLabel(a: ResolvedArchitecture, dSae: number): string {
  const parts: string[] = [a.type];
  if ('k' in a) parts.push(`k=${a.k}`);
  else if ('targetL0' in a && a.targetL0 !== null) parts.push(`targetL0=${a.targetL0}`);
  else if ('l1Coefficient' in a) parts.push(`l1=${a.l1Coefficient}`);
  else if ('l0Coefficient' in a) parts.push(`l0c=${a.l0Coefficient}`);
  parts.push(`dSae=${dSae}`);
  return parts.join(' ');
}

/**
 * Trains several SAEs on one pass of the data per epoch: every batch is read once (gathered from memory, or
 * read from a stream, so a larger-than-memory folder is read once per epoch for the whole sweep) and each
 * SAE takes its step on it. For grids over `k`, `dSae`, L1 coefficient or architecture.
 *
 * Each SAE's options are `{ ...shared, ...optionsList[i] }`. What the sweep reads once must agree, else an
 * error names the index and field: `seed`, `sampleRows`, `validation` and `signal` (one split and one
 * shuffle), `batchSize`, `epochs` and `shuffleBufferRows` (resolved, so a topk (default batch 512) and a
 * relu (256) entry need an explicit `batchSize`). Checkpoints (`checkpointEvery`, `resumeFrom`) are not
 * supported in a sweep.
 *
 * The first SAE draws its init and resampling from the seed's stream as {@link trainSae} does, and the batch
 * shuffles draw from that stream too, so `optionsList[0]` trains bit-identically to `trainSae(input,
 * optionsList[0])`. Every other SAE draws init and resampling from its own copy of the seed's stream after
 * the split: it starts from the same weights as `trainSae` would give it.
 *
 * @example
 * ```ts
 * import { trainSaes } from '@interp/sae';
 * const rows = 2000, width = 32;
 * const data = new Float32Array(rows * width).map(() => Math.random());
 * const grid = [8, 16, 32].map((k) => ({ architecture: { type: 'topk' as const, k } }));
 * const { saes, rows: summary } = await trainSaes({ data, rows, width }, [...grid, { architecture: 'relu' }], { dSae: 128, epochs: 3, batchSize: 256, seed: 1 });
 * console.table(summary); // label, architecture, k, dSae, fve, l0, deadFraction per SAE
 * for (const s of saes) s.sae.dispose();
 * ```
 */
export async function trainSaes(
  input: SaeInput,
  optionsList: readonly SaeSweepEntry[],
  shared: TrainSaesSharedOptions = {},
): Promise<{ saes: SweepSae[]; rows: SaeSweepRow[]; batchesRead: number; seconds: number }> {
  assertBackend('trainSaes');
  if (!Array.isArray(optionsList) || optionsList.length === 0) {
    throw new Error(`trainSaes: optionsList must be a non-empty array of trainSae options, got ${Array.isArray(optionsList) ? 'an empty array' : String(optionsList)}`);
  }
  const started = performance.now();
  const { onProgress: sharedProgress, ...sharedRest } = shared;
  const entries = optionsList.map((entry, i) => {
    if (typeof entry !== 'object' || entry === null) throw new Error(`trainSaes: options[${i}] must be an object of trainSae options, got ${String(entry)}`);
    const { label, ...own } = entry;
    if (label !== undefined && typeof label !== 'string') throw new Error(`trainSaes: options[${i}].label must be a string, got ${String(label)}`);
    const options: TrainSaeOptions = { ...sharedRest, ...own };
    for (const field of UNSUPPORTED) {
      if (options[field] !== undefined) throw new Error(`trainSaes: options[${i}].${field} is not supported in a sweep; train this SAE with trainSae`);
    }
    return { label, options, ownProgress: own.onProgress };
  });
  const first = entries[0]!.options;
  const agree = (i: number, field: string, a: unknown, b: unknown, why: string) => {
    const same = a === b || (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && 'fraction' in a && 'fraction' in b && !('data' in a) && !('data' in b) && a.fraction === b.fraction);
    if (!same) throw new Error(`trainSaes: options[${i}].${field} (${show(a)}) differs from options[0].${field} (${show(b)}); ${why}`);
  };
  const checked = entries.map((e, i) => {
    try {
      return {
        seed: checkInteger(e.options.seed ?? 0, 'trainSae: options.seed', { min: 0, max: 2 ** 32 - 1 }),
        sampleRows: checkInteger(e.options.sampleRows ?? 4096, 'trainSae: options.sampleRows', { min: 1 }),
      };
    } catch (err) {
      throw nameEntry(err, i);
    }
  });
  const seeds = checked.map((c) => c.seed);
  const sampleRowsList = checked.map((c) => c.sampleRows);
  entries.forEach((e, i) => {
    const why = 'a sweep splits and shuffles the rows once, so seed, sampleRows, validation and signal must agree';
    for (const field of SPLIT_FIELDS) {
      const value = field === 'seed' ? seeds[i] : field === 'sampleRows' ? sampleRowsList[i] : e.options[field];
      const firstValue = field === 'seed' ? seeds[0] : field === 'sampleRows' ? sampleRowsList[0] : first[field];
      agree(i, field, value, firstValue, why);
    }
  });
  const seed = seeds[0]!;
  const sampleRows = sampleRowsList[0]!;
  const source = toActivationSource(input, 'trainSaes: input');
  const splitRng = createRandom(seed);
  let split;
  try {
    split = await splitSaeInput(source, first.validation, splitRng, sampleRows);
  } catch (e) {
    throw nameEntry(e);
  }
  const afterSplit = splitRng.getState();
  // resolve every entry before allocating any SAE, so a bad entry fails fast
  const resolved = entries.map((e, i) => {
    try {
      return resolveSaeTrainingOptions(e.options, split.dIn, split.trainRows);
    } catch (err) {
      throw nameEntry(err, i);
    }
  });
  resolved.forEach((r, i) => {
    for (const field of BATCH_FIELDS) agree(i, field, r[field], resolved[0]![field], 'a sweep reads each batch once, so batchSize, epochs and shuffleBufferRows must agree');
  });

  const trainers: SaeTrainer[] = [];
  const labels: string[] = entries.map((e, i) => e.label ?? defaultLabel(resolved[i]!.arch, resolved[i]!.dSae));
  try {
    for (let i = 0; i < entries.length; i++) {
      const { options, ownProgress } = entries[i]!;
      const onProgress = ownProgress || sharedProgress
        ? async (p: SaeTrainingProgress) => {
            if (ownProgress) await ownProgress(p);
            if (sharedProgress) await sharedProgress({ ...p, index: i, label: labels[i]! });
          }
        : undefined;
      const rng = i === 0 ? splitRng : createRandom(seed, afterSplit);
      const { onProgress: _, ...rest } = options;
      try {
        trainers.push(await createSaeTrainer({ ...rest, ...(onProgress ? { onProgress } : {}) }, { source, split, seed, sampleRows, rng }));
      } catch (err) {
        throw nameEntry(err, i);
      }
    }
    let batchesRead = 0;
    // errors of a step name the SAE; the first SAE's steps count the batches read
    const stepping = trainers.map((t, i): SaeTrainer => ({
      ...t,
      step: async (rows, epoch) => {
        if (i === 0) batchesRead++;
        try {
          await t.step(rows, epoch);
        } catch (err) {
          throw nameEntry(err, i);
        }
      },
    }));
    await runSaeTrainers(stepping, split, source, first.signal, 'trainSaes');
    const saes: SweepSae[] = [];
    for (let i = 0; i < trainers.length; i++) {
      const { sae, history } = await trainers[i]!.finish();
      const last = history.evaluations.at(-1)!;
      const a = history.architecture;
      const row: SaeSweepRow = {
        index: i,
        label: labels[i]!,
        architecture: a.type,
        k: 'k' in a ? a.k : null,
        targetL0: 'targetL0' in a ? a.targetL0 : null,
        l1Coefficient: 'l1Coefficient' in a ? a.l1Coefficient : null,
        dSae: history.options.dSae,
        fve: last.metrics.fve,
        l0: last.metrics.l0,
        deadFraction: history.trainMetrics?.deadFraction ?? last.metrics.deadFraction,
        split: last.split,
      };
      saes.push({ sae, history, metrics: last.metrics, row });
    }
    return { saes, rows: saes.map((s) => s.row), batchesRead, seconds: (performance.now() - started) / 1000 };
  } finally {
    for (const t of trainers) t.dispose();
  }
}
