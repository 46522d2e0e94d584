import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureCodes } from './createFeatureSummarizer';

/** Codes of a pass over the activations, kept for a second pass (see {@link createCodeSpill}). */
export interface CodeSpill {
  write(codes: FeatureCodes): Promise<void>;
  /** The codes written, in order, one block at a time. */
  read(): AsyncIterable<FeatureCodes>;
  /** Removes the temporary file (a no-op in memory). */
  dispose(): Promise<void>;
}

/**
 * Keeps blocks of sparse codes for a second pass: in memory, or (`toDisk`) in a temporary file under the
 * OS temp folder, read back block by block, so that memory does not grow with the rows. Scratch space, not
 * an artifact: removed by `dispose()` (also after an error).
 *
 * @example
 * ```ts
 * const spill = await createCodeSpill({ toDisk: true });
 * try {
 *   await spill.write(sae.encodeSparse(block, 4096));
 *   for await (const codes of spill.read()) use(codes);
 * } finally {
 *   await spill.dispose();
 * }
 * ```
 */
export async function createCodeSpill(options: { toDisk: boolean }): Promise<CodeSpill> {
  if (!options.toDisk) {
    const blocks: FeatureCodes[] = [];
    return {
      async write(codes) {
        blocks.push(codes);
      },
      async *read() {
        yield* blocks;
      },
      async dispose() {
        blocks.length = 0;
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'interp-codes-'));
  const fh = await open(join(dir, 'codes.bin'), 'w+');
  const blocks: Array<{ k: number; slots: number; offset: number }> = [];
  let offset = 0;
  const writeAt = async (bytes: Uint8Array, at: number): Promise<void> => {
    for (let done = 0; done < bytes.length; ) done += (await fh.write(bytes, done, bytes.length - done, at + done)).bytesWritten;
  };
  return {
    async write(codes) {
      const slots = codes.indices.length;
      const ib = new Uint8Array(codes.indices.buffer, codes.indices.byteOffset, slots * 4);
      const vb = new Uint8Array(codes.values.buffer, codes.values.byteOffset, slots * 4);
      await writeAt(ib, offset);
      await writeAt(vb, offset + ib.length);
      blocks.push({ k: codes.k, slots, offset });
      offset += 8 * slots;
    },
    async *read() {
      for (const b of blocks) {
        const bytes = new Uint8Array(8 * b.slots);
        let got = 0;
        while (got < bytes.length) {
          const { bytesRead } = await fh.read(bytes, got, bytes.length - got, b.offset + got);
          if (bytesRead === 0) throw new Error(`${join(dir, 'codes.bin')}: ended early (temporary codes file)`);
          got += bytesRead;
        }
        yield { k: b.k, indices: new Int32Array(bytes.buffer, 0, b.slots), values: new Float32Array(bytes.buffer, 4 * b.slots, b.slots) };
      }
    },
    async dispose() {
      await fh.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
