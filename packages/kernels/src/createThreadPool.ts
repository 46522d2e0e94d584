import { checkInteger, checkKnownKeys, checkNumber } from '@interp/core';
import { buildGemmModule } from './buildGemmModule';
import { simdModule } from './createKernels';
import { buildMatMulModule } from './buildMatMulModule';
import { nodeBuiltin } from './nodeBuiltin';
import { CONTROL, STOP_PHASE, runThreadLoop } from './runThreadLoop';

type WorkerLike = {
  postMessage(message: unknown): void;
  terminate(): unknown;
};

interface NodeWorkerModule {
  Worker: new (source: string, options: { eval: boolean }) => WorkerLike & {
    on(event: string, listener: (value: unknown) => void): void;
    unref(): void;
  };
}

/**
 * What a {@link createThreadPool} needs besides the caller's own data: the shared memory, a control block and
 * a buffer for the first worker error. The whole object is posted to every worker (structured clone), so
 * everything in it must be numbers, plain objects, typed arrays on `SharedArrayBuffer`s or wasm memories/modules.
 *
 * @example
 * ```ts
 * const init: ThreadPoolInit = {
 *   memory: new WebAssembly.Memory({ initial: 16, maximum: 16, shared: true }),
 *   control: new Int32Array(new SharedArrayBuffer(64)),
 *   errorText: new Uint8Array(new SharedArrayBuffer(1024)),
 *   threads: 2,
 * };
 * ```
 */
export interface ThreadPoolInit {
  /** The heap every thread works on (a shared memory for more than one thread). */
  memory: WebAssembly.Memory;
  /** At least 4 Int32 slots ({@link CONTROL}), on a `SharedArrayBuffer` for more than one thread. */
  control: Int32Array;
  /** UTF-8 text of the first error a worker hit (zero-terminated), on a `SharedArrayBuffer`. */
  errorText: Uint8Array;
  /** Threads, the caller's included (>= 1). */
  threads: number;
}

/**
 * The compiled kernel modules the pool hands every thread, on the pool's memory kind: the vector kernels of
 * {@link createKernels} (`axpy`, `dot`, `adam`, ...), the feature-block gemm of {@link buildGemmModule}, and the
 * strided matMul, Adam and step-mask kernels of {@link buildMatMulModule}.
 *
 * @example
 * ```ts
 * const phases = (init: ThreadPoolInit & ThreadModules) => {
 *   const { matMul } = new WebAssembly.Instance(init.matMulModule, { env: { memory: init.memory } }).exports;
 *   return { runPhase: (phase: number, thread: number) => {} };
 * };
 * ```
 */
export interface ThreadModules {
  kernelModule: WebAssembly.Module;
  gemmModule: WebAssembly.Module;
  matMulModule: WebAssembly.Module;
}

/**
 * One thread's work: `runPhase(phase, thread, threads)` does thread `thread`'s share of `phase` when `threads`
 * threads (numbered from 0, the caller being 0) run it: the pool's count, or fewer for
 * {@link ThreadPool.run}`(phase, threads)`. Phases that always split by the pool's own count may ignore `threads`.
 *
 * @example
 * ```ts
 * const phases: ThreadPhases = {
 *   runPhase: (phase, thread, threads) => {
 *     const rows = 256, per = Math.ceil(rows / threads);
 *     work(phase, thread * per, Math.min(rows, (thread + 1) * per));
 *   },
 * };
 * ```
 */
export interface ThreadPhases {
  runPhase(phase: number, thread: number, threads: number): void;
}

/**
 * Builds a thread's {@link ThreadPhases}. Worker threads run its source text (`toString()`), so the function must be
 * self-contained: no imports, no module-level names, only globals (`Math`, `Atomics`, `WebAssembly`, typed arrays).
 *
 * @example
 * ```ts
 * const createPhases: CreateThreadPhases<MyInit> = (init) => ({ runPhase: (phase, t) => work(init, phase, t) });
 * ```
 */
export type CreateThreadPhases<I extends ThreadPoolInit> = (init: I & ThreadModules) => ThreadPhases;

