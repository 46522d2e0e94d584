import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * A file being written atomically: data go to `tempPath`, and `commit()` moves them onto `path`.
 *
 * @example
 * ```ts
 * import { openAtomicFile, type AtomicFile } from '@interp/core/node';
 * const file: AtomicFile = await openAtomicFile('out/data.bin');
 * await file.handle.write(new Uint8Array([1, 2, 3])); // goes to file.tempPath
 * await file.commit();                                 // now at file.path
 * ```
 */
export interface AtomicFile {
  /** The file that `commit()` creates or replaces. */
  readonly path: string;
  /** The temp file in the same folder (so the final rename is atomic). */
  readonly tempPath: string;
  /** Open for writing at `tempPath`; leave closing to `commit()` / `discard()`. */
  readonly handle: FileHandle;
  /** Flushes (`fsync`), closes and renames the temp file onto `path`; discards it when that fails. */
  commit(): Promise<void>;
  /** Closes and removes the temp file (in that order); never throws. Safe to call more than once. */
  discard(): Promise<void>;
}

/**
 * A unique temp-file name next to `path`: `.<name>.<pid>.<random>.tmp` in the same folder.
 *
 * @example
 * ```ts
 * import { createTempPath } from '@interp/core/node';
 * createTempPath('out/cfg.json'); // 'out/.cfg.json.4242.9f86d081.tmp'
 * ```
 */
export function createTempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Opens a uniquely named temp file next to `path` (the folder must exist) for a write that
 * becomes visible all at once: readers see the old file or the complete new one, never half of
 * it. The building block of {@link writeFileAtomic}; use it directly when the data arrive over
 * time (e.g. a streamed safetensors file).
 *
 * @example
 * ```ts
 * import { openAtomicFile } from '@interp/core/node';
 * const file = await openAtomicFile('out/big.bin');
 * try {
 *   await file.handle.write(new Uint8Array([1, 2, 3]));
 *   await file.commit();
 * } catch (e) {
 *   await file.discard();
 *   throw e;
 * }
 * ```
 * @throws The fs error when the temp file cannot be opened (e.g. the folder does not exist).
 */
export async function openAtomicFile(path: string): Promise<AtomicFile> {
  const tempPath = createTempPath(path);
  const handle = await open(tempPath, 'wx');
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  const discard = async (): Promise<void> => {
    // Close before removing: removing an open file and closing later could race a pending write.
    await close().catch(() => undefined);
    await rm(tempPath, { force: true }).catch(() => undefined);
  };
  return {
    path,
    tempPath,
    handle,
    async commit() {
      try {
        await handle.sync();
        await close();
        await rename(tempPath, path);
      } catch (e) {
        await discard();
        throw e;
      }
    },
    discard,
  };
}
