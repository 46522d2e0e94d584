import { openAtomicFile } from '@interp/core/node';
import { mkdtemp, open, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAtomicWriteQueue,
  createSafetensorsWriter,
  readExactly,
  readSafetensorsFile,
  readSafetensorsHeader,
  readTensor,
  readTensorChunks,
  writeAll,
  writeSafetensorsFile,
} from './node';
import { serializeSafetensors } from './serializeSafetensors';
import { SafetensorsError } from './SafetensorsError';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safetensors-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Float32 rows [rows, width] with value row * 1000 + column. */
function rowsMatrix(rows: number, width: number): Float32Array {
  return Float32Array.from({ length: rows * width }, (_, i) => Math.floor(i / width) * 1000 + (i % width));
}

describe('writeSafetensorsFile / readSafetensorsFile', () => {
  it('round-trips tensors and metadata through a file, byte-identical to serializeSafetensors', async () => {
    const path = join(dir, 'roundtrip.safetensors');
    const tensors = {
      w: { shape: [3, 2], data: rowsMatrix(3, 2) },
      ids: { shape: [4], data: new BigInt64Array([1n, -2n, 3n, 2n ** 60n]) },
      mask: { dtype: 'BOOL' as const, shape: [3], data: new Uint8Array([1, 0, 1]) },
    };
    await writeSafetensorsFile(path, tensors, { source: 'test' });
    expect(new Uint8Array(await readFile(path))).toEqual(serializeSafetensors(tensors, { source: 'test' }));
    const back = await readSafetensorsFile(path);
    expect(back.metadata).toEqual({ source: 'test' });
    expect(Array.from(back.tensors.w!.data as Float32Array)).toEqual(Array.from(tensors.w.data));
    expect(Array.from(back.tensors.ids!.data as BigInt64Array)).toEqual(Array.from(tensors.ids.data));
    expect(back.tensors.mask?.dtype).toBe('BOOL');
  });

  it('replaces an existing file atomically and leaves no temp files behind', async () => {
    const sub = await mkdtemp(join(dir, 'atomic-'));
    const path = join(sub, 'w.safetensors');
    await writeFile(path, 'old contents');
    await writeSafetensorsFile(path, { w: { shape: [1], data: new Float32Array([7]) } });
    expect(await readdir(sub)).toEqual(['w.safetensors']);
    expect((await readSafetensorsFile(path)).tensors.w?.data[0]).toBe(7);
  });

  it('leaves the old file untouched when the input is invalid', async () => {
    const sub = await mkdtemp(join(dir, 'invalid-'));
    const path = join(sub, 'w.safetensors');
    await writeFile(path, 'old contents');
    await expect(writeSafetensorsFile(path, { w: { shape: [2], data: new Float32Array(3) } })).rejects.toThrow(
      /w\.safetensors: tensor "w": shape \[2\] holds 2 elements but data has 3/,
    );
    expect(await readFile(path, 'utf8')).toBe('old contents');
    expect(await readdir(sub)).toEqual(['w.safetensors']);
  });

  it('reports a missing file by name', async () => {
    const path = join(dir, 'nope.safetensors');
    await expect(readSafetensorsFile(path)).rejects.toThrow(/nope\.safetensors: cannot read: file not found/);
    await expect(readSafetensorsHeader(path)).rejects.toThrow(/nope\.safetensors: cannot open for reading: file not found/);
  });

  it('names the file and tensor of a truncated file in every reader', async () => {
    const path = join(dir, 'truncated.safetensors');
    await writeSafetensorsFile(path, { a: { shape: [4], data: new Float32Array(4) }, b: { shape: [4], data: new Float32Array(4) } });
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(path));
    await truncate(path, size - 3);
    await expect(readSafetensorsFile(path)).rejects.toThrow(/truncated\.safetensors: tensor "b": data_offsets \[16, 32\] are out of range/);
    await expect(readSafetensorsHeader(path)).rejects.toThrow(/tensor "b".*out of range/);
    await expect(readTensor(path, 'a')).rejects.toThrow(SafetensorsError);
    await expect(readTensorChunks(path, 'a', 2).next()).rejects.toThrow(/out of range/);
  });
});

