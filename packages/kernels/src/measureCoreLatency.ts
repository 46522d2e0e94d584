import { checkInteger, checkKnownKeys, checkNumber } from '@interp/core';
import { createThreadPool, type ThreadPhases, type ThreadPoolInit } from './createThreadPool';

/**
 * What {@link measureCoreLatency} measured.
 *
 * @example
 * ```ts
 * const { oneWayNs, samplesNs } = await measureCoreLatency();
 * console.log(`${oneWayNs.toFixed(0)} ns one way (samples ${samplesNs.map((s) => s.toFixed(0)).join(', ')})`);
 * ```
 */
export interface CoreLatency {
  /** The least one-way latency of the samples, in nanoseconds: half of a round trip of a value through shared memory. */
  oneWayNs: number;
  /** Each sample's one-way latency (ns), in the order measured. */
  samplesNs: number[];
  /** Round trips per sample. */
  roundTrips: number;
}

/**
 * Options of {@link measureCoreLatency}.
 *
 * @example
 * ```ts
 * const options: MeasureCoreLatencyOptions = { samples: 3, roundTrips: 5000 };
 * ```
 */
export interface MeasureCoreLatencyOptions {
  /** Samples, an integer in [1, 1000] (default 5). */
  samples?: number;
  /** Round trips per sample, an integer in [1, 10000000] (default 20000). */
  roundTrips?: number;
  /** Milliseconds a sample may take before it fails, in (0, 600000] (default 10000). */
  timeoutMs?: number;
}

interface PingPongInit extends ThreadPoolInit {
  /** `[0]`: the value bounced between the threads; `[1]`: round trips; `[2]`: timeout (ms). */
  slots: Int32Array;
  /** `[0]`: the last sample's milliseconds, written by the caller's thread. */
  elapsed: Float64Array;
}

/**
 * The phase of {@link measureCoreLatency}'s pool: thread 0 (the caller) stores odd values and waits for each to
 * come back one higher; thread 1 answers. It runs from its source text in the worker: no module-level names.
 */
function createPingPongPhases(init: PingPongInit): ThreadPhases {
  const { slots, elapsed } = init;
  const spinUntil = (value: number, deadline: number): void => {
    for (let n = 1; Atomics.load(slots, 0) !== value; n++) {
      if ((n & 1023) === 0 && performance.now() > deadline) {
        throw new Error(`measureCoreLatency: the other thread did not answer within ${slots[2]!} ms`);
      }
    }
  };
  return {
    runPhase(_phase: number, t: number): void {
      const rounds = slots[1]!;
      const started = performance.now();
      const deadline = started + slots[2]!;
      for (let i = 0; i < rounds; i++) {
        if (t === 0) {
          Atomics.store(slots, 0, 2 * i + 1);
          spinUntil(2 * i + 2, deadline);
        } else {
          spinUntil(2 * i + 1, deadline);
          Atomics.store(slots, 0, 2 * i + 2);
        }
      }
      if (t === 0) elapsed[0] = performance.now() - started;
    },
  };
}

/**
 * Measures how long a value written by one thread takes to be seen by another: a value bounces between the
 * caller's thread and a worker's through shared memory (`Atomics`), `roundTrips` times per sample, and the
 * one-way latency is half a round trip. On a virtual machine it tells how far apart the host placed the two
 * vCPUs, which sets how much data written by one thread and read by the other costs: on the 2-vCPU machine of
 * this project's benchmarks it was 75-90 ns most of the time and 165-195 ns in episodes of minutes, in which the
 * parallel SAE step's update ran up to 3.5x slower. Needs `SharedArrayBuffer` (in a browser, a cross-origin
 * isolated page); on a single core it measures the scheduler, not the caches. The benchmarks print it beside
 * their timings.
 *
 * @example
 * ```ts
 * import { measureCoreLatency } from '@interp/kernels';
 * const { oneWayNs } = await measureCoreLatency({ samples: 3 });
 * console.log(`core-to-core latency ${oneWayNs.toFixed(0)} ns one way`);
 * ```
 */
export async function measureCoreLatency(options: MeasureCoreLatencyOptions = {}): Promise<CoreLatency> {
  checkKnownKeys(options, 'measureCoreLatency: options', ['samples', 'roundTrips', 'timeoutMs']);
  const samples = checkInteger(options.samples ?? 5, 'measureCoreLatency: options.samples', { min: 1, max: 1000 });
  const roundTrips = checkInteger(options.roundTrips ?? 20_000, 'measureCoreLatency: options.roundTrips', { min: 1, max: 10_000_000 });
  const timeoutMs = checkNumber(options.timeoutMs ?? 10_000, 'measureCoreLatency: options.timeoutMs', { min: 0, exclusiveMin: true, max: 600_000 });
  if (typeof SharedArrayBuffer !== 'function') {
    throw new Error('measureCoreLatency needs SharedArrayBuffer (in a browser: a cross-origin isolated page)');
  }
  const init: PingPongInit = {
    memory: new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }),
    control: new Int32Array(new SharedArrayBuffer(64)),
    errorText: new Uint8Array(new SharedArrayBuffer(1024)),
    threads: 2,
    slots: new Int32Array(new SharedArrayBuffer(16)),
    elapsed: new Float64Array(new SharedArrayBuffer(8)),
  };
  init.slots[1] = roundTrips;
  init.slots[2] = Math.ceil(timeoutMs);
  const pool = await createThreadPool(init, createPingPongPhases, 'measureCoreLatency');
  try {
    const samplesNs: number[] = [];
    for (let s = 0; s < samples; s++) {
      Atomics.store(init.slots, 0, 0);
      await pool.run(1);
      samplesNs.push((init.elapsed[0]! * 1e6) / (2 * roundTrips));
    }
    return { oneWayNs: Math.min(...samplesNs), samplesNs, roundTrips };
  } finally {
    pool.dispose();
  }
}
