import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** What the lock file holds: who took the lock, and when. */
export interface OutLockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
  command: string;
}

/** Options of {@link acquireOutLock}. */
export interface OutLockOptions {
  /** Wait for the holder to finish instead of failing at once (`--wait`). */
  wait?: boolean;
  /** Stops waiting (Ctrl-C). */
  signal?: AbortSignal;
  /** Told once when the lock is held by another live process and we wait. */
  onWait?: (holder: OutLockHolder) => void;
  /** Told when a stale lock (its process is gone) is cleared. */
  onStale?: (holder: OutLockHolder) => void;
  /** What the holder is doing, for the message another process shows (e.g. `interp run`). */
  command?: string;
  /** Poll interval while waiting, in ms (default 250). */
  pollMs?: number;
}

/** The lock of an output folder is held by another live process. */
export class OutLockedError extends Error {
  constructor(
    readonly out: string,
    readonly holder: OutLockHolder,
  ) {
    super(
      `${out} is in use by process ${holder.pid} (${holder.command}, started ${holder.startedAt}); wait for it to finish, or pass --wait`,
    );
    this.name = 'OutLockedError';
  }
}

/** The lock file of an output folder. */
export function getOutLockPath(out: string): string {
  return join(out, '.interp', 'lock');
}

/** Whether a process with this pid runs on this machine (EPERM: it runs under another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<OutLockHolder | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<OutLockHolder>;
    if (typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0) {
      return {
        pid: parsed.pid,
        hostname: String(parsed.hostname ?? ''),
        startedAt: String(parsed.startedAt ?? ''),
        command: String(parsed.command ?? 'interp'),
      };
    }
    return { pid: 0, hostname: '', startedAt: '', command: 'unknown (unreadable lock file)' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { pid: 0, hostname: '', startedAt: '', command: 'unknown (unreadable lock file)' };
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * Takes the exclusive lock of an output folder (`<out>/.interp/lock`, created with `O_EXCL`), so
 * that two runs never write into one folder. A lock left by a process that no longer runs (killed,
 * crashed) is stale: it is cleared and taken. Returns the function that releases it.
 *
 * @example
 * ```ts
 * const release = await acquireOutLock('interp-out', { command: 'interp run' });
 * try {
 *   // ... write artifacts
 * } finally {
 *   await release();
 * }
 * ```
 * @throws OutLockedError naming the holder's PID when another live process holds it and `wait` is off.
 */
export async function acquireOutLock(out: string, options: OutLockOptions = {}): Promise<() => Promise<void>> {
  const path = getOutLockPath(out);
  await mkdir(join(out, '.interp'), { recursive: true });
  const me: OutLockHolder = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), command: options.command ?? 'interp' };
  let told = false;
  for (;;) {
    options.signal?.throwIfAborted();
    // The lock appears with its content or not at all: written to a temp file, then hard-linked
    // into place (link fails with EEXIST when the lock exists), so no one ever reads a half lock.
    const temp = `${path}.${process.pid}.pending`;
    try {
      await writeFile(temp, `${JSON.stringify(me)}\n`);
      try {
        await link(temp, path);
      } finally {
        await rm(temp, { force: true });
      }
      let released = false;
      // An exit that skips the release (process.exit on a second Ctrl-C or a closed stdout) still frees the folder.
      const onExit = () => {
        try {
          if ((JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown }).pid === process.pid) unlinkSync(path);
        } catch {
          // gone already, or not ours
        }
      };
      process.on('exit', onExit);
      return async () => {
        if (released) return;
        released = true;
        process.off('exit', onExit);
        const holder = await readHolder(path);
        if (holder?.pid === process.pid) await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot lock ${out}: ${(error as Error).message}`, { cause: error });
    }
    const holder = await readHolder(path);
    if (!holder) continue; // released in between
    const sameHost = holder.hostname === '' || holder.hostname === me.hostname;
    if (holder.pid === 0 || (sameHost && !isAlive(holder.pid))) {
      // Stale: its process is gone. Remove it only if it is still the same file's content.
      const again = await readHolder(path);
      if (again && again.pid === holder.pid && again.startedAt === holder.startedAt) {
        await rm(path, { force: true });
        options.onStale?.(holder);
      }
      continue;
    }
    if (!options.wait) throw new OutLockedError(out, holder);
    if (!told) {
      told = true;
      options.onWait?.(holder);
    }
    await sleep(options.pollMs ?? 250, options.signal);
  }
}
