/**
 * A Node built-in module by id (`'node:os'`, `'node:worker_threads'`) through `process.getBuiltinModule`, or
 * `undefined` in browsers (and on Node versions without it): no import, so the package stays browser-safe.
 *
 * @internal
 * @example
 * ```ts
 * const os = nodeBuiltin<{ availableParallelism(): number }>('node:os');
 * const cores = os ? os.availableParallelism() : navigator.hardwareConcurrency;
 * ```
 */
export function nodeBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(id) as T | undefined;
}
