import { describeRange, isInRange, type NumberRange } from './describeRange';
import { formatValue } from './formatValue';

/**
 * Checks that an option is an integer in `range` and returns it; otherwise throws a RangeError
 * that names the option and its range, e.g. `traceCircuit: options.sampleRows must be an integer
 * >= 1, got 0`.
 *
 * @param name - The option as the user wrote it, with its context (`'trainSae: options.k'`).
 * @example
 * ```ts
 * import { checkInteger } from '@interp/core';
 * const bins = checkInteger(options.bins ?? 50, 'computeFeatureStats: options.bins', { min: 1 });
 * checkInteger(0.5, 'k', { min: 1, max: 64 }); // throws "k must be an integer in [1, 64], got 0.5"
 * ```
 * @throws RangeError naming the option and its range.
 */
export function checkInteger(value: unknown, name: string, range: NumberRange = {}): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || !isInRange(value, range)) {
    const where = describeRange(range);
    throw new RangeError(`${name} must be an integer${where ? ` ${where}` : ''}, got ${formatValue(value)}`);
  }
  return value;
}
