import type { FileHandle } from 'node:fs/promises';
import { SafetensorsError } from './SafetensorsError';

/**
 * Reads exactly `length` bytes at byte `position` of an open file, looping over short reads. When the
 * file ends first it throws the error `createError` builds from the message (`unexpected end of file at
 * byte … while reading … bytes at … (truncated?)`) and `path`; by default a {@link SafetensorsError} whose
 * `source` is `path`. Pass your own to keep your package's error type.
 *
 * @example
 * ```ts
 * import { open } from 'node:fs/promises';
 * import { readExactly } from '@interp/safetensors/node';
 * const fh = await open('data.bin', 'r');
 * try {
 *   const header = await readExactly(fh, 'data.bin', 16, 0); // bytes 0-15, or a SafetensorsError naming data.bin
 *   const body = await readExactly(fh, 'data.bin', 64, 16, (message, source) => new RangeError(`${source}: ${message}`));
 * } finally {
 *   await fh.close();
 * }
 * ```
 * @throws The error of `createError` (default {@link SafetensorsError}) when the file holds fewer than `position + length` bytes; fs errors as they come.
 */
export async function readExactly(
  fh: FileHandle,
  path: string,
  length: number,
  position: number,
  createError: (message: string, source: string) => Error = (message, source) => new SafetensorsError(message, { source }),
): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(out, done, length - done, position + done);
    if (bytesRead === 0) {
      throw createError(`unexpected end of file at byte ${position + done} while reading ${length} bytes at ${position} (truncated?)`, path);
    }
    done += bytesRead;
  }
  return out;
}
