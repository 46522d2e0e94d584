import { checkInteger } from '@interp/core';
import { buildGemmModule } from './buildGemmModule';
import { simdModule } from './createKernels';
import { CONTROL, createThreadKernels, THREAD_PHASES, type ThreadInit, type ThreadKernels } from './createThreadKernels';

/**
 * How many threads can run, and why not more.
 *
 * @example
 * ```ts
 * import { resolveThreads, type ThreadSupport } from '@interp/sae';
 * const t: ThreadSupport = resolveThreads(8);
 * console.log(`${t.threads} of ${t.cores} cores${t.note ? ` (${t.note})` : ''}`);
 * ```
 */
export interface ThreadSupport {
  /** Threads that will run (>= 1). */
  threads: number;
  /** Cores the platform reports (`os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in browsers). */
  cores: number;
  /** Why the thread count is 1 although more were asked for (no `SharedArrayBuffer`, not cross-origin isolated, ...). */
  note?: string;
}

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

function nodeBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(id) as T | undefined;
}

/**
 * The number of cores the platform reports (1 when unknown).
 *
 * @example
 * ```ts
 * import { countCores, trainSae } from '@interp/sae';
 * await trainSae(acts, { threads: Math.max(1, countCores() - 1) }); // leave one core to the page
 * ```
 */
