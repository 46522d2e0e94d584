import { open, type FileHandle } from 'node:fs/promises';
import { SafetensorsError } from './SafetensorsError';

/** Opens a file, turning fs errors into a SafetensorsError naming the file. */
export async function openFile(path: string, flags: string): Promise<FileHandle> {
  try {
    return await open(path, flags);
  } catch (e) {
    throw fsError(path, e, flags.startsWith('r') ? 'cannot open for reading' : 'cannot open for writing');
  }
}

/** Wraps an fs error. */
export function fsError(path: string, e: unknown, what: string): SafetensorsError {
  const err = e as NodeJS.ErrnoException;
  const reason = err.code === 'ENOENT' ? 'file not found' : (err.message ?? String(e));
  return new SafetensorsError(`${what}: ${reason}`, { source: path });
}
