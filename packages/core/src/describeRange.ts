/**
 * Bounds of a numeric option; both ends included unless `exclusiveMin` / `exclusiveMax`.
 *
 * @example
 * ```ts
 * import { checkNumber, type NumberRange } from '@interp/core';
 * const fraction: NumberRange = { min: 0, max: 1, exclusiveMax: true }; // [0, 1)
 * checkNumber(0.25, 'options.fraction', fraction); // 0.25
 * checkNumber(1, 'options.fraction', fraction);    // throws "options.fraction must be a finite number in [0, 1), got 1"
 * ```
 */
export interface NumberRange {
  /** Smallest valid value (default: no lower bound). */
  min?: number;
  /** Largest valid value (default: no upper bound). */
  max?: number;
  /** `min` itself is not valid. */
  exclusiveMin?: boolean;
  /** `max` itself is not valid. */
  exclusiveMax?: boolean;
  /** What `max` is, shown beside it (`'dSae'` words the range `[1, dSae=64]`): a bound derived from another option. */
  maxName?: string;
}

/**
 * The range in words, as error messages show it: `in [1, 10]`, `in (0, 1]`, `>= 0`, `< 1`, or `''`.
 *
 * @example
 * ```ts
 * import { describeRange } from '@interp/core';
 * describeRange({ min: 1, max: 10 });           // 'in [1, 10]'
 * describeRange({ min: 0, exclusiveMin: true }); // '> 0'
 * describeRange({ min: 1, max: 64, maxName: 'dSae' }); // 'in [1, dSae=64]'
 * ```
 */
export function describeRange(range: NumberRange): string {
  const { min, max } = range;
  const maxText = range.maxName === undefined ? `${max}` : `${range.maxName}=${max}`;
  if (min !== undefined && max !== undefined) {
    return `in ${range.exclusiveMin ? '(' : '['}${min}, ${maxText}${range.exclusiveMax ? ')' : ']'}`;
  }
  if (min !== undefined) return `${range.exclusiveMin ? '>' : '>='} ${min}`;
  if (max !== undefined) return `${range.exclusiveMax ? '<' : '<='} ${maxText}`;
  return '';
}

/**
 * Whether `value` lies in `range`.
 *
 * @example
 * ```ts
 * import { isInRange } from '@interp/core';
 * isInRange(0, { min: 0, exclusiveMin: true }); // false
 * ```
 */
export function isInRange(value: number, range: NumberRange): boolean {
  const { min, max } = range;
  if (min !== undefined && (range.exclusiveMin ? value <= min : value < min)) return false;
  if (max !== undefined && (range.exclusiveMax ? value >= max : value > max)) return false;
  return true;
}
