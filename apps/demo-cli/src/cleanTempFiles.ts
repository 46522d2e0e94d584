import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { STAGING_PREFIX } from './stageArtifacts';

/** Temp names of the interp writers: `.<name>.<pid>.<random>.tmp`, `<name>.tmp`, `<name>.tmp-<pid>-<stamp>`. */
const tempName = /\.tmp$|\.tmp-\d+-[0-9a-z]+$/;

/**
 * Removes the temp files a killed or crashed run left in an output folder (and its `.interp` records
 * folder), and the staging folders of {@link stageArtifacts}. Call it only while holding the folder's lock, when no other writer can be mid-write.
 * Returns the names removed.
 *
 * @example
 * ```ts
 * const removed = await cleanTempFiles('interp-out'); // ['.mlp_activations.safetensors.4242.9f86d081.tmp']
 * ```
 */
export async function cleanTempFiles(out: string): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of [out, join(out, '.interp')]) {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const staging = dir !== out && entry.isDirectory() && entry.name.startsWith(STAGING_PREFIX);
      if (!staging && !(entry.isFile() && tempName.test(entry.name))) continue;
      await rm(join(dir, entry.name), { recursive: true, force: true });
      removed.push(entry.name);
    }
  }
  return removed;
}
