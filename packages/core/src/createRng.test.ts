import { describe, expect, it } from 'vitest';
import { createMulberry32 } from './createMulberry32';
import { createRng } from './createRng';
import { deriveSeed } from './deriveSeed';

const M32 = (1n << 32n) - 1n;

/** An independent sfc32 + splitmix32 written with BigInt arithmetic, to check the Number version against. */
function referenceSfc32(seed: number, count: number): number[] {
  let s = BigInt((seed >>> 0) ^ Math.floor(seed / 2 ** 32)) & M32;
  const split = (): bigint => {
    s = (s + 0x9e3779b9n) & M32;
    let z = s;
    z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & M32;
    z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & M32;
    return (z ^ (z >> 16n)) & M32;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const step = (): bigint => {
    const t = (a + b + d) & M32;
    d = (d + 1n) & M32;
    a = b ^ (b >> 9n);
    b = (c + (c << 3n)) & M32;
    c = ((c << 21n) | (c >> 11n)) & M32;
    c = (c + t) & M32;
    return t;
  };
  for (let i = 0; i < 12; i++) step();
  return Array.from({ length: count }, () => Number(step()) / 2 ** 32);
}

/** An independent mulberry32 with BigInt arithmetic. */
function referenceMulberry32(seed: number, count: number): number[] {
  let a = BigInt(seed >>> 0);
  const imul = (x: bigint, y: bigint): bigint => (x * y) & M32;
  return Array.from({ length: count }, () => {
    a = (a + 0x6d2b79f5n) & M32;
    let t = a;
    t = imul(t ^ (t >> 15n), t | 1n);
    t = (t ^ ((t + imul(t ^ (t >> 7n), t | 61n)) & M32)) & M32;
    return Number((t ^ (t >> 14n)) & M32) / 2 ** 32;
  });
}

describe('createRng (sfc32)', () => {
  it.each([0, 1, 7, 42, 2 ** 31, 2 ** 32 - 1, 2 ** 40 + 3, -1, -123456])('matches an independent sfc32 for seed %d', (seed) => {
    const rng = createRng(seed);
    const got = Array.from({ length: 64 }, () => rng.next());
    expect(got).toEqual(referenceSfc32(seed, 64));
  });

  it('gives integers in [0, n) from the same stream', () => {
    const a = createRng(5);
    const b = createRng(5);
    for (let i = 0; i < 1000; i++) {
      const k = a.nextInt(10);
      expect(k).toBe(Math.floor(b.next() * 10));
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(10);
    }
  });

  it('differs between seeds', () => {
    expect(createRng(1).next()).not.toBe(createRng(2).next());
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects the seed %d, naming it', (seed) => {
    expect(() => createRng(seed)).toThrow(/createRng: seed must be an integer, got/);
  });
});

describe('createMulberry32', () => {
  it.each([0, 1, 42, 2 ** 32 - 1])('matches an independent mulberry32 for seed %d', (seed) => {
    const rng = createMulberry32(seed);
    expect(Array.from({ length: 64 }, () => rng.next())).toEqual(referenceMulberry32(seed, 64));
  });

  it('rejects a fractional seed', () => {
    expect(() => createMulberry32(0.5)).toThrow(/createMulberry32: seed must be an integer, got 0.5/);
  });
});

describe('deriveSeed', () => {
  it('is a pure function of seed and stream name', () => {
    expect(deriveSeed(42, 'val')).toBe(deriveSeed(42, 'val'));
    expect(deriveSeed(42, 'val')).not.toBe(deriveSeed(42, 'test'));
    expect(deriveSeed(42, 'val')).not.toBe(deriveSeed(43, 'val'));
  });

  it('returns an unsigned 32-bit integer', () => {
    for (const s of [0, 1, -5, 2 ** 33]) {
      const d = deriveSeed(s, 'train');
      expect(Number.isInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(2 ** 32);
    }
  });
});
