import { describe, expect, it } from 'vitest';
import { createBusyWindow } from './createBusyWindow';

describe('createBusyWindow', () => {
  it('gives each thread the seconds its counter grew since the last call', () => {
    const window = createBusyWindow({ threads: 2 });
    expect(Array.from(window.take([0.01, 0.012])!)).toEqual([0.01, 0.012]);
    const second = Array.from(window.take([0.018, 0.025])!);
    expect(second[0]).toBeCloseTo(0.008, 12);
    expect(second[1]).toBeCloseTo(0.013, 12);
  });

  it('measures over windows of `every` calls and says nothing in between', () => {
    const window = createBusyWindow({ threads: 2, every: 3 });
    expect(window.take([1, 2])).toBeUndefined();
    expect(window.take([2, 4])).toBeUndefined();
    expect(Array.from(window.take([3, 6])!)).toEqual([3, 6]);
    expect(window.take([4, 7])).toBeUndefined();
    expect(window.take([5, 8])).toBeUndefined();
    expect(Array.from(window.take([6, 9])!)).toEqual([3, 3]);
  });

  it('drops a window that was invalidated, then measures the next one from where it ended', () => {
    const window = createBusyWindow({ threads: 2, every: 2 });
    window.take([1, 1]);
    window.invalidate();
    expect(window.take([2, 2])).toBeUndefined();
    window.take([3, 4]);
    expect(Array.from(window.take([5, 7])!)).toEqual([3, 5]);
  });

  it('drops a window in which some thread did not get busier (counters zeroed, an idle thread)', () => {
    const window = createBusyWindow({ threads: 2 });
    window.take([5, 5]);
    expect(window.take([0.001, 0.002])).toBeUndefined();
    expect(window.take([0.001, 0.004])).toBeUndefined();
    expect(Array.from(window.take([0.003, 0.006])!)).toEqual([0.002, 0.002]);
  });

  it('names the bad option or argument', () => {
    expect(() => createBusyWindow({ threads: 0 })).toThrow(/createBusyWindow: threads must be an integer/);
    expect(() => createBusyWindow({ threads: 2, every: 0.5 })).toThrow(/createBusyWindow: every must be an integer/);
    expect(() => createBusyWindow({ threads: 2, evry: 2 } as never)).toThrow(/createBusyWindow: options/);
    expect(() => createBusyWindow({ threads: 3 }).take([1, 2])).toThrow(/take needs the totals of 3 threads, got 2/);
  });
});
