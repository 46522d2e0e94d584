import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createRng } from '@interp/core';
import { createThreadPool, type ThreadPhases, type ThreadPoolInit } from './createThreadPool';

// phase 3 fails on the workers; every phase adds 1 to its thread's counter (slot 8 + thread) and records, in slot 16 + thread, the thread
// count it was told; phase 2 also records the phase's sequence number (slot 0, set by the caller) in slot 24 + thread
interface CountInit extends ThreadPoolInit {
  counts: Int32Array;
}
const countingPhases = (init: CountInit): ThreadPhases => ({
  runPhase(phase, thread, threads) {
    if (phase === 3 && thread > 0) throw new Error(`no phase 3 on thread ${thread}`);
    Atomics.add(init.counts, 8 + thread, 1);
    Atomics.store(init.counts, 16 + thread, threads);
    if (phase === 2) Atomics.store(init.counts, 24 + thread, Atomics.load(init.counts, 0));
  },
});

// faults on thread 1 (other threads count as above): phase 4 never returns (ticking slot 30); phase 5 exits
// (process.exit(3)); phase 6 reports itself done, then exits (code 0: the worker dies between phases); phase 7
// throws on the caller (thread 0) while thread 1 naps 50 ms; phase 8 naps 300 ms on every worker (a long phase);
// phase 9 throws a value that cannot be converted to a string
const faultyPhases = (init: CountInit): ThreadPhases => ({
  runPhase(phase, thread) {
    const nap = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    if (phase === 7 && thread === 0) throw new Error('the caller\'s share failed');
    if (phase === 7) nap(50);
    if (phase === 8 && thread > 0) nap(300);
    if (thread === 1) {
      if (phase === 4) for (;;) Atomics.add(init.counts, 30, 1);
      if (phase === 5) process.exit(3);
      if (phase === 6) {
        Atomics.add(init.control, 1, 1);
        Atomics.notify(init.control, 1);
        process.exit(0);
      }
      if (phase === 9) throw Object.create(null);
    }
    Atomics.add(init.counts, 8 + thread, 1);
  },
});

/**
 * A safety net for the tests of a dead worker: if the caller is still blocked in the pool's wait after `ms`
 * (the hang these tests guard against), a watchdog thread reports the phase done, so the test fails on its
 * expectations instead of blocking the test runner forever. Returns the watchdog's cancel function.
 */
function releaseAfter(control: Int32Array, others: number, ms: number): () => void {
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const source = `const { workerData: { control, cancel, others, ms } } = require('node:worker_threads');
if (Atomics.wait(cancel, 0, 0, ms) === 'timed-out') { Atomics.store(control, 1, others); Atomics.notify(control, 1); }`;
  new Worker(source, { eval: true, workerData: { control, cancel, others, ms } }).unref();
  return () => {
    Atomics.store(cancel, 0, 1);
    Atomics.notify(cancel, 0);
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function makeInit(threads: number): CountInit {
  return {
    memory: new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }),
    control: new Int32Array(new SharedArrayBuffer(64)),
    errorText: new Uint8Array(new SharedArrayBuffer(1024)),
    threads,
    counts: new Int32Array(new SharedArrayBuffer(4 * 32)),
  };
}

