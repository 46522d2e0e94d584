import { open, type FileHandle } from 'node:fs/promises';
import { NpyError } from './NpyError';
import type { ByteReader } from '@interp/zip';

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

/** A {@link ByteReader} over an open file: exact positional reads, or an error naming the file. */
export async function fileReader(fh: FileHandle, path: string): Promise<ByteReader> {
  const { size } = await fh.stat();
  return {
    size,
    async read(position, length) {
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await fh.read(out, done, length - done, position + done);
        if (bytesRead === 0) {
          throw new NpyError(`unexpected end of file at byte ${position + done} while reading ${length} bytes at ${position} (truncated?)`, { source: path });
        }
        done += bytesRead;
      }
      return out;
    },
  };
}

/** Appends all of `bytes` at the handle's position. */
export async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done);
    done += bytesWritten;
  }
}
