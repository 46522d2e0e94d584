/**
 * The worker's error as the page shows it. A lost WebGPU device surfaces from tfjs as a bare `mapAsync` failure; say
 * what happened and what to do (tfjs' WebGPU backend reads results back through a canvas, which needs the browser's
 * GPU compositing: a browser started with `--disable-gpu` on software WebGPU loses the device at the first large read).
 *
 * @example
 * ```ts
 * explainWorkerError(new Error('boom')); // 'boom'
 * ```
 */
export function explainWorkerError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/mapAsync|Instance reference no longer exists|device (was )?(lost|destroyed)/i.test(message)) {
    return `the WebGPU device was lost (${message}); choose the wasm backend, or run the browser with GPU compositing`;
  }
  return message;
}