describe('createThreadPool', () => {
  it('run(phase, n) runs the phase on threads 0 .. n-1 exactly once each, telling them n, over random n', async () => {
    const init = makeInit(3);
    const pool = await createThreadPool(init, countingPhases, 'test');
    try {
      const rng = createRng(5);
      const expected = [0, 0, 0];
      for (let i = 1; i <= 600; i++) {
        const n = 1 + rng.nextInt(3);
        Atomics.store(init.counts, 0, i);
        await pool.run(i % 2 === 0 ? 2 : 1, n);
        for (let t = 0; t < n; t++) expected[t]!++;
        // the threads that ran this phase were told n and, in phase 2, saw this phase's number
        for (let t = 0; t < n; t++) {
          expect(Atomics.load(init.counts, 16 + t)).toBe(n);
          if (i % 2 === 0) expect(Atomics.load(init.counts, 24 + t)).toBe(i);
        }
      }
      await pool.run(1); // all threads by default
      for (let t = 0; t < 3; t++) expected[t]!++;
      expect(Array.from(init.counts.subarray(8, 11))).toEqual(expected);
      expect(Array.from(init.counts.subarray(16, 19))).toEqual([3, 3, 3]);
    } finally {
      pool.dispose();
    }
  });

  it('reports a worker error with the phase, also after phases on fewer threads', async () => {
    const init = makeInit(2);
    const pool = await createThreadPool(init, countingPhases, 'test step');
    try {
      await pool.run(1, 1);
      await expect(async () => pool.run(3)).rejects.toThrow('test step failed in a worker (phase 3): thread 1, phase 3: no phase 3 on thread 1');
      // later runs name the phase that failed (they used to report it as a failure of their own phase)
      expect(() => pool.run(1)).toThrow('test step cannot run phase 1: a worker failed in phase 3: thread 1, phase 3: no phase 3 on thread 1');
      expect(() => pool.run(1, 1)).toThrow('test step cannot run phase 1: a worker failed in phase 3');
    } finally {
      pool.dispose();
    }
  });

  it('rejects a thread count outside [1, threads] and a phase that is not a 32-bit integer or is STOP_PHASE, naming the parameter', async () => {
    const init = makeInit(2);
    const pool = await createThreadPool(init, countingPhases, 'test');
    try {
      expect(() => pool.run(1, 0)).toThrow(/ThreadPool.run: threads must be an integer in \[1, 2\], got 0/);
      expect(() => pool.run(1, 3)).toThrow(/ThreadPool.run: threads must be an integer in \[1, 2\], got 3/);
      for (const phase of [-1, 1.5, 2 ** 31, Number.NaN]) {
        expect(() => pool.run(phase)).toThrow(/^ThreadPool\.run: phase must be a 32-bit integer other than STOP_PHASE \(-1\), got /);
      }
      await pool.run(1); // the pool still runs (a STOP_PHASE would have ended the worker loops)
      expect(Array.from(init.counts.subarray(8, 10))).toEqual([1, 1]);
    } finally {
      pool.dispose();
    }
  });
});

