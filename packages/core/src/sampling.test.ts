import { describe, expect, it } from 'vitest';
import { createMulberry32 } from './createMulberry32';
import { createNormalSampler } from './createNormalSampler';
import { drawNormal } from './drawNormal';
import { createRng } from './createRng';
import { shuffleInPlace, shufflePermutation } from './shufflePermutation';

function moments(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return { mean, variance: xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length };
}

describe('normal samplers', () => {
  it('createNormalSampler: pairs from two uniforms (cosine, then the cached sine)', () => {
    const u = createRng(3);
    const u1 = u.next();
    const u2 = u.next();
    const normal = createNormalSampler(createRng(3));
    const r = Math.sqrt(-2 * Math.log(u1));
    expect(normal()).toBe(r * Math.cos(2 * Math.PI * u2));
    expect(normal()).toBe(r * Math.sin(2 * Math.PI * u2));
  });

  it('has mean 0 and variance 1, from any Rng', () => {
    for (const rng of [createRng(11), createMulberry32(11)]) {
      const normal = createNormalSampler(rng);
      const { mean, variance } = moments(Array.from({ length: 20000 }, normal));
      expect(Math.abs(mean)).toBeLessThan(0.03);
      expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    }
  });

  it('drawNormal: the cosine branch of 1 - u, so a uniform 0 gives a finite number', () => {
    const values = [0, 0.25];
    const rng = { next: () => values.shift() ?? 0, nextInt: () => 0 };
    expect(drawNormal(rng)).toBe(Math.sqrt(-2 * Math.log(1)) * Math.cos(2 * Math.PI * 0.25));
    const { mean, variance } = moments(Array.from({ length: 20000 }, ((r) => () => drawNormal(r))(createRng(4))));
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('skips uniforms too close to 0 (no infinite values)', () => {
    const values = [0, 1e-13, 0.5, 0.25];
    const rng = { next: () => values.shift() ?? 0.5, nextInt: () => 0 };
    const z = createNormalSampler(rng)();
    expect(z).toBe(Math.sqrt(-2 * Math.log(0.5)) * Math.cos(2 * Math.PI * 0.25));
  });
});

describe('shuffles', () => {
  it('shufflePermutation holds each index once and depends on the seed', () => {
    const p = shufflePermutation(100, createRng(1));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...p]).toEqual([...shufflePermutation(100, createRng(1))]);
    expect([...p]).not.toEqual([...shufflePermutation(100, createRng(2))]);
  });

  it('shuffleInPlace is Fisher-Yates from the end', () => {
    const draws: number[] = [];
    const rng = { next: () => 0, nextInt: (n: number) => (draws.push(n), 0) };
    expect(shuffleInPlace(['a', 'b', 'c'], rng)).toEqual(['b', 'c', 'a']);
    expect(draws).toEqual([3, 2]);
  });
});
