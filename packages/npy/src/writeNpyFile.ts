import { openAtomicFile, type AtomicFile } from '@interp/core/node';
import type { FileHandle } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';
import { createAtomicWriteQueue, writeAll } from '@interp/safetensors/node';
import { crc32, type ZipMember } from '@interp/zip';
import { buildNpyHeader, countElements, type NpyDtype, type NpyWriteOptions } from './npyHeader';
import { encodeNpyData, type NpyData } from './npyData';
import { NpyError } from './NpyError';
import { serializeNpy, type NpyInput } from './serializeNpy';
import { buildNpz } from './npzArchive';

/** Opens `@interp/core`'s atomic temp file for `path`, turning fs errors into an NpyError naming it. */
async function openTemp(path: string): Promise<AtomicFile> {
  try {
    return await openAtomicFile(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? 'file not found' : err.message;
    throw new NpyError(`cannot open for writing: ${reason}`, { source: path });
  }
}

async function writeAtomically(path: string, parts: Uint8Array[]): Promise<void> {
  const file = await openTemp(path);
  try {
    for (const p of parts) await writeAll(file.handle, p);
    await file.commit();
  } catch (e) {
    await file.discard();
    throw new NpyError(`cannot write: ${(e as Error).message}`, { source: path });
  }
}

/**
 * Writes one array to a `.npy` file atomically (temp file, then rename), with the format version, byte
 * order and C/Fortran order of `options`.
 *
 * @example
 * ```ts
 * import { writeNpyFile } from '@interp/npy/node';
 * await writeNpyFile('acts.npy', { shape: [2, 3], data: new Float32Array(6) });
 * ```
 */
export async function writeNpyFile(path: string, array: NpyInput, options: NpyWriteOptions = {}): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = serializeNpy(array, options);
  } catch (e) {
    throw e instanceof NpyError ? new NpyError(e.message.replace(/^npy: /, ''), { source: path }) : e;
  }
  await writeAtomically(path, [bytes]);
}

/**
 * Writes arrays to an `.npz` archive atomically, one `<name>.npy` member each: stored like `np.savez`, or
 * deflated like `np.savez_compressed` with `compress: true`.
 *
 * @example
 * ```ts
 * import { writeNpzFile } from '@interp/npy/node';
 * await writeNpzFile('acts.npz', { activations: { shape: [2, 3], data: new Float32Array(6) } }, { compress: true });
 * ```
 */
export async function writeNpzFile(path: string, arrays: Record<string, NpyInput>, options: NpyWriteOptions & { compress?: boolean } = {}): Promise<void> {
  const members: ZipMember[] = Object.entries(arrays).map(([name, array]) => {
    const bytes = serializeNpy(array, options);
    const stored = options.compress ? new Uint8Array(deflateRawSync(bytes)) : bytes;
    return { name: `${name}.npy`, stored, method: options.compress ? 8 : 0, crc32: crc32(bytes), uncompressedSize: bytes.length };
  });
  await writeAtomically(path, buildNpz(members, path));
}

/**
 * A streaming `.npy` writer, from {@link createNpyWriter}.
 *
 * @example
 * ```ts
 * import { createNpyWriter, type NpyWriter } from '@interp/npy/node';
 * const w: NpyWriter = await createNpyWriter('acts.npy', 'f4', [1000, 64]);
 * try {
 *   for (let r = 0; r < 1000; r += 100) await w.write(new Float32Array(100 * 64)); // 100 rows at a time
 *   await w.close();
 * } catch (e) {
 *   await w.abort();
 *   throw e;
 * }
 * ```
 */
export interface NpyWriter {
  readonly path: string;
  /** Appends row-major values (any number, in order). */
  write(values: NpyData): Promise<void>;
  /** Checks every value arrived, then renames the temp file onto `path`. */
  close(): Promise<void>;
  /** Deletes the temp file; `path` is untouched. */
  abort(): Promise<void>;
}

/**
 * Opens a streaming `.npy` writer (C order) for arrays larger than memory: values are appended as they
 * come; `close()` checks the count and renames the temp file onto `path` atomically.
 *
 * @example
 * ```ts
 * import { createNpyWriter } from '@interp/npy/node';
 * const w = await createNpyWriter('acts.npy', 'f4', [4, 2]);
 * await w.write(new Float32Array([1, 2, 3, 4]));
 * await w.write(new Float32Array([5, 6, 7, 8]));
 * await w.close();
 * ```
 */
export async function createNpyWriter(
  path: string,
  dtype: NpyDtype,
  shape: readonly number[],
  options: Omit<NpyWriteOptions, 'fortranOrder'> = {},
): Promise<NpyWriter> {
  const header = buildNpyHeader(dtype, shape, options);
  const total = countElements(shape);
  const file = await openTemp(path);
  const fh: FileHandle = file.handle;
  let written = 0;
  const queue = createAtomicWriteQueue(file, writeAll(fh, header));
  return {
    path,
    write: (values) =>
      queue.run(async () => {
        if (queue.state !== 'open') throw new NpyError(`write after the writer was ${queue.state}`, { source: path });
        if (written + values.length > total) {
          await queue.discard();
          throw new NpyError(`${written + values.length} values overflow shape [${shape.join(', ')}] (${total})`, { source: path });
        }
        await writeAll(fh, encodeNpyData(values, dtype, options.endian ?? 'little'));
        written += values.length;
      }),
    close: () =>
      queue.run(async () => {
        if (queue.state === 'closed') return;
        if (queue.state === 'aborted') throw new NpyError('close after the writer was aborted', { source: path });
        if (written !== total) {
          await queue.discard();
          throw new NpyError(`incomplete: ${written} of ${total} values were written before close(); the file was not created`, { source: path });
        }
        await queue.commit();
      }),
    abort: () => queue.abort(),
  };
}