describe('createThreadPool when a worker dies or stalls', () => {
  it('fails the run naming the label, the phase and the worker when a worker exits mid-phase (was a hang)', async () => {
    const init = makeInit(3);
    const pool = await createThreadPool(init, faultyPhases, 'test step');
    const cancel = releaseAfter(init.control, 2, 5000);
    try {
      await pool.run(1);
      await expect(async () => pool.run(5)).rejects.toThrow(
        "test step failed: worker 1 exited with code 3 during phase 5 (the pool's workers were terminated)",
      );
      // the pool is unusable from then on
      expect(() => pool.run(1)).toThrow('test step cannot run phase 1: worker 1 exited with code 3 during phase 5');
      expect(() => pool.run(1, 1)).toThrow('test step cannot run phase 1');
    } finally {
      cancel();
      pool.dispose();
    }
  }, 15_000);

  it('fails the next run when a worker died between phases', async () => {
    const init = makeInit(2);
    const pool = await createThreadPool(init, faultyPhases, 'test step');
    const cancel = releaseAfter(init.control, 1, 5000);
    try {
      await pool.run(6); // thread 1 reports done, then exits
      await sleep(300); // the exit event arrives while the caller is idle
      expect(() => pool.run(1)).toThrow('test step cannot run phase 1: worker 1 exited with code 0 after phase 6');
    } finally {
      cancel();
      pool.dispose();
    }
  }, 15_000);

  it('fails createThreadPool when a worker exits before it is ready (was a hang)', async () => {
    const init = makeInit(2);
    const exitOnWorker = (i: CountInit & { thread?: number }): ThreadPhases => {
      if (i.thread === 1) process.exit(2);
      return { runPhase() {} };
    };
    await expect(createThreadPool(init, exitOnWorker, 'test')).rejects.toThrow('createThreadPool: worker 1 exited with code 2 before it was ready');
  }, 15_000);

  it('options.phaseTimeoutMs fails a phase that never returns, naming the workers still in it, and stops them', async () => {
    const init = makeInit(3);
    const pool = await createThreadPool(init, faultyPhases, 'test step', { phaseTimeoutMs: 1000 });
    const cancel = releaseAfter(init.control, 2, 5000);
    try {
      await pool.run(1); // a short phase passes
      await pool.run(8); // so does a long one within the limit (300 ms naps)
      expect(Array.from(init.counts.subarray(8, 11))).toEqual([2, 2, 2]);
      await expect(async () => pool.run(4)).rejects.toThrow(
        "test step failed: phase 4 did not finish within options.phaseTimeoutMs = 1000 ms (still running: worker 1; the pool's workers were terminated)",
      );
      // worker 1 was terminated: its endless loop stopped ticking
      await sleep(100);
      const ticks = Atomics.load(init.counts, 30);
      expect(ticks).toBeGreaterThan(0);
      await sleep(200);
      expect(Atomics.load(init.counts, 30)).toBe(ticks);
    } finally {
      cancel();
      pool.dispose();
    }
  }, 15_000);

  it('rejects a phaseTimeoutMs outside (0, 2147483647] and unknown options, naming them', async () => {
    for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, '100']) {
      await expect(createThreadPool(makeInit(2), countingPhases, 'test', { phaseTimeoutMs: bad as number })).rejects.toThrow(
        /^createThreadPool: options\.phaseTimeoutMs must be a finite number in \(0, 2147483647\], got /,
      );
    }
    await expect(createThreadPool(makeInit(2), countingPhases, 'test', { timeout: 5 } as never)).rejects.toThrow(
      /^createThreadPool: options: unknown key "timeout"/,
    );
  });

  it("rethrows an error of the caller's share only once the workers are done, and the pool goes on", async () => {
    const init = makeInit(2);
    const pool = await createThreadPool(init, faultyPhases, 'test step');
    try {
      await expect(async () => pool.run(7)).rejects.toThrow("the caller's share failed");
      expect(Atomics.load(init.counts, 9)).toBe(1); // worker 1 finished its 50 ms share before the error surfaced
      await pool.run(1);
      expect(Array.from(init.counts.subarray(8, 10))).toEqual([1, 2]);
    } finally {
      pool.dispose();
    }
  }, 15_000);

  it('waits for a long phase asynchronously, refusing a second run meanwhile; dispose rejects a waiting run', async () => {
    const init = makeInit(2);
    const pool = await createThreadPool(init, faultyPhases, 'test step');
    try {
      const first = pool.run(8); // worker 1 naps 300 ms
      expect(() => pool.run(1)).toThrow('test step: run(1) was called while phase 8 is still running (await each run before the next)');
      await first;
      expect(Array.from(init.counts.subarray(8, 10))).toEqual([1, 1]);
      const second = pool.run(8);
      pool.dispose();
      await expect(async () => second).rejects.toThrow('test step failed: the pool was disposed during phase 8');
    } finally {
      pool.dispose();
    }
  }, 15_000);

  it('reports a thrown value that cannot be converted to a string instead of losing the worker (was a hang)', async () => {
    const init = makeInit(2);
    const pool = await createThreadPool(init, faultyPhases, 'test step');
    const cancel = releaseAfter(init.control, 1, 5000);
    try {
      await expect(async () => pool.run(9)).rejects.toThrow(
        'test step failed in a worker (phase 9): thread 1, phase 9: a value that cannot be converted to a string',
      );
    } finally {
      cancel();
      pool.dispose();
    }
  }, 15_000);
});
