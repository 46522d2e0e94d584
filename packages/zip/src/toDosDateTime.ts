/**
 * The DOS time and date fields of a zip entry for `date`, read in UTC (zip stores local time without a zone;
 * UTC keeps the bytes the same on every machine). Dates before 1980 become 1980-01-01 00:00:00 and dates after
 * 2107 become 2107-12-31 23:59:58, the range the fields can hold; seconds are rounded down to even.
 *
 * @example
 * ```ts
 * import { toDosDateTime } from '@interp/zip';
 * toDosDateTime(new Date(0)); // { time: 0, day: 0x21 }: 1980-01-01 00:00:00
 * ```
 */
export function toDosDateTime(date: Date): { time: number; day: number } {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('toDosDateTime: date is an invalid Date');
  if (ms < Date.UTC(1980, 0, 1)) return { time: 0, day: 0x21 };
  if (ms >= Date.UTC(2108, 0, 1)) return { time: (23 << 11) | (59 << 5) | 29, day: (127 << 9) | (12 << 5) | 31 };
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    day: ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}
