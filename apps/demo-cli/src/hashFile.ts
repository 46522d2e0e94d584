import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * The sha256 of a file's content (hex), streamed; `undefined` when the file does not exist or is not a
 * regular file one can read (a folder, no permission).
 *
 * @example
 * ```ts
 * const hash = await hashFile('interp-out/sae_weights.safetensors');
 * ```
 */
export async function hashFile(path: string): Promise<string | undefined> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch {
    return undefined;
  }
  return hash.digest('hex');
}