/**
 * A pool of worker threads on one shared heap, with the caller as thread 0.
 *
 * @example
 * ```ts
 * const pool: ThreadPool = await createThreadPool(init, createPhases);
 * await pool.run(1); // every thread does its share of phase 1
 * pool.dispose();
 * ```
 */
export interface ThreadPool {
  readonly threads: number;
  /**
   * Runs a phase on every thread (the caller's share too) and returns once all are done. With `threads`
   * (1 to the pool's count), only threads `0 .. threads - 1` run it (the others stay idle, and are not waited
   * for), each told the count, so a pool can shrink to fewer threads, e.g. on a loaded machine; with 1 the
   * caller runs the phase alone without touching the workers.
   *
   * Where the caller can block (Node's main thread, a worker), it waits for the workers in `Atomics.wait` and
   * returns `undefined`; a phase still running after 100 ms is awaited asynchronously instead (the returned
   * promise), so that the event loop can report a worker that died. Where it cannot block (a page's main
   * thread), the result is a promise once the workers take more than ~2 ms. Always `await` the result, one run
   * at a time: a run started before the previous one settled throws.
   *
   * `phase` is a 32-bit integer other than {@link STOP_PHASE}. Throws (or rejects) naming the pool's label, the
   * phase and the thread when a worker reports an error, when a worker exits or dies (Node `exit`/`error`, a Web Worker's `error` event), or when the phase overruns
   * {@link ThreadPoolOptions.phaseTimeoutMs}. Every later run then throws, naming the first failure (a dead worker
   * or a timeout also terminates the pool's workers). An error thrown by the caller's own share is rethrown once the workers have finished.
   */
  run(phase: number, threads?: number): void | Promise<void>;
  /** Stops and terminates the workers (a run still waiting for them rejects). */
  dispose(): void;
}

/**
 * Options of {@link createThreadPool}.
 *
 * @example
 * ```ts
 * import { createThreadPool, type ThreadPoolOptions } from '@interp/kernels';
 * const options: ThreadPoolOptions = { phaseTimeoutMs: 60_000 }; // no phase of this job takes a minute
 * const pool = await createThreadPool(init, createPhases, 'parallel SAE step', options);
 * ```
 */
export interface ThreadPoolOptions {
  /**
   * Milliseconds a phase may take, from its start until every worker is done, in (0, 2147483647]. A phase
   * still running then fails with an error naming the workers still in it, and the pool's workers are
   * terminated. Without it (the default), a run waits as long as the workers live: a worker that exits or
   * dies is reported by its `exit`/`error` event, but one whose phase code never returns (an endless loop) or
   * a Web Worker that closed itself (browsers report no exit) is only caught by a timeout.
   */
  phaseTimeoutMs?: number;
}

function workerSource(createPhases: (init: never) => ThreadPhases): string {
  return `"use strict";
const createPhases = ${createPhases.toString()};
const runThreadLoop = ${runThreadLoop.toString()};
const start = (init, post) => {
  // the generation the worker starts from: read before it reports ready, so no command is missed
  const generation = Atomics.load(init.control, 0);
  const { poolRunning, ...own } = init;
  const phases = createPhases(own);
  post({ ready: true });
  runThreadLoop(init.control, init.errorText, init.thread, phases, generation, poolRunning, init.threads);
};
if (typeof importScripts === 'function') {
  self.onmessage = (e) => start(e.data, (m) => self.postMessage(m));
} else {
  const { parentPort } = require('node:worker_threads');
  parentPort.once('message', (init) => start(init, (m) => parentPort.postMessage(m)));
}
`;
}

const gemmModules: (WebAssembly.Module | undefined)[] = [undefined, undefined];
const matMulModules: (WebAssembly.Module | undefined)[] = [undefined, undefined];

function gemmModule(shared: boolean): WebAssembly.Module {
  const slot = shared ? 1 : 0;
  return (gemmModules[slot] ??= new WebAssembly.Module(buildGemmModule(shared)));
}

