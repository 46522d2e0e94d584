import { SafetensorsError } from './SafetensorsError';
import { typedArrayFromBytes, type Tensor } from './parseSafetensors';
import { openFile } from './fileAccess';
import { readExactly } from './readExactly';
import { readHeaderFromHandle } from './readSafetensorsHeader';
import type { SafetensorsEntry, SafetensorsHeader } from './parseSafetensorsHeader';

/** Looks a tensor up in a header, or throws listing the tensors there are. */
export function findEntry(header: SafetensorsHeader, name: string, path: string): SafetensorsEntry {
  const entry = Object.prototype.hasOwnProperty.call(header.entries, name) ? header.entries[name] : undefined;
  if (!entry) {
    const names = Object.keys(header.entries);
    throw new SafetensorsError(
      `no tensor named ${JSON.stringify(name)}; the file has ${names.length ? names.map((n) => JSON.stringify(n)).join(', ') : 'no tensors'}`,
      { source: path },
    );
  }
  return entry;
}

/**
 * Reads one tensor from a safetensors file without loading the others.
 *
 * @example
 * ```ts
 * import { readTensor } from '@interp/safetensors/node';
 * const w = await readTensor('model.safetensors', 'hidden.weight');
 * ```
 */
export async function readTensor(path: string, name: string): Promise<Tensor> {
  const fh = await openFile(path, 'r');
  try {
    const header = await readHeaderFromHandle(fh, path);
    const entry = findEntry(header, name, path);
    const [begin, end] = entry.dataOffsets;
    const bytes = await readExactly(fh, path, end - begin, 8 + header.headerSize + begin);
    return { dtype: entry.dtype, shape: [...entry.shape], data: typedArrayFromBytes(entry.dtype, bytes) };
  } finally {
    await fh.close();
  }
}
