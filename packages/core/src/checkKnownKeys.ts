/**
 * Checks that an options object holds no keys besides `known` (a typo such as `{ epoch: 3 }`
 * would otherwise be ignored silently); throws a RangeError naming the first unknown key and
 * listing the known ones.
 *
 * @param name - What the object is, with its context (`'trainSae: options'`).
 * @example
 * ```ts
 * import { checkKnownKeys } from '@interp/core';
 * checkKnownKeys({ epochs: 3 }, 'options', ['epochs', 'batchSize']); // passes
 * checkKnownKeys({ epoch: 3 }, 'options', ['epochs', 'batchSize']);
 * // throws 'options: unknown key "epoch" (known: epochs, batchSize)'
 * ```
 * @throws RangeError naming the unknown key.
 */
export function checkKnownKeys(value: object, name: string, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new RangeError(`${name}: unknown key ${JSON.stringify(key)} (known: ${known.join(', ')})`);
    }
  }
}
