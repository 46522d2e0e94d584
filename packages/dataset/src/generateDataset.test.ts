import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, generateDataset, generateSplits, getRow, getTargetDistribution, computeTarget } from './index';

describe('createRng', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('derives distinct seeds per stream', () => {
    expect(new Set([deriveSeed(1, 'train'), deriveSeed(1, 'val'), deriveSeed(1, 'test'), deriveSeed(2, 'train')]).size).toBe(4);
  });
});

describe('generateDataset', () => {
  it('is deterministic: the same seed gives the same rows, another seed other rows', () => {
    const a = generateDataset({ rows: 500, seed: 3 });
    const b = generateDataset({ rows: 500, seed: 3 });
    const c = generateDataset({ rows: 500, seed: 4 });
    expect(Array.from(b.inputs)).toEqual(Array.from(a.inputs));
    expect(Array.from(c.inputs)).not.toEqual(Array.from(a.inputs));
  });

  it('gives every row the target |c1[p1] - c2[p2]| and consistent latents', () => {
    const s = generateDataset({ rows: 300, seed: 11 });
    for (let r = 0; r < s.rows; r++) {
      const row = getRow(s, r);
      expect(s.targets[r]).toBe(computeTarget(row));
      expect(s.latents.a[r]).toBe(row[s.latents.p1[r] as number]);
      expect(s.latents.b[r]).toBe(row[5 + (s.latents.p2[r] as number)]);
      expect(s.latents.diff[r]).toBe((s.latents.a[r] as number) - (s.latents.b[r] as number));
    }
  });

  it('draws every digit at every position and every pointer value', () => {
    const s = generateDataset({ rows: 4000, seed: 5 });
    for (let col = 0; col < 10; col++) {
      const seen = new Set<number>();
      for (let r = 0; r < s.rows; r++) seen.add(s.inputs[r * 10 + col] as number);
      const isPointer = col === 4 || col === 9;
      expect([...seen].sort((x, y) => x - y)).toEqual(isPointer ? [0, 1, 2, 3] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });

  it('matches the exact target distribution within sampling tolerance', () => {
    const n = 50_000;
    const s = generateDataset({ rows: n, seed: 99 });
    const counts = new Array<number>(10).fill(0);
    for (const t of s.targets) counts[t] = (counts[t] as number) + 1;
    const exact = getTargetDistribution();
    expect(exact.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    expect(exact[0]).toBeCloseTo(0.1, 12);
    expect(exact[9]).toBeCloseTo(0.02, 12);
    let chi2 = 0;
    exact.forEach((p, t) => {
      const expected = p * n;
      chi2 += ((counts[t] as number) - expected) ** 2 / expected;
      // each bin within 5 standard deviations
      expect(Math.abs((counts[t] as number) - expected)).toBeLessThan(5 * Math.sqrt(expected * (1 - p)));
    });
    // chi-square with 9 degrees of freedom: p = 0.001 at 27.9
    expect(chi2).toBeLessThan(27.9);
  });

  it('rejects a negative row count and a non-integer seed, naming the parameter', () => {
    expect(() => generateDataset({ rows: -1, seed: 1 })).toThrow(/rows must be an integer/);
    expect(() => generateDataset({ rows: 1, seed: 0.5 })).toThrow(/seed must be an integer/);
  });
});

describe('generateSplits', () => {
  const key = (s: ReturnType<typeof generateDataset>, r: number) => getRow(s, r).join(',');

  it('defaults to 8000 / 1000 / 1000 rows from distinct seeds with no row shared across splits', () => {
    const { train, val, test } = generateSplits({ seed: 42 });
    expect([train.rows, val.rows, test.rows]).toEqual([8000, 1000, 1000]);
    expect(new Set([train.seed, val.seed, test.seed]).size).toBe(3);
    const trainKeys = new Set(Array.from({ length: train.rows }, (_, r) => key(train, r)));
    const valKeys = new Set(Array.from({ length: val.rows }, (_, r) => key(val, r)));
    for (let r = 0; r < test.rows; r++) {
      expect(trainKeys.has(key(test, r))).toBe(false);
      expect(valKeys.has(key(test, r))).toBe(false);
    }
    for (const k of valKeys) expect(trainKeys.has(k)).toBe(false);
  });

  it('keeps splits disjoint even when the row space is tiny, and overlaps only when asked', () => {
    const tiny = { columnLength: 1, digitMax: 2, train: 40, val: 20, test: 20 }; // 9 distinct rows
    const { train, test } = generateSplits({ ...tiny, seed: 1, allowOverlap: true });
    const testKeys = new Set(Array.from({ length: test.rows }, (_, r) => key(test, r)));
    expect(Array.from({ length: train.rows }, (_, r) => key(train, r)).some((k) => testKeys.has(k))).toBe(true);
    const disjoint = generateSplits({ columnLength: 1, digitMax: 9, train: 200, val: 50, test: 50, seed: 1 });
    const dTest = new Set(Array.from({ length: 50 }, (_, r) => key(disjoint.test, r)));
    expect(Array.from({ length: 200 }, (_, r) => key(disjoint.train, r)).some((k) => dTest.has(k))).toBe(false);
  });
});
