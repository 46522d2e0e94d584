/** Checks an integer option of `where` (e.g. `trainSae`), naming it and its range. */
export function checkIntOption(where: string, name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new Error(`${where}: options.${name} must be ${range}; got ${String(v)}`);
  }
  return v;
}

/** Checks a number option of `where`, naming it and its range. */
export function checkNumberOption(where: string, name: string, v: unknown, ok: (x: number) => boolean, range: string): number {
  if (typeof v !== 'number' || Number.isNaN(v) || !ok(v)) throw new Error(`${where}: options.${name} must be ${range}; got ${String(v)}`);
  return v;
}

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

/**
 * Throws when `options` has a key outside `known`, naming every unknown key (with the closest known one
 * when it looks like a misspelling) and the known keys: a misspelt `epoch: 1` must not silently run 30 epochs.
 */
export function rejectUnknownKeys(where: string, options: object, known: readonly string[]): void {
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length === 0) return;
  const named = unknown.map((k) => {
    let best = '';
    let bestD = Infinity;
    for (const c of known) {
      const d = editDistance(k.toLowerCase(), c.toLowerCase());
      if (d < bestD) [best, bestD] = [c, d];
    }
    return bestD <= Math.max(2, Math.floor(k.length / 3)) ? `"${k}" (did you mean "${best}"?)` : `"${k}"`;
  });
  throw new Error(`${where}: unknown option${unknown.length > 1 ? 's' : ''} ${named.join(', ')}; known options: ${known.join(', ')}`);
}
