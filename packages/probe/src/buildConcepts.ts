import { wordsFor } from './bitsets';
import { checkProbeData } from './checkProbeData';
import type { ProbeData } from './ProbeData';

/**
 * The single ground-truth concepts of a dataset as bitsets over its rows.
 * Concept `i` holds on row `r` when bit `r & 31` of word `bits[i * words + (r >>> 5)]` is set.
 *
 * @example
 * ```ts
 * import { buildConcepts, type ConceptTable } from '@interp/probe';
 * const table: ConceptTable = buildConcepts(train);
 * const c = 0; // the concept table.names[0]
 * const holdsOnRow5 = (table.bits[c * table.words + (5 >>> 5)]! >>> (5 & 31)) & 1; // 1 when concept c holds on row 5
 * table.support[c];                                                               // rows it holds on
 * ```
 */
export interface ConceptTable {
  /** Rows the bitsets cover. */
  rows: number;
  /** 32-bit words per bitset, `ceil(rows / 32)`. */
  words: number;
  /** Concept names in canonical order (see {@link buildConcepts}). */
  names: string[];
  /** `[names.length * words]` bitsets. */
  bits: Uint32Array;
  /** Number of rows each concept holds on. */
  support: Int32Array;
}

/**
 * Builds every single concept of the scoring definition as a bitset over the rows, in this
 * canonical order (L = digits per column, D = largest digit; 9 and 4 for the reference task):
 *
 * 1. `p1=k`, then `p2=k`, k = 0..L-1;
 * 2. `a=v`, then `b=v`, then `target=v`, v = 0..D;
 * 3. `x_i=v` for each input column i in order, named by the column (`c1_0=3`), v = 0..D for digit
 *    columns and 0..L-1 for the pointer columns; a name already listed is skipped, so the pointer
 *    columns `p1`/`p2` do not repeat `p1=k`/`p2=k` (the same rows by construction);
 * 4. `a>=v`, `a<v` for v = 1..D, then the same for `b`, then for `target`;
 * 5. `a>b`, `a<b`.
 *
 * That is 174 concepts for the reference task.
 *
 * @example
 * ```ts
 * import { generateDataset } from '@interp/dataset';
 * const table = buildConcepts(generateDataset({ rows: 100, seed: 1 }));
 * table.names.length; // 174
 * ```
 * @throws RangeError naming the field of a malformed dataset.
 */
export function buildConcepts(data: ProbeData): ConceptTable {
  const d = checkProbeData(data, 'buildConcepts');
  const { rows, numInputs, columns, inputs, latents } = d;
  const L = d.config.columnLength;
  const D = d.config.digitMax;
  const words = wordsFor(rows);
  const names: string[] = [];
  const tests: ((r: number) => boolean)[] = [];
  const seen = new Set<string>();
  const add = (name: string, test: (r: number) => boolean): void => {
    if (seen.has(name)) return;
    seen.add(name);
    names.push(name);
    tests.push(test);
  };
  const { p1, p2, a, b, target } = latents;
  for (let k = 0; k < L; k++) add(`p1=${k}`, (r) => p1[r] === k);
  for (let k = 0; k < L; k++) add(`p2=${k}`, (r) => p2[r] === k);
  for (const [key, arr] of [['a', a], ['b', b], ['target', target]] as const) {
    for (let v = 0; v <= D; v++) add(`${key}=${v}`, (r) => arr[r] === v);
  }
  for (let i = 0; i < numInputs; i++) {
    const isPointer = i === L || i === 2 * L + 1;
    const max = isPointer ? L - 1 : D;
    for (let v = 0; v <= max; v++) add(`${columns[i]}=${v}`, (r) => inputs[r * numInputs + i] === v);
  }
  for (const [key, arr] of [['a', a], ['b', b], ['target', target]] as const) {
    for (let v = 1; v <= D; v++) {
      add(`${key}>=${v}`, (r) => (arr[r] as number) >= v);
      add(`${key}<${v}`, (r) => (arr[r] as number) < v);
    }
  }
  add('a>b', (r) => (a[r] as number) > (b[r] as number));
  add('a<b', (r) => (a[r] as number) < (b[r] as number));

  const bits = new Uint32Array(names.length * words);
  const support = new Int32Array(names.length);
  tests.forEach((test, c) => {
    let n = 0;
    for (let r = 0; r < rows; r++) {
      if (test(r)) {
        const k = c * words + (r >>> 5);
        bits[k] = ((bits[k] as number) | (1 << (r & 31))) >>> 0;
        n++;
      }
    }
    support[c] = n;
  });
  return { rows, words, names, bits, support };
}
