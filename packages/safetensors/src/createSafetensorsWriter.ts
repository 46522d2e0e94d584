import { openAtomicFile, type AtomicFile } from '@interp/core/node';
import type { FileHandle } from 'node:fs/promises';
import { SafetensorsError } from './SafetensorsError';
import { assertLittleEndian, dtypeByteSize, isArrayCompatible, type TypedArray } from './dtypes';
import { layoutSafetensors, type TensorLayout } from './serializeSafetensors';
import { fsError } from './fileAccess';
import { createAtomicWriteQueue } from './createAtomicWriteQueue';
import { writeAll } from './writeAll';

/**
 * A streaming safetensors writer, from {@link createSafetensorsWriter}.
 *
 * @example
 * ```ts
 * import { createSafetensorsWriter, type SafetensorsWriter } from '@interp/safetensors/node';
 * const writer: SafetensorsWriter = await createSafetensorsWriter('acts.safetensors', { x: { dtype: 'F32', shape: [4, 2] } });
 * await writer.write('x', new Float32Array([1, 2, 3, 4])); // rows 0-1
 * await writer.write('x', new Float32Array([5, 6, 7, 8])); // rows 2-3
 * await writer.close(); // acts.safetensors appears now
 * ```
 */
export interface SafetensorsWriter {
  /** The final path (the file appears there only after `close()`). */
  readonly path: string;
  /**
   * Appends a chunk of elements to tensor `name`. Tensors are filled in layout order, each completely
   * before the next; chunks of one tensor are consecutive row-major slices of any length. Calls are
   * queued, so they run in call order even if not awaited.
   */
  write(name: string, chunk: TypedArray): Promise<void>;
  /** Checks that every byte of every tensor was written, flushes, and renames the temp file to `path`. A short file is deleted, then the error is thrown. */
  close(): Promise<void>;
  /** Stops and deletes the temp file; `path` is left untouched. Safe to call more than once. */
  abort(): Promise<void>;
}

/**
 * Opens a streaming writer: the header is computed up front from `layout` (dtypes and shapes, in data
 * order) and written to a temp file in the destination folder; chunks are appended as they come, so
 * tensors larger than memory can be written; `close()` verifies the byte count and renames the temp
 * file onto `path` atomically; `abort()` deletes it.
 *
 * @example
 * ```ts
 * import { createSafetensorsWriter } from '@interp/safetensors/node';
 * const writer = await createSafetensorsWriter('acts.safetensors', { activations: { dtype: 'F32', shape: [4, 2] } }, { hook: 'hidden.post' });
 * try {
 *   await writer.write('activations', new Float32Array([1, 2, 3, 4]));   // rows 0-1
 *   await writer.write('activations', new Float32Array([5, 6, 7, 8]));   // rows 2-3
 *   await writer.close();
 * } catch (e) {
 *   await writer.abort();
 *   throw e;
 * }
 * ```
 */
export async function createSafetensorsWriter(
  path: string,
  layout: Record<string, TensorLayout>,
  metadata: Record<string, string> = {},
): Promise<SafetensorsWriter> {
  assertLittleEndian('createSafetensorsWriter');
  const plan = layoutSafetensors(layout, metadata, path);
  let file: AtomicFile;
  try {
    file = await openAtomicFile(path);
  } catch (e) {
    throw fsError(path, e, 'cannot open for writing');
  }
  const fh: FileHandle = file.handle;
  try {
    await writeAll(fh, plan.header);
  } catch (e) {
    await file.discard();
    throw fsError(path, e, 'cannot write');
  }

  const tensors = plan.tensors;
  const order = tensors.map((t) => JSON.stringify(t.name)).join(', ');
  let index = 0;
  let written = 0;
  const queue = createAtomicWriteQueue(file);
  const fail = (message: string, tensor?: string): never => {
    throw new SafetensorsError(message, tensor === undefined ? { source: path } : { source: path, tensor });
  };
  const skipComplete = () => {
    while (index < tensors.length) {
      const t = tensors[index]!;
      if (written < t.end - t.begin) break;
      index += 1;
      written = 0;
    }
  };

  return {
    path,
    write(name, chunk) {
      return queue.run(async () => {
        if (queue.state !== 'open') fail(`write after the writer was ${queue.state}`, name);
        skipComplete();
        const current = tensors[index];
        if (!current || current.name !== name) {
          const at = tensors.findIndex((t) => t.name === name);
          if (at < 0) fail(`is not in the layout; the layout has ${order}`, name);
          if (at < index || !current) fail('is already complete: tensors are written once, in layout order', name);
          fail(
            `cannot start before tensor ${JSON.stringify(current!.name)} is complete (${written / dtypeByteSize(current!.dtype)} of ${(current!.end - current!.begin) / dtypeByteSize(current!.dtype)} elements written); layout order: ${order}`,
            name,
          );
        }
        const t = current!;
        if (!ArrayBuffer.isView(chunk) || !isArrayCompatible(t.dtype, chunk)) {
          fail(`a chunk of dtype ${t.dtype} cannot be written from ${ArrayBuffer.isView(chunk) ? chunk.constructor.name : typeof chunk}`, name);
        }
        const size = dtypeByteSize(t.dtype);
        const remaining = t.end - t.begin - written;
        if (chunk.byteLength > remaining) {
          fail(`chunk of ${chunk.length} elements overflows the tensor: only ${remaining / size} of ${(t.end - t.begin) / size} elements remain`, name);
        }
        try {
          await writeAll(fh, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        } catch (e) {
          await queue.discard();
          throw fsError(path, e, 'cannot write');
        }
        written += chunk.byteLength;
      });
    },
    close() {
      return queue.run(async () => {
        if (queue.state === 'closed') return;
        if (queue.state === 'aborted') fail('close after the writer was aborted');
        skipComplete();
        const t = tensors[index];
        if (t) {
          await queue.discard();
          const size = dtypeByteSize(t.dtype);
          fail(
            `incomplete: ${written / size} of ${(t.end - t.begin) / size} elements were written before close(); the file was not created`,
            t.name,
          );
        }
        try {
          await queue.commit();
        } catch (e) {
          await queue.discard();
          throw fsError(path, e, 'cannot finish writing');
        }
      });
    },
    abort() {
      return queue.abort();
    },
  };
}
