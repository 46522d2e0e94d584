/**
 * The timer functions {@link installImmediateTimeouts} replaces (a worker's or a window's global scope).
 *
 * @example
 * ```ts
 * const scope: TimerScope = globalThis as unknown as TimerScope; // a Web Worker's global scope
 * installImmediateTimeouts(scope);
 * ```
 */
export interface TimerScope {
  setTimeout: (handler: (...args: never[]) => void, ms?: number, ...args: never[]) => unknown;
  clearTimeout: (id?: unknown) => void;
}

/**
 * Makes `setTimeout(fn)` and `setTimeout(fn, 0)` in `scope` run `fn` in the next task without the browsers'
 * 4 ms clamp, through a `MessageChannel`; other delays and `clearTimeout` of them keep their native behaviour.
 * Browsers clamp zero-delay timeouts nested five deep to 4 ms (HTML's timer rules, meant for pages that spin
 * on timers). The library's training loops yield with `setTimeout(resolve, 0)` (trainMlp every 25 steps and
 * every epoch, trainSae every 100 ms), which in the lab's training worker cost 4.3 ms per yield instead of
 * Node's 1.3 ms: 0.43 s of the quick preset's 2.4 s MLP step. The worker runs nothing else, so its zero
 * timeouts need no clamp. Returns a function that restores the native timers.
 *
 * @example
 * ```ts
 * // first thing in a Web Worker that runs long loops yielding with setTimeout(0)
 * const restore = installImmediateTimeouts(globalThis as unknown as TimerScope);
 * ```
 */
export function installImmediateTimeouts(scope: TimerScope): () => void {
  const nativeSet = scope.setTimeout;
  const nativeClear = scope.clearTimeout;
  const queue = new Map<number, () => void>();
  let nextId = 1;
  const channel = new MessageChannel();
  channel.port1.onmessage = (event: MessageEvent<number>) => {
    const run = queue.get(event.data);
    if (!run) return; // cleared
    queue.delete(event.data);
    run();
  };
  // immediate timeouts get negative ids: browsers' native ids are positive integers, so clearTimeout tells them apart
  scope.setTimeout = (handler: (...args: never[]) => void, ms?: number, ...args: never[]): unknown => {
    if (ms !== undefined && ms !== 0) return nativeSet(handler, ms, ...args);
    const id = nextId++;
    queue.set(id, () => handler(...args));
    channel.port2.postMessage(id);
    return -id;
  };
  scope.clearTimeout = (id?: unknown): void => {
    if (typeof id === 'number' && id < 0) queue.delete(-id);
    else nativeClear(id);
  };
  return () => {
    scope.setTimeout = nativeSet;
    scope.clearTimeout = nativeClear;
    channel.port1.close();
  };
}
