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
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return () => new Date();
  const seconds = /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds * 1000 > 8.64e15) {
    throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (decimal digits), got ${JSON.stringify(raw)}`);
  }
  return () => new Date(seconds * 1000);
}
