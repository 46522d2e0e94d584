import { buildGemmModule, buildMatMulModule, simdModule } from '@interp/kernels';
import { describe, expect, it } from 'vitest';
import { createSharedSparseBuffers, createThreadKernels, PARAMS, THREAD_PHASES } from './createThreadKernels';
import { createTrainingState } from './createTrainingState';

/** Thread kernels of a 2-thread pool on a small shared heap, called directly (no workers): 16 rows, 2 blocks of 8. */
function twoThreadKernels(stallMs: number) {
  const [d, S, B, k] = [8, 16, 16, 2];
  const state = createTrainingState(d, S, B, 'auto', true);
  const sab = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(Math.max(8, bytes));
  const sparse = createSharedSparseBuffers(B, k, 1, S, true);
  const params = new Float64Array(sab(8 * 16));
  params[PARAMS.rows] = B;
  params[PARAMS.k] = k;
  params[PARAMS.stallMs] = stallMs;
  const kernels = createThreadKernels({
    memory: state.kernels.memory!,
    control: new Int32Array(sab(64)),
    errorText: new Uint8Array(sab(256)),
    threads: 2,
    params,
    sparse,
    layout: state.layout,
    dIn: d,
    dSae: S,
    busy: new Float64Array(sab(8 * 16 * 2)),
    featureBounds: new Int32Array([0, 8, 16]),
    kernelModule: simdModule(true)!,
    gemmModule: new WebAssembly.Module(buildGemmModule(true)),
    matMulModule: new WebAssembly.Module(buildMatMulModule(true)),
  });
  return { kernels, progress: sparse.decodeProgress };
}

describe('the chained decoding of the parallel TopK step', () => {
  it('stops waiting, without an error of its own, once another thread has failed (the pool reports that one)', () => {
    const { kernels, progress } = twoThreadKernels(60_000);
    progress[progress.length - 1] = 1; // thread 0 failed mid-chain
    const started = performance.now();
    expect(() => kernels.runPhase(THREAD_PHASES.selectAndDecode, 1, 2)).not.toThrow();
    expect(performance.now() - started).toBeLessThan(10_000);
    // thread 1 selected its rows (block 1), and nothing passed the failed thread 0 (block 0)
    expect([progress[0], progress[1]]).toEqual([0, 1]);
  });

  it('throws after params.stallMs when the thread before it stops, naming the wait and the rows', () => {
    const { kernels, progress } = twoThreadKernels(30);
    expect(() => kernels.runPhase(THREAD_PHASES.selectAndDecode, 1, 2)).toThrow(
      /chained decoding waited 30 ms for rows 0 to 7 from the thread before \(it stopped\)/,
    );
    // the failing thread raised the failure flag, so that any thread waiting for it stops
    expect(progress[progress.length - 1]).toBe(1);
  });

});