describe('readSafetensorsHeader / readTensor', () => {
  it('reads the header alone, with offsets and headerSize locating the data', async () => {
    const path = join(dir, 'header.safetensors');
    const data = rowsMatrix(2, 3);
    await writeSafetensorsFile(path, { x: { shape: [1], data: new Uint8Array([5]) }, m: { shape: [2, 3], data } }, { k: 'v' });
    const header = await readSafetensorsHeader(path);
    expect(header.metadata).toEqual({ k: 'v' });
    expect(header.entries).toEqual({
      x: { dtype: 'U8', shape: [1], dataOffsets: [0, 1] },
      m: { dtype: 'F32', shape: [2, 3], dataOffsets: [1, 25] },
    });
    const bytes = await readFile(path);
    const start = 8 + header.headerSize + 1;
    expect(Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + 24)))).toEqual(Array.from(data));
    const m = await readTensor(path, 'm');
    expect(Array.from(m.data as Float32Array)).toEqual(Array.from(data));
    await expect(readTensor(path, 'y')).rejects.toThrow(/no tensor named "y"; the file has "x", "m"/);
  });
});

describe('createSafetensorsWriter', () => {
  const layout = {
    acts: { dtype: 'F32' as const, shape: [10, 3] },
    empty: { dtype: 'F64' as const, shape: [0] },
    ids: { dtype: 'I32' as const, shape: [4] },
  };
  const acts = rowsMatrix(10, 3);
  const ids = new Int32Array([4, 3, 2, 1]);

  it('streaming several chunks produces the same bytes as a one-shot write', async () => {
    const path = join(dir, 'streamed.safetensors');
    const writer = await createSafetensorsWriter(path, layout, { hook: 'hidden.post' });
    await writer.write('acts', acts.subarray(0, 9));
    await writer.write('acts', acts.subarray(9, 10)); // a chunk need not end on a row
    await writer.write('acts', acts.subarray(10, 30));
    await writer.write('ids', ids.subarray(0, 1));
    await writer.write('ids', ids.subarray(1));
    await writer.close();
    const oneShot = serializeSafetensors(
      { acts: { shape: [10, 3], data: acts }, empty: { shape: [0], data: new Float64Array(0) }, ids: { shape: [4], data: ids } },
      { hook: 'hidden.post' },
    );
    expect(new Uint8Array(await readFile(path))).toEqual(oneShot);
  });

  it('does not create the file before close(), and queues writes that are not awaited', async () => {
    const sub = await mkdtemp(join(dir, 'queued-'));
    const path = join(sub, 'q.safetensors');
    const writer = await createSafetensorsWriter(path, { a: { dtype: 'U8', shape: [3] } });
    expect((await readdir(sub)).includes('q.safetensors')).toBe(false);
    void writer.write('a', new Uint8Array([1]));
    void writer.write('a', new Uint8Array([2]));
    void writer.write('a', new Uint8Array([3]));
    await writer.close();
    expect(await readdir(sub)).toEqual(['q.safetensors']);
    expect(Array.from((await readSafetensorsFile(path)).tensors.a!.data as Uint8Array)).toEqual([1, 2, 3]);
  });

  it('rejects out-of-order tensors, unknown names, wrong dtypes and overflowing chunks', async () => {
    const path = join(dir, 'order.safetensors');
    const writer = await createSafetensorsWriter(path, layout);
    await expect(writer.write('ids', ids)).rejects.toThrow(
      /order\.safetensors: tensor "ids": cannot start before tensor "acts" is complete \(0 of 30 elements written\); layout order: "acts", "empty", "ids"/,
    );
    await expect(writer.write('other', acts)).rejects.toThrow(/tensor "other": is not in the layout/);
    await expect(writer.write('acts', new Float64Array(3))).rejects.toThrow(/a chunk of dtype F32 cannot be written from Float64Array/);
    await expect(writer.write('acts', new Float32Array(31))).rejects.toThrow(/chunk of 31 elements overflows the tensor: only 30 of 30 elements remain/);
    await writer.write('acts', acts);
    await expect(writer.write('acts', new Float32Array(1))).rejects.toThrow(/tensor "acts": is already complete/);
    await writer.abort();
  });

  it('close() on an incomplete tensor throws naming it and deletes the temp file', async () => {
    const sub = await mkdtemp(join(dir, 'short-'));
    const path = join(sub, 's.safetensors');
    const writer = await createSafetensorsWriter(path, layout);
    await writer.write('acts', acts.subarray(0, 12));
    await expect(writer.close()).rejects.toThrow(/tensor "acts": incomplete: 12 of 30 elements were written before close\(\); the file was not created/);
    expect(await readdir(sub)).toEqual([]);
    await expect(writer.write('acts', acts)).rejects.toThrow(/write after the writer was aborted/);
  });

  it('abort() deletes the temp file and keeps an existing file', async () => {
    const sub = await mkdtemp(join(dir, 'abort-'));
    const path = join(sub, 'a.safetensors');
    await writeFile(path, 'keep me');
    const writer = await createSafetensorsWriter(path, layout);
    await writer.write('acts', acts.subarray(0, 6));
    await writer.abort();
    await writer.abort();
    expect(await readdir(sub)).toEqual(['a.safetensors']);
    expect(await readFile(path, 'utf8')).toBe('keep me');
  });
});

