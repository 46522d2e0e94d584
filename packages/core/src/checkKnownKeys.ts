/**
 * Checks that an options object holds no keys besides `known` (a typo such as `{ epoch: 3 }`
 * would otherwise be ignored silently); throws a RangeError naming every unknown key (with the
 * closest known key when it looks like a misspelling) and listing the known ones.
 *
 * @param name - What the object is, with its context (`'trainSae: options'`).
 * @example
 * ```ts
 * import { checkKnownKeys } from '@interp/core';
 * checkKnownKeys({ epochs: 3 }, 'options', ['epochs', 'batchSize']); // passes
 * checkKnownKeys({ epoch: 3 }, 'options', ['epochs', 'batchSize']);
 * // throws 'options: unknown key "epoch" (did you mean "epochs"?) (known: epochs, batchSize)'
 * ```
 * @throws RangeError naming the unknown keys.
 */
export function checkKnownKeys(value: object, name: string, known: readonly string[]): void {
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const named = unknown.map((key) => {
    const guess = closestKey(key, known);
    return guess === undefined ? JSON.stringify(key) : `${JSON.stringify(key)} (did you mean ${JSON.stringify(guess)}?)`;
  });
  throw new RangeError(`${name}: unknown key${unknown.length > 1 ? 's' : ''} ${named.join(', ')} (known: ${known.join(', ')})`);
}

/** The known key nearest to `key` when it is close enough to be a misspelling of it (case-insensitive edit distance). */
function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** Levenshtein distance between `a` and `b`. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
