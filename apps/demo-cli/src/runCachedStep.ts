import { access, mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@interp/core/node';
import { join } from 'node:path';

/** What a step leaves behind: its files and a JSON-serialisable result. */
export interface StepOutput<R> {
  files: Record<string, string>;
  result: R;
}

/** The record of a finished step, in `<out>/.interp/<step>.json`. */
export interface StepRecord<R> extends StepOutput<R> {
  step: string;
  key: string;
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
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads a step's record, if any. */
export async function readStepRecord<R>(out: string, step: string): Promise<StepRecord<R> | undefined> {
  try {
    return JSON.parse(await readFile(join(out, '.interp', `${step}.json`), 'utf8')) as StepRecord<R>;
  } catch {
    return undefined;
  }
}

/**
 * Runs a pipeline step unless a previous run with the same key left all its
 * files: then the step is skipped and its recorded result returned. The
 * record is written (atomically) only after the step's own atomic writes
 * succeeded, so Ctrl-C or a crash mid-step leaves the previous artifacts and
 * record intact.
 */
export async function runCachedStep<R>(
  options: CachedStepOptions<R>,
): Promise<StepRecord<R> & { cached: boolean }> {
  const previous = await readStepRecord<R>(options.out, options.step);
  if (!options.force && previous && previous.key === options.key) {
    const present = await Promise.all(Object.values(previous.files).map(exists));
    if (present.every(Boolean)) return { ...previous, cached: true };
  }
  const started = performance.now();
  const output = await options.run();
  const record: StepRecord<R> = {
    step: options.step,
    key: options.key,
    files: output.files,
    result: output.result,
    finishedAt: new Date().toISOString(),
    seconds: (performance.now() - started) / 1000,
  };
  const dir = join(options.out, '.interp');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${options.step}.json`);
  await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
  return { ...record, cached: false };
}
