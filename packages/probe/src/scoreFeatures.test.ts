import { describe, expect, it } from 'vitest';
import type { DatasetSplit } from '@interp/dataset';
import { buildConcepts } from './buildConcepts';
import { createRng } from '@interp/dataset';
import { toSparseFeatures } from '@interp/sae';
import { scoreFeatures } from './scoreFeatures';
import { makeSplit } from './__tests__/testFixtures';

/** Feature activations [rows, fns.length] from per-row predicates (activation 0.5 + 0.1 * index when true). */
function makeActs(split: DatasetSplit, fns: ((r: number) => boolean)[]): Float32Array {
  const acts = new Float32Array(split.rows * fns.length);
  for (let r = 0; r < split.rows; r++) fns.forEach((fn, j) => (acts[r * fns.length + j] = fn(r) ? 0.5 + 0.1 * (r % 7) : 0));
  return acts;
}

/** The concept list written out independently of buildConcepts: [name, predicate on row r]. */
function naiveConcepts(split: DatasetSplit): [string, (r: number) => boolean][] {
  const { p1, p2, a, b, target } = split.latents;
  const x = (r: number, i: number) => split.inputs[r * 10 + i] as number;
  const out: [string, (r: number) => boolean][] = [];
  for (let k = 0; k < 4; k++) out.push([`p1=${k}`, (r) => p1[r] === k]);
  for (let k = 0; k < 4; k++) out.push([`p2=${k}`, (r) => p2[r] === k]);
  for (let v = 0; v <= 9; v++) out.push([`a=${v}`, (r) => a[r] === v]);
  for (let v = 0; v <= 9; v++) out.push([`b=${v}`, (r) => b[r] === v]);
  for (let v = 0; v <= 9; v++) out.push([`target=${v}`, (r) => target[r] === v]);
  const cols = ['c1_0', 'c1_1', 'c1_2', 'c1_3', 'p1', 'c2_0', 'c2_1', 'c2_2', 'c2_3', 'p2'];
  cols.forEach((c, i) => {
    if (c === 'p1' || c === 'p2') return; // the same concepts as p1=k / p2=k
    for (let v = 0; v <= 9; v++) out.push([`${c}=${v}`, (r) => x(r, i) === v]);
  });
  for (const [key, arr] of [['a', a], ['b', b], ['target', target]] as const) {
    for (let v = 1; v <= 9; v++) {
      out.push([`${key}>=${v}`, (r) => (arr[r] as number) >= v]);
      out.push([`${key}<${v}`, (r) => (arr[r] as number) < v]);
    }
  }
  out.push(['a>b', (r) => (a[r] as number) > (b[r] as number)]);
  out.push(['a<b', (r) => (a[r] as number) < (b[r] as number)]);
  return out;
}

/** Brute force: every single and every pair, as plain row sets, ranked by precision, F1, arity, name. */
function naiveBest(split: DatasetSplit, acts: Float32Array, dSae: number, f: number) {
  const N = split.rows;
  const fire: number[] = [];
  for (let r = 0; r < N; r++) if ((acts[r * dSae + f] as number) > 0) fire.push(r);
  const concepts = naiveConcepts(split).map(([name, fn]) => {
    const set = new Uint8Array(N);
    for (let r = 0; r < N; r++) set[r] = fn(r) ? 1 : 0;
    return { name, set };
  });
  type Cand = { name: string; arity: number; precision: number; recall: number; f1: number };
  let best: Cand | null = null;
  const consider = (name: string, arity: number, holds: (r: number) => boolean) => {
    let support = 0;
    for (let r = 0; r < N; r++) if (holds(r)) support++;
    if (support < 1 || support / N > 0.25) return;
    let hits = 0;
    for (const r of fire) if (holds(r)) hits++;
    if (hits === 0) return;
    const c: Cand = { name, arity, precision: hits / fire.length, recall: hits / support, f1: (2 * hits) / (fire.length + support) };
    if (
      !best ||
      c.precision > best.precision ||
      (c.precision === best.precision && (c.f1 > best.f1 || (c.f1 === best.f1 && (c.arity < best.arity || (c.arity === best.arity && c.name < best.name)))))
    ) {
      best = c;
    }
  };
  concepts.forEach((c) => consider(c.name, 1, (r) => c.set[r] === 1));
  for (let i = 0; i < concepts.length; i++) {
    for (let j = i + 1; j < concepts.length; j++) {
      const ci = concepts[i]!;
      const cj = concepts[j]!;
      consider(`${ci.name} & ${cj.name}`, 2, (r) => ci.set[r] === 1 && cj.set[r] === 1);
    }
  }
  return { best: best as Cand | null, firing: fire.length };
}

