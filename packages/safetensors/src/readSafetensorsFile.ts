import { readFile } from 'node:fs/promises';
import { parseSafetensors, type Safetensors } from './parseSafetensors';
import { fsError } from './fileAccess';

/**
 * Reads and validates a whole safetensors file into memory. Errors name the file and the tensor.
 *
 * @example
 * ```ts
 * import { readSafetensorsFile } from '@interp/safetensors/node';
 * const { tensors, metadata } = await readSafetensorsFile('model.safetensors');
 * ```
 */
export async function readSafetensorsFile(path: string): Promise<Safetensors> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (e) {
    throw fsError(path, e, 'cannot read');
  }
  return parseSafetensors(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), { source: path });
}
