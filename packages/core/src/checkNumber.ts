import { describeRange, isInRange, type NumberRange } from './describeRange';
import { formatValue } from './formatValue';

/**
 * Checks that an option is a finite number in `range` and returns it; otherwise throws a
 * RangeError that names the option and its range, e.g. `lr must be a finite number > 0, got -1`.
 *
 * @param name - The option as the user wrote it, with its context (`'trainSae: options.lr'`).
 * @example
 * ```ts
 * import { checkNumber } from '@interp/core';
 * const lr = checkNumber(options.lr ?? 1e-3, 'trainSae: options.lr', { min: 0, exclusiveMin: true });
 * checkNumber(Number.NaN, 'l1', { min: 0 }); // throws "l1 must be a finite number >= 0, got NaN"
 * ```
 * @throws RangeError naming the option and its range.
 */
export function checkNumber(value: unknown, name: string, range: NumberRange = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !isInRange(value, range)) {
    const where = describeRange(range);
    throw new RangeError(`${name} must be a finite number${where ? ` ${where}` : ''}, got ${formatValue(value)}`);
  }
  return value;
}