describe('scoreFeatures', () => {
  const split = makeSplit(2000, 11);
  const lat = split.latents;

  it('labels a feature that fires exactly when p1 = 2 as p1=2 with precision, recall and F1 of 1', () => {
    const scores = scoreFeatures(makeActs(split, [(r) => lat.p1[r] === 2]), split);
    const f = scores.features[0]!;
    expect(f.label).toBe('p1=2');
    expect(f.monosemantic).toBe(true);
    expect([f.precision, f.recall, f.f1]).toEqual([1, 1, 1]);
    expect(f.firingCount).toBe(500);
    expect(f.conceptSupport).toBe(500);
  });

  it('labels a feature firing on p1 = 2 and a >= 5 with that pair', () => {
    const scores = scoreFeatures(makeActs(split, [(r) => lat.p1[r] === 2 && (lat.a[r] as number) >= 5]), split);
    const f = scores.features[0]!;
    expect(f.label).toBe('p1=2 & a>=5');
    expect([f.precision, f.recall, f.f1]).toEqual([1, 1, 1]);
  });

  it('does not score a feature that fires on only 10 rows', () => {
    const fireRows = new Set([3, 50, 77, 120, 400, 401, 900, 1200, 1500, 1999]);
    const scores = scoreFeatures(makeActs(split, [(r) => fireRows.has(r), (r) => lat.p1[r] === 1]), split);
    const f = scores.features[0]!;
    expect(f.firingCount).toBe(10);
    expect(f.scored).toBe(false);
    expect(f.monosemantic).toBe(false);
    expect(f.label).toBeNull();
    expect(scores.scoredCount).toBe(1);
    expect(scores.monosemanticShare).toBe(1);
  });

  it('counts the monosemantic share over features firing on >= 20 rows only', () => {
    const scores = scoreFeatures(
      makeActs(split, [
        (r) => lat.p1[r] === 2, // monosemantic
        (r) => r % 2 === 0, // fires on half the rows, no concept explains it
        (r) => r < 5, // not scored
        () => false, // dead
      ]),
      split,
    );
    expect(scores.scoredCount).toBe(2);
    expect(scores.monosemanticCount).toBe(1);
    expect(scores.monosemanticShare).toBe(0.5);
    expect(scores.features[1]!.monosemantic).toBe(false);
    expect(scores.features[1]!.precision).toBeLessThan(0.9);
    expect(scores.features[3]!.bestConcept).toBeNull();
    expect(scores.labellingSingles).toEqual(['p1=2']);
    expect(scores.labelCounts).toEqual([{ concept: 'p1=2', features: 1 }]);
  });

  it('never labels with a concept that holds on more than 25% of the rows', () => {
    // a >= 1 holds on ~90% of the rows: precision 1, but not eligible.
    const scores = scoreFeatures(makeActs(split, [(r) => (lat.a[r] as number) >= 1]), split);
    const f = scores.features[0]!;
    expect(f.label).toBeNull();
    expect(f.bestConcept).not.toBe('a>=1');
    expect(f.precision).toBeLessThan(0.9);
  });

  it('labels a feature whose best concept has precision >= 0.9 but < 1', () => {
    // p1 = 3 rows plus a few others: precision 500 / 540.
    const extra = new Set<number>();
    for (let r = 0; extra.size < 40; r++) if (lat.p1[r] !== 3) extra.add(r);
    const scores = scoreFeatures(makeActs(split, [(r) => lat.p1[r] === 3 || extra.has(r)]), split);
    const f = scores.features[0]!;
    expect(f.label).toBe('p1=3');
    expect(f.precision).toBeCloseTo(500 / 540, 12);
    expect(f.recall).toBe(1);
  });

  it('correlates an activation equal to a with a perfectly', () => {
    const acts = new Float32Array(split.rows);
    for (let r = 0; r < split.rows; r++) acts[r] = lat.a[r] as number;
    const c = scoreFeatures(acts, split).features[0]!.correlations;
    expect(c.a).toBeCloseTo(1, 6);
    expect(Math.abs(c.b ?? 1)).toBeLessThan(0.1);
    expect(c.diff).toBeGreaterThan(0.5);
  });

  it('builds the concepts of the definition, pointer columns deduplicated', () => {
    const table = buildConcepts(split);
    expect(table.names).toEqual(naiveConcepts(split).map(([n]) => n));
    expect(table.names.length).toBe(174);
    expect(new Set(table.names).size).toBe(174);
  });

  it('agrees with a brute-force enumeration of every single and pair on random features', () => {
    const small = makeSplit(600, 5);
    const rng = createRng(99);
    const L = small.latents;
    const dSae = 8;
    const fns: ((r: number) => boolean)[] = [];
    // Noisy concept features and plain random sparse ones.
    const noise = () => rng.next() < 0.03;
    const c1 = rng.nextInt(4);
    const v1 = 1 + rng.nextInt(8);
    const rowsNoise = Array.from({ length: small.rows }, noise);
    fns.push((r) => (L.p2[r] === c1 && (L.b[r] as number) < v1) !== rowsNoise[r]);
    fns.push((r) => (L.a[r] as number) > (L.b[r] as number) && (L.target[r] as number) >= 6);
    fns.push((r) => small.inputs[r * 10 + 2] === 7 || rowsNoise[r] === true);
    const dens = [0.02, 0.05, 0.1, 0.3, 0.04];
    for (const p of dens) {
      const set = Array.from({ length: small.rows }, () => rng.next() < p);
      fns.push((r) => set[r] === true);
    }
    const acts = makeActs(small, fns);
    const scores = scoreFeatures(acts, small);
    for (let f = 0; f < dSae; f++) {
      const naive = naiveBest(small, acts, dSae, f);
      const got = scores.features[f]!;
      expect(got.firingCount).toBe(naive.firing);
      expect(got.bestConcept).toBe(naive.best?.name ?? null);
      expect(got.precision).toBe(naive.best?.precision ?? 0);
      expect(got.recall).toBe(naive.best?.recall ?? 0);
      expect(got.f1).toBe(naive.best?.f1 ?? 0);
      expect(got.label).toBe(naive.firing >= 20 && (naive.best?.precision ?? 0) >= 0.9 ? naive.best!.name : null);
    }
    // The same activations as sparse codes score the same, to the bit (correlations included).
    expect(scoreFeatures(toSparseFeatures(acts, small.rows, dSae), small)).toEqual(scores);
  });

  it('scores sparse codes with negative values, zeros and -1 slots as their dense form, correlations to the bit', () => {
    const rng = createRng(5);
    const rows = split.rows;
    const dSae = 40;
    const k = 6;
    const indices = new Int32Array(rows * k).fill(-1);
    const values = new Float32Array(rows * k);
    for (let r = 0; r < rows; r++) {
      const ids = new Set<number>();
      const n = rng.nextInt(k + 1);
      while (ids.size < n) ids.add(rng.nextInt(dSae));
      [...ids].forEach((j, t) => {
        indices[r * k + t] = j;
        values[r * k + t] = rng.next() < 0.1 ? 0 : rng.next() < 0.2 ? -rng.next() : rng.next() * 3;
      });
    }
    const codes = { rows, k, dSae, indices, values };
    const dense = new Float32Array(rows * dSae);
    for (let t = 0; t < rows * k; t++) if (indices[t]! >= 0) dense[Math.floor(t / k) * dSae + indices[t]!] = values[t]!;
    const fromDense = scoreFeatures(dense, split);
    expect(scoreFeatures(codes, split)).toEqual(fromDense);
    // Independent sums behind one correlation: activation vs a, in row order.
    const j = indices[0]!;
    let sx = 0, sxx = 0, sy = 0, syy = 0, sxy = 0;
    for (let r = 0; r < rows; r++) {
      const x = dense[r * dSae + j]!;
      const y = split.latents.a[r]!;
      sx += x; sxx += x * x; sy += y; syy += y * y; sxy += x * y;
    }
    const expected = (sxy - (sx * sy) / rows) / Math.sqrt((sxx - (sx * sx) / rows) * (syy - (sy * sy) / rows));
    expect(fromDense.features[j]!.correlations.a).toBeCloseTo(expected, 10);
  });

  it('rejects sparse codes of another row count, ids outside [0, dSae) and NaN, naming them', () => {
    const codes = (rows: number, id: number, v: number) => ({ rows, k: 1, dSae: 4, indices: new Int32Array(rows).fill(id), values: new Float32Array(rows).fill(v) });
    expect(() => scoreFeatures(codes(10, 0, 1), split)).toThrow(/featureActs covers 10 rows, the data has 2000/);
    expect(() => scoreFeatures(codes(2000, 4, 1), split)).toThrow(/codes.indices\[0\] = 4 is not a feature id in \[0, 4\)/);
    expect(() => scoreFeatures(codes(2000, 2, Number.NaN), split)).toThrow(/featureActs has NaN at row 0, feature 2/);
    const dense = new Float32Array(2000 * 4);
    dense[5 * 4 + 3] = Number.NaN;
    dense[6 * 4 + 1] = Number.NaN;
    expect(() => scoreFeatures(dense, split)).toThrow(/featureActs has NaN at row 5, feature 3/);
  });

  it('rejects activations that are not rows x dSae long, and bad options, naming them', () => {
    expect(() => scoreFeatures(new Float32Array(2001), split)).toThrow(/featureActs must hold rows \* dSae/);
    expect(() => scoreFeatures(new Float32Array(2000), split, { minPrecision: 2 })).toThrow(/options.minPrecision/);
    expect(() => scoreFeatures(new Float32Array(2000), split, { minFiring: 0 })).toThrow(/options.minFiring/);
    expect(() => scoreFeatures(new Float32Array(10), { ...split, rows: 0 })).toThrow(/data.rows/);
  });
});
