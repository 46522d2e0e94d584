import { open, type FileHandle } from 'node:fs/promises';
import { readExactly } from '@interp/safetensors/node';
import type { ByteReader } from '@interp/zip';
import { NpyError } from './NpyError';

/** Opens a file, turning fs errors into an NpyError naming it. */
export async function openFile(path: string, flags: string): Promise<FileHandle> {
  try {
    return await open(path, flags);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? 'file not found' : err.message;
    throw new NpyError(`${flags.startsWith('r') ? 'cannot open for reading' : 'cannot open for writing'}: ${reason}`, { source: path });
  }
}

/** Builds the NpyError naming `source` that {@link readExactly} throws when the file ends early. */
function toNpyError(message: string, source: string): NpyError {
  return new NpyError(message, { source });
}

/** A {@link ByteReader} over an open file: exact positional reads, or an error naming the file. */
export async function fileReader(fh: FileHandle, path: string): Promise<ByteReader> {
  const { size } = await fh.stat();
  return {
    size,
    read: (position, length) => readExactly(fh, path, length, position, toNpyError),
  };
}
