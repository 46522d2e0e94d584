/**
 * The error a cancelled operation rejects with: the signal's `reason` when it is an Error (as
 * `AbortController.abort()` sets a `DOMException` named `AbortError`), else an Error named
 * `AbortError` whose message says what was aborted and why.
 *
 * @param what - The operation, for the message (`'trainSae'`).
 * @example
 * ```ts
 * import { createAbortError } from '@interp/core';
 * const controller = new AbortController();
 * controller.abort('user pressed Ctrl+C');
 * createAbortError(controller.signal, 'trainSae').message; // 'trainSae: aborted (user pressed Ctrl+C)'
 * ```
 */
export function createAbortError(signal: AbortSignal, what: string): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(`${what}: aborted${reason === undefined ? '' : ` (${String(reason)})`}`);
  err.name = 'AbortError';
  return err;
}

/**
 * Throws {@link createAbortError} when `signal` is aborted; does nothing without a signal. Call it
 * between units of work (an epoch, a batch) so cancellation is prompt.
 *
 * @example
 * ```ts
 * import { throwIfAborted } from '@interp/core';
 * for (let epoch = 0; epoch < epochs; epoch++) {
 *   throwIfAborted(options.signal, 'trainMlp');
 *   // ... one epoch ...
 * }
 * ```
 * @throws The abort error when the signal is aborted.
 */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw createAbortError(signal, what);
}

/**
 * Whether `error` is a cancellation (an Error or DOMException named `AbortError`), so callers can
 * tell "stopped on request" from a failure.
 *
 * @example
 * ```ts
 * import { isAbortError } from '@interp/core';
 * try { await run(signal); } catch (e) { if (!isAbortError(e)) throw e; }
 * ```
 */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
