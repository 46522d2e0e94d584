import type { FileHandle } from 'node:fs/promises';
import { parseSafetensorsHeader, readHeaderSize, type SafetensorsHeader } from './parseSafetensorsHeader';
import { openFile } from './fileAccess';
import { readExactly } from './readExactly';

/** Reads and validates the header of an open file; the file size must match the header's layout. */
export async function readHeaderFromHandle(fh: FileHandle, path: string): Promise<SafetensorsHeader> {
  const { size } = await fh.stat();
  const prefix = await readExactly(fh, path, Math.min(8, size), 0);
  const headerSize = readHeaderSize(prefix, size, path);
  const json = await readExactly(fh, path, headerSize, 8);
  return parseSafetensorsHeader(json, size - 8 - headerSize, { source: path });
}

/**
 * Reads and validates only the header of a safetensors file (metadata, dtypes, shapes, offsets)
 * without reading tensor data. `headerSize` is the JSON length; data start at byte `8 + headerSize`.
 * The file size is checked against the offsets, so a truncated file is an error here already.
 *
 * @example
 * ```ts
 * import { readSafetensorsHeader } from '@interp/safetensors/node';
 * const { metadata, entries } = await readSafetensorsHeader('activations.safetensors');
 * console.log(metadata.hook, entries.activations?.shape);
 * ```
 */
export async function readSafetensorsHeader(path: string): Promise<SafetensorsHeader> {
  const fh = await openFile(path, 'r');
  try {
    return await readHeaderFromHandle(fh, path);
  } finally {
    await fh.close();
  }
}
