import { once } from 'node:events';
import { mkdir, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import { openAtomicFile, type AtomicFile } from './openAtomicFile';

/**
 * What {@link writeFileAtomic} writes: a string (UTF-8), bytes, or a function that writes into a
 * stream (for writers such as exceljs' streaming workbook). The function must end the stream, or
 * leave it open to be ended for it; it must not close the file itself.
 *
 * @example
 * ```ts
 * import { writeFileAtomic, type AtomicFileContent } from '@interp/core/node';
 * const text: AtomicFileContent = '{"ok":true}\n';
 * const streamed: AtomicFileContent = async (out) => {
 *   out.write('row 1\n');
 *   out.end();
 * };
 * await writeFileAtomic('out/a.json', text);
 * await writeFileAtomic('out/b.txt', streamed);
 * ```
 */
export type AtomicFileContent = string | Uint8Array | ((out: Writable) => Promise<void>);

/**
 * A Writable over a FileHandle that leaves the handle open (closing is the atomic file's job);
 * chunks are written in order at the current position.
 */
function createHandleStream(handle: FileHandle): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const writeAll = async (): Promise<void> => {
        let done = 0;
        while (done < chunk.length) {
          const { bytesWritten } = await handle.write(chunk, done, chunk.length - done);
          done += bytesWritten;
        }
      };
      writeAll().then(() => callback(), callback);
    },
  });
}

/** Carries an error thrown by the caller's content function, which is rethrown unchanged. */
class ContentError {
  constructor(readonly error: unknown) {}
}

/**
 * Writes `content` into an opened atomic file, without committing it.
 *
 * @internal
 */
async function fill(file: AtomicFile, content: AtomicFileContent): Promise<void> {
  if (typeof content !== 'function') {
    await file.handle.writeFile(content);
    return;
  }
  const stream = createHandleStream(file.handle);
  try {
    await content(stream);
    if (!stream.writableFinished) {
      if (!stream.writableEnded) stream.end();
      await once(stream, 'finish');
    }
  } catch (error) {
    // Let any write in flight finish before the caller closes and removes the file.
    // The handle waits for a write in flight before it closes, so discard() stays ordered.
    if (!stream.destroyed) stream.destroy();
    throw new ContentError(error);
  }
}

/**
 * Writes a file atomically: the data go to a uniquely named temp file in the same folder (created
 * if needed), which is flushed, closed and then renamed onto `path`; on any failure the temp file
 * is closed and removed. File-system errors are rethrown with `path` in the message; an error
 * thrown by a content function is rethrown unchanged. Readers see the old
 * file or the complete new one, never half of one. The one atomic write of the interp packages.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from '@interp/core/node';
 * await writeFileAtomic('out/cfg.json', JSON.stringify({ d_in: 16 }));
 * await writeFileAtomic('out/w.bin', new Uint8Array([1, 2, 3]));
 * await writeFileAtomic('out/log.txt', async (out) => {
 *   out.write('line 1\n');
 *   out.end('line 2\n');
 * });
 * ```
 * @throws Error naming `path` when the file cannot be written (the original error is its `cause`).
 */
export async function writeFileAtomic(path: string, content: AtomicFileContent): Promise<void> {
  await writeFilesAtomic([[path, content]]);
}

/**
 * Writes several files so that none of them is replaced until all are complete: each goes to its
 * own temp file first, and only then are they renamed into place one by one. On a failure every
 * temp file is closed and removed. Use it for files that belong together (an SAE's weights and
 * config, the pages of a report).
 *
 * @example
 * ```ts
 * import { writeFilesAtomic } from '@interp/core/node';
 * await writeFilesAtomic([
 *   ['out/sae/sae_weights.safetensors', weightBytes],
 *   ['out/sae/cfg.json', cfgText],
 * ]);
 * ```
 * @throws Error naming the file that could not be written (the original error is its `cause`).
 */
export async function writeFilesAtomic(files: ReadonlyArray<readonly [path: string, content: AtomicFileContent]>): Promise<void> {
  const opened: AtomicFile[] = [];
  let current = '';
  try {
    for (const [path, content] of files) {
      current = path;
      await mkdir(dirname(path), { recursive: true });
      const file = await openAtomicFile(path);
      opened.push(file);
      await fill(file, content);
    }
    for (const file of opened) {
      current = file.path;
      await file.commit();
    }
  } catch (error) {
    await Promise.all(opened.map((f) => f.discard()));
    if (error instanceof ContentError) throw error.error;
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot write ${current}: ${message}`, { cause: error });
  }
}
