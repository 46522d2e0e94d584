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
    } finally {
      pool.dispose();
    }
  });

  it('rejects a thread count outside [1, threads], naming the parameter', async () => {
    const init = makeInit(2);
    const pool = await createThreadPool(init, countingPhases, 'test');
    try {
      expect(() => pool.run(1, 0)).toThrow(/ThreadPool.run: threads must be an integer in \[1, 2\], got 0/);
      expect(() => pool.run(1, 3)).toThrow(/ThreadPool.run: threads must be an integer in \[1, 2\], got 3/);
    } finally {
      pool.dispose();
    }
  });
});
