import { formatValue } from './formatValue';

/**
 * Checks that an option is one of `allowed` and returns it (typed as that union); otherwise throws
 * a RangeError that names the option and lists the valid values.
 *
 * @example
 * ```ts
 * import { checkEnum } from '@interp/core';
 * const arch = checkEnum(options.architecture, 'options.architecture', ['relu', 'topk'] as const);
 * checkEnum('gelu', 'activation', ['relu', 'tanh']); // throws 'activation must be one of relu, tanh, got "gelu"'
 * ```
 * @throws RangeError naming the option and the valid values.
 */
export function checkEnum<const T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`${name} must be one of ${allowed.join(', ')}, got ${formatValue(value)}`);
  }
  return value as T;
}
