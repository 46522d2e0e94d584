/** Node's `setImmediate` where the global scope has one (not in browsers). */
const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;

/**
 * Resolves after the event loop has had a turn, so that a long loop lets I/O, timers, messages and abort signals
 * through: with `setImmediate` where there is one (Node), which waits for no timer, else with `setTimeout(0)`.
 * In Node `setTimeout(0)` waits at least 1 ms, and a reference run's SAE loop (a yield every 100 ms) spent 0.1-0.3 s
 * idle in them; browsers clamp nested zero timeouts to 4 ms (a page or worker that runs nothing else can lift the
 * clamp by replacing `setTimeout`, as the lab's training worker does).
 *
 * @example
 * ```ts
 * import { yieldToEventLoop } from '@interp/core';
 * let lastYield = performance.now();
 * for (const batch of batches) {
 *   step(batch);
 *   if (performance.now() - lastYield > 100) {
 *     await yieldToEventLoop();
 *     lastYield = performance.now();
 *   }
 * }
 * ```
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}
