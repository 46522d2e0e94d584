import { findInvalidXmlChar } from './escapeXml';

/**
 * Checks worksheet names as Excel does: a string of 1 to 31 characters, none of `[ ] : * ? / \`, not starting
 * or ending with an apostrophe, not `History`, and no two equal ignoring case. Throws a RangeError naming the
 * sheet (by position and name) otherwise.
 *
 * @example
 * ```ts
 * import { checkSheetNames } from '@interp/xlsx';
 * checkSheetNames(['Input->Neuron', 'Summary']); // fine
 * checkSheetNames(['a/b']); // RangeError: buildXlsx: sheet 1 name "a/b" contains "/" ...
 * ```
 */
export function checkSheetNames(names: readonly unknown[]): void {
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const where = `buildXlsx: sheet ${i + 1} name ${JSON.stringify(name)}`;
    if (typeof name !== 'string' || name.length === 0) throw new RangeError(`${where} must be a non-empty string`);
    if (name.length > 31) throw new RangeError(`${where} is ${name.length} characters long (at most 31)`);
    const bad = /[[\]:*?/\\]/.exec(name);
    if (bad) throw new RangeError(`${where} contains ${JSON.stringify(bad[0])} (not allowed: [ ] : * ? / \\)`);
    if (name.startsWith("'") || name.endsWith("'")) throw new RangeError(`${where} starts or ends with an apostrophe`);
    const invalid = findInvalidXmlChar(name);
    if (invalid) throw new RangeError(`${where} contains ${invalid}, which XML cannot hold`);
    const key = name.toLowerCase();
    if (key === 'history') throw new RangeError(`${where} is reserved by Excel`);
    const other = seen.get(key);
    if (other !== undefined) throw new RangeError(`${where} repeats sheet ${other + 1}'s name (names are compared ignoring case)`);
    seen.set(key, i);
  });
}
