import { checkInteger, checkKnownKeys, checkNumber } from '@interp/core';

/**
 * Shares `total` items (features, rows, ...) among the threads of a pool in proportion to how fast each thread has
 * been computing its share, so that a phase split by these bounds ends on every thread at about the same time when
 * the cores do not run at the same speed: a vCPU whose host core is busy with another tenant, the efficiency cores
 * of a hybrid CPU, a core that a browser shares with other tabs. It moves a bound only when the predicted time of
 * the phase (the slowest thread's share over its speed) drops by at least `minGain`, so that equal cores keep the
 * even split.
 *
 * The bounds are whole multiples of `grain` (the last is `total`), and each thread keeps at least one grain while
 * `total` allows it, so that every thread's speed stays measured. Kernels whose floats do not depend on which
 * thread computes an item (an order-preserving split) give the same results on any bounds.
 *
 * @example
 * ```ts
 * const balancer = createWorkBalancer({ total: 2048, threads: 2, grain: 64 });
 * balancer.bounds; // Int32Array [0, 1024, 2048]
 * balancer.record([0.0075, 0.0053]); // thread 0 took 7.5 ms for its 1024 items, thread 1 5.3 ms
 * balancer.bounds; // Int32Array [0, 832, 2048]: thread 1, the faster, now has 1216 items
 * ```
 */
export interface WorkBalancer {
  readonly threads: number;
  readonly total: number;
  /**
   * `[threads + 1]`: thread `t`'s share is `[bounds[t], bounds[t + 1])`; `bounds[0]` is 0 and `bounds[threads]` is
   * `total`. The array given as `WorkBalancerOptions.bounds` (e.g. on a `SharedArrayBuffer`, for the workers to read),
   * else a new one.
   */
  readonly bounds: Int32Array;
  /**
   * Records the seconds each thread (`seconds[t]`, `threads` of them) spent computing its current share since the
   * last record, and moves the bounds when that predicts a faster phase; returns whether they moved. A thread
   * without a share or without time keeps its last measured speed; until every thread has one, nothing moves.
   */
  record(seconds: ArrayLike<number>): boolean;
  /** The smoothed speed of each thread (items per second; 0 before its first measurement). */
  readonly speeds: Float64Array;
  /** Times the bounds moved. */
  readonly moves: number;
}

/** Options of {@link createWorkBalancer}. */
export interface WorkBalancerOptions {
  /** Items to share (an integer >= 1). */
  total: number;
  /** Threads to share them among (an integer >= 1). */
  threads: number;
  /** Bounds are multiples of it (an integer >= 1; default 1). */
  grain?: number;
  /** Weight of the newest measurement in each thread's smoothed speed (in (0, 1]; default 0.3). */
  smoothing?: number;
  /** Least relative drop of the predicted phase time that moves the bounds (in [0, 1); default 0.03). */
  minGain?: number;
  /** The array to keep the bounds in (`Int32Array` of `threads + 1`), e.g. on a `SharedArrayBuffer`; it is overwritten with the even split. */
  bounds?: Int32Array;
}

/**
 * A {@link WorkBalancer} that starts from the even split (`t * ceil(total / threads / grain) * grain`, capped at
 * `total`) and follows the threads' measured speeds.
 *
 * @example
 * ```ts
 * const bounds = new Int32Array(new SharedArrayBuffer(4 * (threads + 1)));
 * const balancer = createWorkBalancer({ total: dSae, threads, grain: 64, bounds });
 * // every thread t computes items [bounds[t], bounds[t + 1]) of the phase, then:
 * balancer.record(busySecondsOfEachThread);
 * ```
 */
export function createWorkBalancer(options: WorkBalancerOptions): WorkBalancer {
  const where = 'createWorkBalancer';
  checkKnownKeys(options, `${where}: options`, ['total', 'threads', 'grain', 'smoothing', 'minGain', 'bounds']);
  const total = checkInteger(options.total, `${where}: total`, { min: 1 });
  const threads = checkInteger(options.threads, `${where}: threads`, { min: 1 });
  const grain = checkInteger(options.grain ?? 1, `${where}: grain`, { min: 1 });
  const smoothing = checkNumber(options.smoothing ?? 0.3, `${where}: smoothing`, { min: 0, max: 1, exclusiveMin: true });
  const minGain = checkNumber(options.minGain ?? 0.03, `${where}: minGain`, { min: 0, max: 1, exclusiveMax: true });
  if (options.bounds !== undefined && !(options.bounds instanceof Int32Array && options.bounds.length === threads + 1)) {
    throw new Error(`${where}: bounds must be an Int32Array of threads + 1 = ${threads + 1} entries`);
  }
  const bounds = options.bounds ?? new Int32Array(threads + 1);
  for (let t = 0; t <= threads; t++) bounds[t] = Math.min(total, t * Math.ceil(total / threads / grain) * grain);
  const speeds = new Float64Array(threads);
  // each thread keeps at least one grain while the total allows it
  const least = total >= threads * grain ? grain : 0;
  const candidate = new Int32Array(threads + 1);
  let moves = 0;

  /** The predicted phase time of `b`: its slowest thread's share over that thread's speed. */
  const predict = (b: Int32Array): number => {
    let worst = 0;
    for (let t = 0; t < threads; t++) worst = Math.max(worst, (b[t + 1]! - b[t]!) / speeds[t]!);
    return worst;
  };

  return {
    threads,
    total,
    bounds,
    speeds,
    get moves() {
      return moves;
    },
    record(seconds) {
      if (seconds.length < threads) throw new Error(`${where}: record needs the seconds of ${threads} threads, got ${seconds.length}`);
      for (let t = 0; t < threads; t++) {
        const share = bounds[t + 1]! - bounds[t]!;
        const s = seconds[t]!;
        if (!(share > 0 && s > 0 && Number.isFinite(s))) continue;
        const speed = share / s;
        speeds[t] = speeds[t] === 0 ? speed : (1 - smoothing) * speeds[t]! + smoothing * speed;
      }
      if (threads === 1) return false;
      let sum = 0;
      for (let t = 0; t < threads; t++) {
        if (!(speeds[t]! > 0)) return false;
        sum += speeds[t]!;
      }
      // the ideal bounds, rounded to grains, each thread keeping `least` items
      candidate[0] = 0;
      candidate[threads] = total;
      let cumulative = 0;
      for (let t = 1; t < threads; t++) {
        cumulative += speeds[t - 1]!;
        const ideal = Math.round(((total * cumulative) / sum) / grain) * grain;
        candidate[t] = Math.min(Math.max(ideal, candidate[t - 1]! + least), total - (threads - t) * least);
      }
      // (bounds equal to the current ones predict no gain, and stay)
      if (!(predict(candidate) < predict(bounds) * (1 - minGain))) return false;
      bounds.set(candidate);
      moves++;
      return true;
    },
  };
}
