import { UsageError } from './UsageError';

/**
 * The clock of a run: when `SOURCE_DATE_EPOCH` (seconds since 1970, decimal digits) is set, every
 * time stamp the run writes is that instant, so two runs with one seed give identical folders;
 * otherwise the current time.
 *
 * @example
 * ```ts
 * getRunClock({ SOURCE_DATE_EPOCH: '1700000000' })().toISOString(); // '2023-11-14T22:13:20.000Z'
 * ```
 * @throws UsageError when `SOURCE_DATE_EPOCH` is set but not a decimal integer.
 */
export function getRunClock(env: NodeJS.ProcessEnv = process.env): () => Date {
  const fixed = getSourceDate(env);
  return fixed ? () => new Date(fixed.getTime()) : () => new Date();
}

/**
 * `SOURCE_DATE_EPOCH` as a Date, or undefined when it is not set.
 *
 * @example
 * ```ts
 * getSourceDate({ SOURCE_DATE_EPOCH: '0' })?.toISOString(); // '1970-01-01T00:00:00.000Z'
 * ```
 * @throws UsageError when it is set but not a decimal integer.
 */
export function getSourceDate(env: NodeJS.ProcessEnv = process.env): Date | undefined {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return undefined;
  const seconds = /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds * 1000 > 8.64e15) {
    throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (decimal digits), got ${JSON.stringify(raw)}`);
  }
  return new Date(seconds * 1000);
}
