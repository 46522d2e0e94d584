import type { ThreadPhases, ThreadPoolInit } from './createThreadPool';

/**
 * Slots of {@link ThreadPoolInit.control} that the pool uses (slots from 4 on are free for the caller).
 *
 * @example
 * ```ts
 * import { CONTROL } from '@interp/kernels';
 * const failedThread = Atomics.load(init.control, CONTROL.error) - 1; // -1: none
 * ```
 */
export const CONTROL = { generation: 0, done: 1, phase: 2, error: 3 } as const;

/**
 * The phase value that ends the worker loops (phases a pool runs are other integers).
 *
 * @example
 * ```ts
 * import { STOP_PHASE } from '@interp/kernels';
 * const PHASES = { forward: 1, update: 2 }; // anything but STOP_PHASE
 * console.assert(!Object.values(PHASES).includes(STOP_PHASE));
 * ```
 */
export const STOP_PHASE = -1;

/**
 * A worker's loop: waits for the next phase on the control block, runs its share, reports done (and the first
 * error). Self-contained (it runs from its source text in the workers).
 *
 * The caller publishes a phase as a seqlock: it makes the generation odd, writes the phase (and, in
 * `running[0]`, how many threads run it), then makes the generation even again; a worker takes the phase
 * only when it read the same even generation before and after it, so a worker that runs no share of one phase
 * (and is not waited for) can never mix that phase's generation with the next phase's values. After its share,
 * thread `t` stores the phase's generation in `running[t]` (so the caller can name the threads still in a phase).
 * Without `running`, every thread runs every phase.
 *
 * @internal
 * @example
 * ```ts
 * // what a worker of createThreadPool runs (from its source text), thread t of init.threads
 * runThreadLoop(init.control, init.errorText, t, createPhases(init), Atomics.load(init.control, CONTROL.generation), poolRunning, init.threads);
 * ```
 */
export function runThreadLoop(
  control: Int32Array,
  errorText: Uint8Array,
  t: number,
  phases: ThreadPhases,
  startGeneration: number,
  running?: Int32Array,
  threads = 0,
): void {
  let seen = startGeneration;
  for (;;) {
    // spin for up to ~2 ms before sleeping: the next phase usually follows within microseconds, and
    // waking a sleeping thread costs a scheduler round trip (about 1 ms per phase on a loaded machine)
    let gen = Atomics.load(control, 0);
    if (gen === seen) {
      const until = performance.now() + 2;
      for (let n = 1; gen === seen; n++) {
        gen = Atomics.load(control, 0);
        if ((n & 1023) === 0 && performance.now() > until) break;
      }
    }
    if (gen === seen) {
      Atomics.wait(control, 0, seen);
      continue;
    }
    if (running && (gen & 1) !== 0) continue; // being published
    const phase = Atomics.load(control, 2);
    const n = running ? Atomics.load(running, 0) : threads;
    if (running && Atomics.load(control, 0) !== gen) continue; // published again meanwhile: read anew
    seen = gen;
    if (phase === -1) return;
    if (running && t >= n) continue; // idle in this phase (the caller does not wait for this thread)
    try {
      phases.runPhase(phase, t, n);
    } catch (e) {
      if (Atomics.compareExchange(control, 3, 0, t + 1) === 0) {
        let what: string;
        try {
          what = String(e instanceof Error ? e.message : e);
        } catch {
          what = 'a value that cannot be converted to a string'; // e.g. Object.create(null): must not end the loop
        }
        const text = new TextEncoder().encode(`thread ${t}, phase ${phase}: ${what}`);
        const n = Math.min(text.length, errorText.length - 1);
        for (let i = 0; i < n; i++) errorText[i] = text[i]!;
        errorText[n] = 0;
      }
    }
    if (running) Atomics.store(running, t, gen); // this thread finished the phase of generation `gen`
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }
}