describe('readTensorChunks', () => {
  it('yields consecutive row chunks that concatenate to the tensor, the last one short', async () => {
    const path = join(dir, 'chunks.safetensors');
    const data = rowsMatrix(10, 3);
    await writeSafetensorsFile(path, { pre: { shape: [1], data: new Uint8Array([9]) }, acts: { shape: [10, 3], data } });
    const chunks = [];
    for await (const chunk of readTensorChunks(path, 'acts', 4)) chunks.push(chunk);
    expect(chunks.map((c) => [c.rowStart, c.rows, c.data.length])).toEqual([
      [0, 4, 12],
      [4, 4, 12],
      [8, 2, 6],
    ]);
    for (const c of chunks) {
      expect(c.data).toBeInstanceOf(Float32Array);
      expect(Array.from(c.data as Float32Array)).toEqual(Array.from(data.subarray(c.rowStart * 3, (c.rowStart + c.rows) * 3)));
    }
  });

  it('yields one chunk when rowsPerChunk exceeds the rows, and stops early without leaking', async () => {
    const path = join(dir, 'chunks2.safetensors');
    await writeSafetensorsFile(path, { acts: { shape: [5, 2], data: rowsMatrix(5, 2) } });
    const all = [];
    for await (const c of readTensorChunks(path, 'acts', 100)) all.push(c.rows);
    expect(all).toEqual([5]);
    for await (const c of readTensorChunks(path, 'acts', 1)) {
      expect(c.rowStart).toBe(0);
      break;
    }
  });

  it('rejects a non-positive chunk size and an unknown tensor', async () => {
    const path = join(dir, 'chunks3.safetensors');
    await writeSafetensorsFile(path, { acts: { shape: [2], data: new Float32Array(2) } });
    await expect(readTensorChunks(path, 'acts', 0).next()).rejects.toThrow(/rowsPerChunk must be a positive integer, got 0/);
    await expect(readTensorChunks(path, 'nope', 1).next()).rejects.toThrow(/no tensor named "nope"; the file has "acts"/);
  });
});