function matMulModule(shared: boolean): WebAssembly.Module {
  const slot = shared ? 1 : 0;
  return (matMulModules[slot] ??= new WebAssembly.Module(buildMatMulModule(shared)));
}

function canBlock(control: Int32Array): boolean {
  try {
    Atomics.wait(control, 15, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** How long a blocking caller waits for the workers in `Atomics.wait` before it waits asynchronously (ms). */
const SYNC_WAIT_MS = 100;
/** The longest asynchronous wait between checks (ms; a timer keeps Node's event loop alive meanwhile). */
const ASYNC_SLICE_MS = 1000;
/** The polling interval where there is no `Atomics.waitAsync` (ms). */
const POLL_MS = 4;

type WaitAsync = (a: Int32Array, i: number, v: number, timeout?: number) => { async: boolean; value: Promise<string> | string };

function describeError(e: unknown): string {
  const value = e as { message?: unknown } | null | undefined;
  try {
    return String(value !== null && typeof value === 'object' && 'message' in value ? value.message : e);
  } catch {
    return 'an error that cannot be converted to a string';
  }
}

/**
 * Starts `threads - 1` workers (none for one thread, which needs no shared memory) (Node `worker_threads`, or
 * Web Workers from a blob URL) on the shared memory in `init`, each running `createPhases(init)`; the caller is
 * thread 0 and takes its share of every phase. Resolves once every worker is ready. `label` names the work in
 * errors (`parallel SAE step failed in a worker ...`). A worker that dies fails the run in flight (or the next
 * one) instead of leaving it waiting; see {@link ThreadPool.run} and {@link ThreadPoolOptions.phaseTimeoutMs}.
 *
 * @throws RangeError when `options` has an unknown key or `phaseTimeoutMs` is out of range; Error when SIMD is
 * unavailable or a worker fails or exits before it is ready.
 * @example
 * ```ts
 * import { createThreadPool } from '@interp/kernels';
 * const pool = await createThreadPool(init, createPhases, 'parallel MLP step'); // init.threads = 2
 * await pool.run(1);
 * pool.dispose();
 * ```
 */
export async function createThreadPool<I extends ThreadPoolInit>(
  init: I,
  createPhases: CreateThreadPhases<I>,
  label = 'parallel step',
  options: ThreadPoolOptions = {},
): Promise<ThreadPool> {
  checkKnownKeys(options, 'createThreadPool: options', ['phaseTimeoutMs']);
  const timeoutMs =
    options.phaseTimeoutMs === undefined
      ? undefined
      : checkNumber(options.phaseTimeoutMs, 'createThreadPool: options.phaseTimeoutMs', { min: 0, exclusiveMin: true, max: 2_147_483_647 });
  const shared = typeof SharedArrayBuffer === 'function' && init.memory.buffer instanceof SharedArrayBuffer;
  const kernelModule = simdModule(shared);
  if (!kernelModule) throw new Error(`createThreadPool: WebAssembly SIMD${shared ? ' with shared memory' : ''} is unavailable`);
  const full: I & ThreadModules = { ...init, kernelModule, gemmModule: gemmModule(shared), matMulModule: matMulModule(shared) };
  const { control, threads } = full;
  const main = createPhases(full);
  const workers: WorkerLike[] = [];
  // slot 0: how many threads run the current phase (published with it); slot t: the generation of the last
  // phase worker t finished (see runThreadLoop)
  const running = new Int32Array(threads > 1 ? new SharedArrayBuffer(4 * threads) : new ArrayBuffer(4));
  const source = threads > 1 ? workerSource(createPhases as (init: never) => ThreadPhases) : '';
  const nodeWorkers = nodeBuiltin<NodeWorkerModule>('node:worker_threads');

  // why the pool can no longer run phases (a worker died, a phase overran the timeout, it was disposed mid-phase)
  let failure: string | undefined;
  let disposed = false;
  let started = false;
  let inFlight: number | undefined; // the phase a run is waiting for
  let lastPhase: number | undefined;
  let wake: (() => void) | undefined; // ends the current asynchronous wait early
  const rejectStart: ((e: Error) => void)[] = [];
  const stopWorkers = (): void => {
    for (const w of workers) void w.terminate();
  };
  /** A worker exited or died (`how`: "exited with code 1", "died: out of memory", ...). */
  const onWorkerGone = (t: number, how: string): void => {
    if (!started) {
      rejectStart[t]?.(new Error(`createThreadPool: worker ${t} ${how} before it was ready`));
      return;
    }
    if (failure !== undefined || disposed) return; // terminated by the pool itself
    const when =
      inFlight !== undefined ? `during phase ${inFlight}` : lastPhase !== undefined ? `after phase ${lastPhase}` : 'before the first phase';
    failure = `worker ${t} ${how} ${when} (the pool's workers were terminated)`;
    stopWorkers();
    wake?.();
  };

  let blobUrl: string | undefined;
  const ready: Promise<void>[] = [];
  try {
    for (let t = 1; t < threads; t++) {
      ready.push(
        new Promise<void>((resolve, reject) => {
          rejectStart[t] = reject;
          if (nodeWorkers) {
            const w = new nodeWorkers.Worker(source, { eval: true });
            w.unref();
            workers.push(w);
            w.on('message', () => resolve());
            w.on('error', (e) => {
              if (!started) reject(new Error(`createThreadPool: worker ${t} failed to start: ${String(e)}`));
              else onWorkerGone(t, `died: ${describeError(e)}`);
            });
            w.on('exit', (code) => onWorkerGone(t, `exited with code ${String(code)}`));
          } else {
            blobUrl ??= URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
            const W = (globalThis as unknown as {
              Worker: new (url: string) => WorkerLike & { onmessage: unknown; onerror: unknown };
            }).Worker;
            const w = new W(blobUrl);
            workers.push(w);
            w.onmessage = () => resolve();
            w.onerror = (e: { message?: string }) => {
              if (!started) reject(new Error(`createThreadPool: worker ${t} failed to start: ${e.message ?? 'error'}`));
              else onWorkerGone(t, `died: ${e.message ?? 'error'}`);
            };
          }
        }),
      );
      workers[workers.length - 1]!.postMessage({ ...full, thread: t, poolRunning: running });
    }
    await Promise.all(ready);
    started = true;
  } catch (e) {
    disposed = true;
    stopWorkers();
    throw e;
  } finally {
    if (blobUrl) URL.revokeObjectURL(blobUrl);
  }
  const blocking = canBlock(control);
  const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
  const check = (phase: number): void => {
    const failed = Atomics.load(control, CONTROL.error);
    if (failed !== 0) {
      const end = full.errorText.indexOf(0);
      const text = new TextDecoder().decode(full.errorText.slice(0, end < 0 ? undefined : end));
      // the phase's results are incomplete, and the error slot keeps the first error: later runs say so
      failure ??= `a worker failed in phase ${phase}: ${text}`;
      throw new Error(`${label} failed in a worker (phase ${phase}): ${text}`);
    }
  };
  const spinUntilDone = (others: number): void => {
    const until = performance.now() + 2;
    for (let n = 1; Atomics.load(control, CONTROL.done) !== others; n++) {
      if ((n & 1023) === 0 && performance.now() > until) return;
    }
  };
  /** Publishes a phase for `count` threads (a seqlock on the generation; see runThreadLoop), wakes the workers, returns the generation. */
  const publish = (phase: number, count: number): number => {
    Atomics.add(control, CONTROL.generation, 1);
    Atomics.store(control, CONTROL.phase, phase);
    Atomics.store(running, 0, count);
    const generation = Atomics.add(control, CONTROL.generation, 1) + 1;
    Atomics.notify(control, CONTROL.generation);
    return generation;
  };
  /** Resolves when the done count moves from `seen`, a worker dies, or after `ms`. */
  const nextWake = (seen: number, ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const end = (): void => {
        clearTimeout(timer);
        if (wake === end) wake = undefined; // (a late waitAsync of an earlier wait must not clear a newer one)
        resolve();
      };
      wake = end;
      timer = setTimeout(end, waitAsync ? ms : Math.min(ms, POLL_MS));
      if (waitAsync) {
        const r = waitAsync(control, CONTROL.done, seen, ms);
        if (r.async) void (r.value as Promise<string>).then(end);
        else end();
      }
    });
  /** Waits for `others` workers asynchronously (the event loop runs: worker deaths are seen), checking the timeout. */
  const waitForWorkers = async (phase: number, others: number, generation: number, startedAt: number): Promise<void> => {
    for (;;) {
      if (failure !== undefined) throw new Error(`${label} failed: ${failure}`);
      const seen = Atomics.load(control, CONTROL.done);
      if (seen === others) return;
      const elapsed = performance.now() - startedAt;
      if (timeoutMs !== undefined && elapsed >= timeoutMs) {
        const late: number[] = [];
        for (let t = 1; t <= others; t++) if (Atomics.load(running, t) !== generation) late.push(t);
        failure = `phase ${phase} did not finish within options.phaseTimeoutMs = ${timeoutMs} ms (still running: worker ${late.join(', ')}; the pool's workers were terminated)`;
        stopWorkers();
        continue;
      }
      await nextWake(seen, Math.max(1, Math.min(ASYNC_SLICE_MS, timeoutMs === undefined ? Infinity : timeoutMs - elapsed)));
    }
  };
  const syncBudget = Math.min(SYNC_WAIT_MS, timeoutMs ?? Infinity);
  return {
    threads,
    run(phase, count = threads) {
      if (disposed) throw new Error('createThreadPool: the pool was disposed');
      if (inFlight !== undefined) {
        throw new Error(`${label}: run(${phase}) was called while phase ${inFlight} is still running (await each run before the next)`);
      }
      if (failure !== undefined) throw new Error(`${label} cannot run phase ${phase}: ${failure}`);
      if (count !== threads) checkInteger(count, 'ThreadPool.run: threads', { min: 1, max: threads });
      // the phase travels in an Int32Array slot, and STOP_PHASE would end the worker loops
      if ((phase | 0) !== phase || phase === STOP_PHASE) {
        throw new RangeError(`ThreadPool.run: phase must be a 32-bit integer other than STOP_PHASE (-1), got ${String(phase)}`);
      }
      lastPhase = phase;
      if (count === 1) {
        main.runPhase(phase, 0, 1);
        return;
      }
      const others = count - 1;
      Atomics.store(control, CONTROL.done, 0);
      const generation = publish(phase, count);
      const startedAt = performance.now();
      inFlight = phase;
      let mainError: { error: unknown } | undefined;
      try {
        main.runPhase(phase, 0, count);
      } catch (error) {
        mainError = { error }; // rethrown once the workers are done: the next phase must not overlap this one
      }
      const finish = (): void => {
        inFlight = undefined;
        if (mainError) throw mainError.error;
        check(phase);
      };
      // spin for up to ~2 ms first: the other threads usually finish their share within that
      spinUntilDone(others);
      if (blocking || !waitAsync) {
        // wait here (spin where the caller cannot block) for up to SYNC_WAIT_MS: the usual case, at today's latency
        for (;;) {
          const seen = Atomics.load(control, CONTROL.done);
          if (seen === others) return finish();
          const left = syncBudget - (performance.now() - startedAt);
          if (left <= 0) break;
          if (blocking) Atomics.wait(control, CONTROL.done, seen, left);
        }
      }
      // a long phase (or a page's main thread): wait asynchronously, so that the event loop can deliver a worker's exit
      return waitForWorkers(phase, others, generation, startedAt).then(finish, (e: unknown) => {
        inFlight = undefined;
        throw e;
      });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (inFlight !== undefined) {
        failure ??= `the pool was disposed during phase ${inFlight}`;
        wake?.();
      }
      if (threads > 1) publish(STOP_PHASE, threads);
      stopWorkers();
    },
  };
}
