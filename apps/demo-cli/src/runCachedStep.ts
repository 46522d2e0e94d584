import { mkdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from '@interp/core/node';
import { hashFile } from './hashFile';
import { hashValue } from './hashValue';

/** What a step leaves behind: its files and a JSON-serialisable result. */
export interface StepOutput<R> {
  files: Record<string, string>;
  result: R;
}

/** The record of a finished step, in `<out>/.interp/<step>.json`. */
export interface StepRecord<R> extends StepOutput<R> {
  step: string;
  key: string;
  /** sha256 of every file in `files`, by the same names, taken when the step finished. */
  hashes: Record<string, string>;
  finishedAt: string;
  seconds: number;
}

/** Options of {@link runCachedStep}. */
export interface CachedStepOptions<R> {
  out: string;
  step: string;
  /** Hash of the step's configuration and of its inputs' keys. */
  key: string;
  force: boolean;
  run: () => Promise<StepOutput<R>>;
  /** Told why a recorded step with the same key runs again (an artifact missing or changed). */
  onStale?: (reason: string) => void;
  /** Checked after the step's work and before its record is written: a step cancelled then leaves no record. */
  signal?: AbortSignal;
  /** Time of the record (`SOURCE_DATE_EPOCH` when set); default now. */
  now?: () => Date;
}

/** Reads a step's record, if any (a record that is not valid JSON counts as none). */
export async function readStepRecord<R>(out: string, step: string): Promise<StepRecord<R> | undefined> {
  let text: string;
  try {
    text = await readFile(join(out, '.interp', `${step}.json`), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const record = JSON.parse(text) as StepRecord<R>;
    return record && typeof record === 'object' && typeof record.key === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks that every file of a record (paths relative to `out`, or absolute) still has the content it
 * had when its step finished. `allowUnhashed` accepts files a record lists without a hash (records
 * written by `@interp/lab` or an older interp) when they exist.
 * Returns undefined when all match, else a sentence naming the first file that is missing or changed.
 *
 * @example
 * ```ts
 * const problem = await verifyStepRecord(record, 'interp-out'); // 'sae_weights.safetensors changed since train-sae ran'
 * ```
 */
export async function verifyStepRecord(
  record: StepRecord<unknown>,
  out: string,
  options: { allowUnhashed?: boolean } = {},
): Promise<string | undefined> {
  for (const [name, relativeOrAbsolute] of Object.entries(record.files ?? {})) {
    const path = resolve(out, relativeOrAbsolute);
    const expected = record.hashes?.[name];
    const actual = await hashFile(path);
    if (actual === undefined) return `${basename(path)} is missing or unreadable (${path})`;
    if (expected === undefined) {
      if (options.allowUnhashed) continue; // a record of @interp/lab or an older interp: present, not verifiable
      return `${basename(path)} has no content hash in the ${record.step} record (written by an older interp or @interp/lab)`;
    }
    if (actual !== expected) return `${basename(path)} changed since ${record.step} ran (content hash differs: replaced, edited or truncated)`;
  }
  return undefined;
}

/**
 * The key later steps build on: the step's own key and the content hashes of its files, so that a
 * step that re-ran with different output invalidates everything after it.
 *
 * @example
 * ```ts
 * const key = getContentKey(record);
 * ```
 */
export function getContentKey(record: Pick<StepRecord<unknown>, 'key' | 'hashes'>): string {
  return hashValue({ key: record.key, hashes: record.hashes ?? {} });
}

async function hashFiles(files: Record<string, string>): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const [name, path] of Object.entries(files)) {
    const hash = await hashFile(path);
    if (hash === undefined) throw new Error(`${path}: the step reported this file but it cannot be read`);
    hashes[name] = hash;
  }
  return hashes;
}

/**
 * Runs a pipeline step unless a previous run with the same key left all its files with the content
 * they had then (sha256 in the record): then the step is skipped and its recorded result returned.
 * A missing, replaced, truncated or edited artifact is reported (`onStale`) and the step re-runs.
 * The record is written (atomically) only after the step's own writes succeeded, so Ctrl-C or a
 * crash mid-step leaves the previous record, whose hashes then no longer match any half-replaced set.
 */
export async function runCachedStep<R>(options: CachedStepOptions<R>): Promise<StepRecord<R> & { cached: boolean }> {
  const previous = await readStepRecord<R>(options.out, options.step);
  if (!options.force && previous && previous.key === options.key) {
    const problem = await verifyStepRecord(previous, options.out);
    if (problem === undefined) return { ...previous, cached: true };
    options.onStale?.(`${options.step}: ${problem}; running the step again`);
  }
  const started = performance.now();
  const output = await options.run();
  options.signal?.throwIfAborted();
  const record: StepRecord<R> = {
    step: options.step,
    key: options.key,
    files: output.files,
    hashes: await hashFiles(output.files),
    result: output.result,
    finishedAt: (options.now?.() ?? new Date()).toISOString(),
    seconds: (performance.now() - started) / 1000,
  };
  const dir = join(options.out, '.interp');
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, `${options.step}.json`), `${JSON.stringify(record, null, 2)}\n`);
  return { ...record, cached: false };
}
