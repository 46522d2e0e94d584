import { checkInteger, checkKnownKeys } from '@interp/core';

/**
 * Turns a pool's cumulative busy counters (each thread's seconds spent in some phases since it started) into the
 * seconds each thread spent in them over a window of `every` calls, the measurement a {@link WorkBalancer} records.
 * A window that ran partly on fewer threads than the pool ({@link BusyWindow.invalidate}), or in which some thread's
 * counter did not grow (a caller that zeroes its counters, e.g. a benchmark after its warm-up), measures nothing.
 *
 * @example
 * ```ts
 * const window = createBusyWindow({ threads: 2, every: 16 });
 * // after each step, with the threads' cumulative busy seconds of a phase:
 * const seconds = window.take(busyTotals);
 * if (seconds) balancer.record(seconds); // every 16th step, unless the window is invalid
 * ```
 */
export interface BusyWindow {
  readonly threads: number;
  /** Calls that make a window. */
  readonly every: number;
  /** Marks the current window as not measured (a phase ran on fewer threads than the pool, on an even split). */
  invalidate(): void;
  /**
   * Counts one call with the counters' current totals (`totals[t]`, `threads` of them). On the window's last call,
   * returns each thread's seconds over the window (a view reused by the next window), or `undefined` when the window
   * is invalid; then the next window starts at these totals. Returns `undefined` on the other calls.
   */
  take(totals: ArrayLike<number>): Float64Array | undefined;
}

/** Options of {@link createBusyWindow}. */
export interface BusyWindowOptions {
  /** Threads of the pool (an integer >= 1). */
  threads: number;
  /** Calls that make a window (an integer >= 1; default 1: every call measures the interval since the last). */
  every?: number;
}

/**
 * A {@link BusyWindow} whose first window starts at zero totals.
 *
 * @example
 * ```ts
 * const window = createBusyWindow({ threads: 2 });
 * window.take([0.010, 0.012]); // Float64Array [0.010, 0.012]
 * window.take([0.018, 0.025]); // Float64Array [0.008, 0.013]
 * window.invalidate();
 * window.take([0.030, 0.031]); // undefined (and the next window starts at these totals)
 * ```
 */
export function createBusyWindow(options: BusyWindowOptions): BusyWindow {
  const where = 'createBusyWindow';
  checkKnownKeys(options, `${where}: options`, ['threads', 'every']);
  const threads = checkInteger(options.threads, `${where}: threads`, { min: 1 });
  const every = checkInteger(options.every ?? 1, `${where}: every`, { min: 1 });
  const from = new Float64Array(threads);
  const seconds = new Float64Array(threads);
  let calls = 0;
  let valid = true;
  return {
    threads,
    every,
    invalidate() {
      valid = false;
    },
    take(totals) {
      if (totals.length < threads) throw new Error(`${where}: take needs the totals of ${threads} threads, got ${totals.length}`);
      if (++calls < every) return undefined;
      let measured = valid;
      for (let t = 0; t < threads; t++) {
        const total = totals[t]!;
        seconds[t] = total - from[t]!;
        if (!(seconds[t]! > 0)) measured = false;
        from[t] = total;
      }
      calls = 0;
      valid = true;
      return measured ? seconds : undefined;
    },
  };
}
