import { SafetensorsError } from './SafetensorsError';
import { dtypeByteSize, type TypedArray } from './dtypes';
import { typedArrayFromBytes } from './parseSafetensors';
import { openFile } from './fileAccess';
import { readExactly } from './readExactly';
import { readHeaderFromHandle } from './readSafetensorsHeader';
import { findEntry } from './readTensor';

/**
 * One chunk of rows of a tensor, as yielded by {@link readTensorChunks}.
 *
 * @example
 * ```ts
 * import { readTensorChunks, type TensorChunk } from '@interp/safetensors/node';
 * let total = 0;
 * for await (const chunk of readTensorChunks('acts.safetensors', 'activations', 4096)) {
 *   const c: TensorChunk = chunk;
 *   total += c.rows; // rows c.rowStart .. c.rowStart + c.rows - 1
 * }
 * ```
 */
export interface TensorChunk {
  /** Index of the chunk's first row (first dimension). */
  rowStart: number;
  /** Rows in this chunk (the last may be short). */
  rows: number;
  /** `rows * rowLength` elements, row-major, in a fresh array the caller may keep. */
  data: TypedArray;
}

/**
 * Streams a tensor from a file in chunks of `rowsPerChunk` rows (rows = first dimension; a 0-d tensor is
 * one row), holding one chunk in memory at a time. The header is validated before the first chunk.
 *
 * @example
 * ```ts
 * import { readTensorChunks } from '@interp/safetensors/node';
 * for await (const { rowStart, rows, data } of readTensorChunks('acts.safetensors', 'activations', 1024)) {
 *   console.log(rowStart, rows, data.length);
 * }
 * ```
 */
export async function* readTensorChunks(path: string, name: string, rowsPerChunk: number): AsyncGenerator<TensorChunk> {
  if (!Number.isSafeInteger(rowsPerChunk) || rowsPerChunk < 1) {
    throw new SafetensorsError(`rowsPerChunk must be a positive integer, got ${rowsPerChunk}`, { source: path });
  }
  const fh = await openFile(path, 'r');
  try {
    const header = await readHeaderFromHandle(fh, path);
    const entry = findEntry(header, name, path);
    const rowsTotal = entry.shape.length === 0 ? 1 : (entry.shape[0] as number);
    const rowLength = entry.shape.slice(1).reduce((a, d) => a * d, 1);
    const rowBytes = rowLength * dtypeByteSize(entry.dtype);
    const start = 8 + header.headerSize + entry.dataOffsets[0];
    for (let rowStart = 0; rowStart < rowsTotal; rowStart += rowsPerChunk) {
      const rows = Math.min(rowsPerChunk, rowsTotal - rowStart);
      const bytes = await readExactly(fh, path, rows * rowBytes, start + rowStart * rowBytes);
      yield { rowStart, rows, data: typedArrayFromBytes(entry.dtype, bytes) };
    }
  } finally {
    await fh.close();
  }
}
