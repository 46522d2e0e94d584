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

/** Reads exactly `length` bytes at `position`, or throws naming the file (truncated while reading). */
export async function readExactly(fh: FileHandle, path: string, length: number, position: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(out, done, length - done, position + done);
    if (bytesRead === 0) {
      throw new SafetensorsError(
        `unexpected end of file at byte ${position + done} while reading ${length} bytes at ${position} (truncated?)`,
        { source: path },
      );
    }
    done += bytesRead;
  }
  return out;
}

/** Appends all of `bytes` at the file handle's current position. */
export async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done);
    done += bytesWritten;
  }
}
