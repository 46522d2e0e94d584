import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setZipFileTimes } from './setZipEntryTimes';

/** Environment variable for the crash test: SIGKILL the process after the first rename of a set. */
export const KILL_AFTER_FIRST_RENAME_ENV = 'INTERP_TEST_KILL_AFTER_FIRST_RENAME';

/** Prefix of the staging folders in `<out>/.interp` (removed by the next run when a run was killed). */
export const STAGING_PREFIX = 'staging-';

/**
 * Writes a step's set of files into a fresh staging folder (`<out>/.interp/staging-*`), and only when
 * the whole set is complete and the step was not cancelled moves them into `out`, one rename each.
 * Ctrl-C or an error before that leaves every previous artifact untouched; a crash in the middle of the
 * renames leaves a mixed set that the step record's content hashes reject. A name may be in a subfolder
 * (`sae_1/cfg.json`; made in `out` when missing). Returns the final paths
 * of the files, by the names `write` returned. With `zipDate` (`SOURCE_DATE_EPOCH`), the entries of
 * every `.xlsx` file are stamped with that time.
 *
 * @example
 * ```ts
 * const files = await stageArtifacts(out, signal, async (dir) => {
 *   await writeFile(join(dir, 'a.json'), '{}');
 *   return { a: 'a.json' };
 * }); // { a: '<out>/a.json' }
 * ```
 * @throws the signal's reason when cancelled before the renames; an error naming the file that could not be moved.
 */
export async function stageArtifacts(
  out: string,
  signal: AbortSignal | undefined,
  write: (dir: string) => Promise<Record<string, string>>,
  options: { zipDate?: Date } = {},
): Promise<Record<string, string>> {
  await mkdir(join(out, '.interp'), { recursive: true });
  const dir = await mkdtemp(join(out, '.interp', `${STAGING_PREFIX}${process.pid}-`));
  try {
    const names = await write(dir);
    if (options.zipDate) {
      for (const name of Object.values(names)) if (name.endsWith('.xlsx')) await setZipFileTimes(join(dir, name), options.zipDate);
    }
    signal?.throwIfAborted();
    const written = new Set(await readdir(dir));
    for (const name of Object.values(names)) {
      // a name in a subfolder (`sae_1/cfg.json`): checked on its own; the subfolder is made in `out` on the move
      const present = name.includes('/') ? await stat(join(dir, name)).then((s) => s.isFile(), () => false) : written.has(name);
      if (!present) throw new Error(`${join(dir, name)}: the step did not write this file`);
    }
    const files: Record<string, string> = {};
    let renamed = 0;
    for (const [key, name] of Object.entries(names)) {
      const target = join(out, name);
      try {
        if (name.includes('/')) await mkdir(dirname(target), { recursive: true });
        await rename(join(dir, name), target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const isDir = code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST' || (await stat(target).then((s) => s.isDirectory(), () => false));
        throw new Error(`cannot write ${target}: ${isDir ? 'it is a folder' : (error as Error).message}`, { cause: error });
      }
      files[key] = target;
      renamed += 1;
      if (renamed === 1 && process.env[KILL_AFTER_FIRST_RENAME_ENV] === '1' && Object.keys(names).length > 1) process.kill(process.pid, 'SIGKILL');
    }
    return files;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
