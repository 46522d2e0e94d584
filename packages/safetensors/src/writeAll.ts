import type { FileHandle } from 'node:fs/promises';

/**
 * Writes all of `bytes` at the file handle's current position, looping over short writes.
 *
 * @example
 * ```ts
 * import { open } from 'node:fs/promises';
 * import { writeAll } from '@interp/safetensors/node';
 * const fh = await open('data.bin', 'w');
 * try {
 *   await writeAll(fh, new Uint8Array([1, 2, 3]));
 *   await writeAll(fh, new Uint8Array([4, 5])); // the file holds 1 2 3 4 5
 * } finally {
 *   await fh.close();
 * }
 * ```
 * @throws fs errors as they come.
 */
export async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done);
    done += bytesWritten;
  }
}
