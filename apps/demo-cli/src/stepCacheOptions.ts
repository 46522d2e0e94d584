import type { PipelineContext } from './pipelineContext';
import type { CachedStepOptions } from './runCachedStep';

/**
 * The parts of {@link CachedStepOptions} every step takes from the context: the folder, `--force`,
 * where stale-artifact notices go, and the clock of its record.
 *
 * @example
 * ```ts
 * await runCachedStep({ ...stepCacheOptions(ctx), step: 'probe', key, run });
 * ```
 */
export function stepCacheOptions(ctx: PipelineContext): Pick<CachedStepOptions<unknown>, 'out' | 'force' | 'onStale' | 'now'> {
  return { out: ctx.out, force: ctx.force, onStale: (reason) => ctx.log.warn(reason), now: ctx.now };
}

/**
 * Lets pending events (Ctrl-C) run, then throws if the step was cancelled. Call it between the
 * synchronous stages of a step.
 *
 * @example
 * ```ts
 * await checkCancelled(ctx.signal);
 * ```
 */
export async function checkCancelled(signal: AbortSignal | undefined): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  signal?.throwIfAborted();
}
