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
  it('times blocks of 8 steps on 2 and 1 threads, then runs on the faster', () => {
    // 1 thread 1.2x slower (within 1.5x): the whole trial of 4 blocks, alternating, and re-timings of 2 blocks
    const bitSlower = simulate(200, (t) => (t === 2 ? 1 : 1.2));
    expect(bitSlower.slice(0, 32)).toEqual([...Array(8).fill(2), ...Array(8).fill(1), ...Array(8).fill(2), ...Array(8).fill(1)]);
    expect(bitSlower.slice(32, 32 + 128)).toEqual(Array(128).fill(2)); // 16 blocks on the faster before re-timing 1
    expect(bitSlower.slice(160, 176)).toEqual(Array(16).fill(1)); // re-timing: 2 blocks
    expect(bitSlower.slice(176, 200)).toEqual(Array(24).fill(2));
    const bitFaster = simulate(200, (t) => (t === 2 ? 1.2 : 1));
    expect(count(bitFaster, 32, 200, 1)).toBe(200 - 32 - 16); // runs on 1, re-timing 2 for 2 blocks after 16
  });

  it('stops the trial after 3 steps on 1 thread when they average over 1.5x the 2-thread block, and re-times 1 thread for 3 steps', () => {
    const chooser = createThreadChooser(2, 1);
    const used: number[] = [];
    for (let s = 0; s < 200; s++) {
      const t = chooser.next();
      used.push(t);
      chooser.record(t === 2 ? 1 : 1.8);
    }
    expect(used.slice(0, 11)).toEqual([...Array(8).fill(2), 1, 1, 1]); // the trial: 8 steps on 2, 3 on 1, then decided
    expect(chooser.trialSteps).toBe(11);
    expect(used.slice(11, 11 + 128)).toEqual(Array(128).fill(2)); // 16 blocks on 2
    expect(used.slice(139, 142)).toEqual([1, 1, 1]); // the re-timing ends after 3 steps: 1.8x slower
    expect(used.slice(142)).toEqual(Array(58).fill(2)); // the next re-timing only after 32 blocks
    expect(chooser.stepsOn(1)).toBe(6);
    // 2 threads 5x slower (a busy machine): its trial block after 1 thread's ends after 3 steps; the trial runs on
    const slow = simulate(200, (t) => (t === 2 ? 5 : 1));
    expect(slow.slice(0, 27)).toEqual([...Array(8).fill(2), ...Array(8).fill(1), 2, 2, 2, ...Array(8).fill(1)]);
    expect(count(slow, 27, 200, 2)).toBe(3); // one re-timing on 2 threads after 16 blocks, cut to 3 steps
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
