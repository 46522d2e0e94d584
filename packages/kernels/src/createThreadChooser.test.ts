import { describe, expect, it } from 'vitest';
import { createThreadChooser } from './createThreadChooser';

/** Runs `steps` steps whose milliseconds on a count are `ms(threads, step)`; returns the count of every step. */
function simulate(steps: number, ms: (threads: number, step: number) => number): number[] {
  const chooser = createThreadChooser(2, 1);
  const used: number[] = [];
  for (let s = 0; s < steps; s++) {
    const t = chooser.next();
    used.push(t);
    chooser.record(ms(t, s));
  }
  expect(chooser.stepsOn(1) + chooser.stepsOn(2)).toBe(steps);
  return used;
}
const count = (xs: number[], from: number, to: number, t: number): number => xs.slice(from, to).filter((x) => x === t).length;

describe('createThreadChooser', () => {
  it('times 4 blocks of 8 steps, alternating 2 and 1 threads, then runs on the faster', () => {
    const used = simulate(200, (t) => (t === 2 ? 1 : 1.8));
    expect(used.slice(0, 32)).toEqual([...Array(8).fill(2), ...Array(8).fill(1), ...Array(8).fill(2), ...Array(8).fill(1)]);
    expect(used.slice(32, 32 + 128)).toEqual(Array(128).fill(2)); // 16 blocks on the faster before re-timing 1
    expect(used.slice(160, 168)).toEqual(Array(8).fill(1)); // re-timing: 1 block, as it is 1.8x slower
    expect(used.slice(168, 200)).toEqual(Array(32).fill(2));
    const slow = simulate(200, (t) => (t === 2 ? 5 : 1));
    expect(count(slow, 32, 200, 1)).toBe(200 - 32 - 8); // one re-timing on 2 threads after 16 blocks, cut to 1 block (5x slower)
    const bitSlower = simulate(200, (t) => (t === 2 ? 1.2 : 1));
    expect(count(bitSlower, 32, 200, 1)).toBe(200 - 32 - 16); // not 1.5x slower: 2 blocks
  });

  it('ignores the first step of a block (waking workers) and keeps the choice when the other count is within 5%', () => {
    const used = simulate(1000, (t, s) => (s % 8 === 0 ? 100 : t === 2 ? 1 : 1.04));
    expect(count(used, 32, 1000, 1)).toBeLessThan(80); // only re-timing blocks, spaced ever wider
    expect(used.slice(32, 160)).toEqual(Array(128).fill(2));
  });

  it('switches within one re-timing period (at most 64 blocks, then 2 blocks of re-timing) when the speeds swap, and back', () => {
    // 2 threads faster until step 1000, then 3x slower (a busy machine), then faster again from step 3000
    const ms = (t: number, s: number): number => (t === 2 ? (s >= 1000 && s < 3000 ? 3 : 1) : 1.6);
    const used = simulate(5000, ms);
    expect(count(used, 800, 1000, 2)).toBeGreaterThanOrEqual(184); // at most one re-timing (16 steps) on 1
    const lag = 8 * 66 + 8;
    expect(count(used, 1000 + lag, 3000, 1)).toBeGreaterThan(0.9 * (2000 - lag));
    expect(count(used, 3000 + lag, 5000, 2)).toBeGreaterThan(0.9 * (2000 - lag));
  });

  it('re-times the slower count ever more rarely while it keeps losing (period doubling up to 64 blocks)', () => {
    const used = simulate(40_000, (t) => (t === 2 ? 1.3 : 1));
    const retimes = count(used, 32, 40_000, 2) / 16;
    // after the trial's 4 blocks: 16 + 2, 32 + 2, 64 + 2 blocks, then every 64 + 2: 3 + (4996 - 118) / 66 = 76.9 re-timings
    expect(retimes).toBeGreaterThanOrEqual(76);
    expect(retimes).toBeLessThanOrEqual(78);
  });
});
