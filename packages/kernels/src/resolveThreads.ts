import { checkInteger } from '@interp/core';
import { simdModule } from './createKernels';
import { nodeBuiltin } from './nodeBuiltin';

/**
 * How many threads can run, and why not more.
 *
 * @example
 * ```ts
 * import { resolveThreads, type ThreadSupport } from '@interp/kernels';
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

/**
 * The number of cores the platform reports (1 when unknown).
 *
 * @example
 * ```ts
 * import { countCores } from '@interp/kernels';
 * const threads = Math.max(1, countCores() - 1); // leave one core to the page
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
 * import { resolveThreads } from '@interp/kernels';
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