export function countCores(): number {
  const os = nodeBuiltin<{ availableParallelism?: () => number; cpus(): unknown[] }>('node:os');
  if (os) return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

/**
 * Resolves a `threads` option: `undefined` means all cores. More than one thread needs
 * `SharedArrayBuffer` (in browsers: a cross-origin isolated page, i.e. served with
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`),
 * workers and WebAssembly SIMD; without them the answer is 1 thread, with a note saying why.
 *
 * @example
 * ```ts
 * const { threads, note } = resolveThreads(undefined);
 * console.log(`${threads} thread(s)${note ? ` (${note})` : ''}`);
 * ```
 */
export function resolveThreads(requested: number | undefined, where = 'threads'): ThreadSupport {
  if (requested !== undefined) checkInteger(requested, where, { min: 1, max: 256 });
  const cores = countCores();
  const want = requested ?? cores;
  if (want === 1) return { threads: 1, cores };
  const g = globalThis as { SharedArrayBuffer?: unknown; crossOriginIsolated?: boolean; Worker?: unknown; Atomics?: unknown };
  let note: string | undefined;
  if (g.crossOriginIsolated === false || typeof g.SharedArrayBuffer !== 'function') {
    note = 'SharedArrayBuffer is unavailable (the page is not cross-origin isolated: serve it with COOP same-origin and COEP require-corp); running on 1 thread';
  } else if (typeof g.Atomics !== 'object') {
    note = 'Atomics is unavailable; running on 1 thread';
  } else if (!nodeBuiltin('node:worker_threads') && typeof g.Worker !== 'function') {
    note = 'this platform has no worker threads; running on 1 thread';
  } else if (!simdModule(true)) {
    note = 'WebAssembly SIMD with shared memory is unavailable; running on 1 thread';
  }
  return note ? { threads: 1, cores, note } : { threads: want, cores };
}

/** A pool of worker threads running {@link createThreadKernels} on one shared heap, with the caller as thread 0. */
export interface ThreadPool {
  readonly threads: number;
  /** Runs a phase on every thread (the caller's share too) and returns once all are done. */
  run(phase: number): void | Promise<void>;
  /** Stops and terminates the workers. */
  dispose(): void;
}

function workerSource(): string {
  return `"use strict";
const createThreadKernels = ${createThreadKernels.toString()};
const start = (init, post) => {
  const kernels = createThreadKernels(init);
  post({ ready: true });
  kernels.loop(init.thread);
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

function gemmModule(shared: boolean): WebAssembly.Module {
  const slot = shared ? 1 : 0;
  return (gemmModules[slot] ??= new WebAssembly.Module(buildGemmModule(shared)));
}

function canBlock(control: Int32Array): boolean {
  try {
    Atomics.wait(control, 15, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `threads - 1` workers (none for one thread, which needs no shared memory) (Node `worker_threads`, or Web Workers from a blob URL) on the shared
 * memory in `init`; the caller is thread 0 and takes its share of every phase. Resolves once every
 * worker is ready.
 *
 * @example
 * ```ts
 * const pool = await createThreadPool(init); // init.threads = 2
 * await pool.run(THREAD_PHASES.encode);
 * pool.dispose();
 * ```
 */
export async function createThreadPool(init: Omit<ThreadInit, 'kernelModule' | 'gemmModule'>): Promise<ThreadPool> {
  const shared = typeof SharedArrayBuffer === 'function' && init.memory.buffer instanceof SharedArrayBuffer;
  const kernelModule = simdModule(shared);
  if (!kernelModule) throw new Error(`createThreadPool: WebAssembly SIMD${shared ? ' with shared memory' : ''} is unavailable`);
  const full: ThreadInit = { ...init, kernelModule, gemmModule: gemmModule(shared) };
  const { control, threads } = full;
  const main: ThreadKernels = createThreadKernels(full);
  const workers: WorkerLike[] = [];
  const source = workerSource();
  const nodeWorkers = nodeBuiltin<NodeWorkerModule>('node:worker_threads');
  let blobUrl: string | undefined;
  const ready: Promise<void>[] = [];
  try {
    for (let t = 1; t < threads; t++) {
      if (nodeWorkers) {
        const w = new nodeWorkers.Worker(source, { eval: true });
        w.unref();
        workers.push(w);
        ready.push(
          new Promise<void>((resolve, reject) => {
            w.on('message', () => resolve());
            w.on('error', (e) => reject(new Error(`createThreadPool: worker ${t} failed to start: ${String(e)}`)));
          }),
        );
      } else {
        blobUrl ??= URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
        const W = (globalThis as unknown as { Worker: new (url: string) => WorkerLike & { onmessage: unknown; onerror: unknown } }).Worker;
        const w = new W(blobUrl);
        workers.push(w);
        ready.push(
          new Promise<void>((resolve, reject) => {
            w.onmessage = () => resolve();
            w.onerror = (e: { message?: string }) => reject(new Error(`createThreadPool: worker ${t} failed to start: ${e.message ?? 'error'}`));
          }),
        );
      }
      workers[workers.length - 1]!.postMessage({ ...full, thread: t });
    }
    await Promise.all(ready);
  } catch (e) {
    for (const w of workers) void w.terminate();
    throw e;
  } finally {
    if (blobUrl) URL.revokeObjectURL(blobUrl);
  }
  const blocking = canBlock(control);
  const waitAsync = (Atomics as unknown as {
    waitAsync?: (a: Int32Array, i: number, v: number) => { async: boolean; value: Promise<string> | string };
  }).waitAsync;
  const others = threads - 1;
  const check = (phase: number): void => {
    const failed = Atomics.load(control, CONTROL.error);
    if (failed !== 0) {
      const end = full.errorText.indexOf(0);
      const text = new TextDecoder().decode(full.errorText.slice(0, end < 0 ? undefined : end));
      throw new Error(`parallel SAE step failed in a worker (phase ${phase}): ${text}`);
    }
  };
  const spinUntilDone = (): void => {
    const until = performance.now() + 2;
    for (let n = 1; Atomics.load(control, CONTROL.done) !== others; n++) {
      if ((n & 1023) === 0 && performance.now() > until) return;
    }
  };
  let disposed = false;
  return {
    threads,
    run(phase) {
      if (disposed) throw new Error('createThreadPool: the pool was disposed');
      if (threads === 1) {
        main.runPhase(phase, 0);
        return;
      }
      Atomics.store(control, CONTROL.done, 0);
      Atomics.store(control, CONTROL.phase, phase);
      Atomics.add(control, CONTROL.generation, 1);
      Atomics.notify(control, CONTROL.generation);
      main.runPhase(phase, 0);
      // spin for up to ~2 ms first: the other threads usually finish their share within that
      spinUntilDone();
      if (blocking || !waitAsync) {
        for (;;) {
          const v = Atomics.load(control, CONTROL.done);
          if (v === others) break;
          if (blocking) Atomics.wait(control, CONTROL.done, v);
        }
        check(phase);
        return;
      }
      return (async () => {
        for (;;) {
          const v = Atomics.load(control, CONTROL.done);
          if (v === others) break;
          const r = waitAsync(control, CONTROL.done, v);
          if (r.async) await r.value;
        }
        check(phase);
      })();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      Atomics.store(control, CONTROL.phase, THREAD_PHASES.stop);
      Atomics.add(control, CONTROL.generation, 1);
      Atomics.notify(control, CONTROL.generation);
      for (const w of workers) void w.terminate();
    },
  };
}
