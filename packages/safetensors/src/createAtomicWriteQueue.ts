import type { AtomicFile } from '@interp/core/node';

/**
 * The serial job queue and open/closed/aborted state of a streaming writer over an {@link AtomicFile},
 * from {@link createAtomicWriteQueue}.
 *
 * @example
 * ```ts
 * import { openAtomicFile } from '@interp/core/node';
 * import { createAtomicWriteQueue, writeAll, type AtomicWriteQueue } from '@interp/safetensors/node';
 * const file = await openAtomicFile('out/log.bin');
 * const queue: AtomicWriteQueue = createAtomicWriteQueue(file);
 * void queue.run(() => writeAll(file.handle, new Uint8Array([1, 2]))); // runs first even if not awaited
 * await queue.run(() => queue.commit()); // out/log.bin holds 1 2; queue.state is 'closed'
 * ```
 */
export interface AtomicWriteQueue {
  /** `'open'` until a `commit()` succeeds (`'closed'`) or `discard()` runs (`'aborted'`). */
  readonly state: 'open' | 'closed' | 'aborted';
  /**
   * Runs `job` once every job queued before it has settled (a failed job does not stop the next); the
   * returned promise settles as `job`'s does.
   */
  run<T>(job: () => Promise<T>): Promise<T>;
  /**
   * Renames the temp file onto the final path, then the state becomes `'closed'`. When that fails the
   * temp file is already gone ({@link AtomicFile.commit}), the state is unchanged and the error is thrown.
   * Call it inside a job.
   */
  commit(): Promise<void>;
  /** Sets the state to `'aborted'` and deletes the temp file; never throws. Call it inside a job. */
  discard(): Promise<void>;
  /** Queues a job that discards the temp file if the state is still `'open'`; safe to call more than once. */
  abort(): Promise<void>;
}

/**
 * Wraps an open {@link AtomicFile} for a streaming writer: its writes run one at a time in call order
 * (so callers need not await each one), it tracks whether it was closed or aborted, and an abort deletes
 * the temp file so the final path is never half-written. `first`, if given, is work already under way
 * (e.g. a header write): the first job runs after it and rejects with its error if it fails.
 *
 * @example
 * ```ts
 * import { openAtomicFile } from '@interp/core/node';
 * import { createAtomicWriteQueue, writeAll } from '@interp/safetensors/node';
 * const file = await openAtomicFile('out/rows.bin');
 * const queue = createAtomicWriteQueue(file, writeAll(file.handle, new Uint8Array([0xff]))); // a header
 * const write = (bytes: Uint8Array) =>
 *   queue.run(async () => {
 *     if (queue.state !== 'open') throw new Error(`write after the writer was ${queue.state}`);
 *     await writeAll(file.handle, bytes);
 *   });
 * try {
 *   void write(new Uint8Array([1, 2]));
 *   await write(new Uint8Array([3]));
 *   await queue.run(() => queue.commit()); // out/rows.bin holds ff 01 02 03
 * } catch (e) {
 *   await queue.abort(); // out/rows.bin is untouched
 *   throw e;
 * }
 * ```
 */
export function createAtomicWriteQueue(file: AtomicFile, first: Promise<unknown> = Promise.resolve()): AtomicWriteQueue {
  let state: AtomicWriteQueue['state'] = 'open';
  let queue: Promise<unknown> = first;
  const run = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job);
    queue = next.catch(() => undefined);
    return next;
  };
  const discard = async (): Promise<void> => {
    state = 'aborted';
    await file.discard();
  };
  return {
    get state() {
      return state;
    },
    run,
    async commit() {
      await file.commit();
      state = 'closed';
    },
    discard,
    abort: () =>
      run(async () => {
        if (state === 'open') await discard();
      }),
  };
}