describe('readExactly / writeAll', () => {
  it('writes bytes at the handle position and reads exact ranges back', async () => {
    const path = join(dir, 'exact.bin');
    const out = await open(path, 'w');
    try {
      await writeAll(out, new Uint8Array([1, 2, 3]));
      await writeAll(out, new Uint8Array(0));
      await writeAll(out, new Uint8Array([4, 5]));
    } finally {
      await out.close();
    }
    expect(Array.from(await readFile(path))).toEqual([1, 2, 3, 4, 5]);
    const fh = await open(path, 'r');
    try {
      expect(Array.from(await readExactly(fh, path, 3, 1))).toEqual([2, 3, 4]);
      expect(await readExactly(fh, path, 0, 5)).toEqual(new Uint8Array(0));
    } finally {
      await fh.close();
    }
  });

  it('throws naming the file and offsets when the file ends first: a SafetensorsError, or the error createError builds', async () => {
    const path = join(dir, 'short.bin');
    await writeFile(path, new Uint8Array([1, 2, 3, 4]));
    const fh = await open(path, 'r');
    try {
      const error: unknown = await readExactly(fh, path, 4, 2).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SafetensorsError);
      expect((error as SafetensorsError).source).toBe(path);
      expect((error as SafetensorsError).message).toBe(
        `safetensors: ${path}: unexpected end of file at byte 4 while reading 4 bytes at 2 (truncated?)`,
      );
      class OtherError extends Error {}
      const other: unknown = await readExactly(fh, path, 8, 0, (message, source) => new OtherError(`${source}: ${message}`)).catch((e: unknown) => e);
      expect(other).toBeInstanceOf(OtherError);
      expect(other).not.toBeInstanceOf(SafetensorsError);
      expect((other as Error).message).toBe(`${path}: unexpected end of file at byte 4 while reading 8 bytes at 0 (truncated?)`);
    } finally {
      await fh.close();
    }
  });
});

describe('createAtomicWriteQueue', () => {
  it('runs jobs one at a time in call order, a failed job not stopping the next, and commits onto the path', async () => {
    const sub = await mkdtemp(join(dir, 'queue-'));
    const path = join(sub, 'q.bin');
    const file = await openAtomicFile(path);
    const queue = createAtomicWriteQueue(file, writeAll(file.handle, new Uint8Array([9])));
    const order: number[] = [];
    const slowFirst = queue.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push(1);
      await writeAll(file.handle, new Uint8Array([1]));
      return 'one';
    });
    const failing = queue.run(async () => {
      order.push(2);
      throw new Error('job 2 failed');
    });
    const third = queue.run(async () => {
      order.push(3);
      await writeAll(file.handle, new Uint8Array([3]));
    });
    await expect(slowFirst).resolves.toBe('one');
    await expect(failing).rejects.toThrow('job 2 failed');
    await third;
    expect(order).toEqual([1, 2, 3]);
    expect(queue.state).toBe('open');
    expect(await readdir(sub)).toHaveLength(1); // the temp file only
    await queue.run(() => queue.commit());
    expect(queue.state).toBe('closed');
    await queue.abort(); // a committed file stays
    expect(queue.state).toBe('closed');
    expect(await readdir(sub)).toEqual(['q.bin']);
    expect(Array.from(await readFile(path))).toEqual([9, 1, 3]);
  });

  it('rejects the first job with the error of a failed `first`, then runs the next', async () => {
    const sub = await mkdtemp(join(dir, 'queue-first-'));
    const file = await openAtomicFile(join(sub, 'f.bin'));
    const queue = createAtomicWriteQueue(file, Promise.reject(new Error('header failed')));
    let ran = false;
    await expect(
      queue.run(async () => {
        ran = true;
      }),
    ).rejects.toThrow('header failed');
    expect(ran).toBe(false);
    await expect(queue.run(async () => 2)).resolves.toBe(2);
    await queue.abort();
  });

  it('abort() and discard() delete the temp file, keep an existing file and mark the queue aborted', async () => {
    const sub = await mkdtemp(join(dir, 'queue-abort-'));
    const path = join(sub, 'a.bin');
    await writeFile(path, 'keep me');
    const file = await openAtomicFile(path);
    const queue = createAtomicWriteQueue(file);
    void queue.run(() => writeAll(file.handle, new Uint8Array([1, 2, 3])));
    await queue.abort();
    await queue.abort();
    expect(queue.state).toBe('aborted');
    expect(await readdir(sub)).toEqual(['a.bin']);
    expect(await readFile(path, 'utf8')).toBe('keep me');

    const second = createAtomicWriteQueue(await openAtomicFile(path));
    await second.run(() => second.discard());
    expect(second.state).toBe('aborted');
    expect(await readdir(sub)).toEqual(['a.bin']);
  });
});
