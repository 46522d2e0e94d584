import { createParallelTopKTrainer, type ParallelTopKTrainer } from './createParallelTopKTrainer';
import { resolveThreads } from '@interp/kernels';
import { createTrainingState, type TrainingState } from './createTrainingState';
import type { EncodedChunk } from './evaluateSae';
import type { Sae } from './Sae';
import { sortRowSlots, type SparseFeatures } from './SparseFeatures';
import { transposeInto } from './transposeInto';

/** Rows per batch of the threaded encoder (the heap's batch block). */
const BLOCK_ROWS = 512;

/**
 * A TopK SAE's encoder on worker threads (see {@link createThreadedEncoder}).
 *
 * @example
 * ```ts
 * import { createThreadedEncoder, type ThreadedEncoder } from '@interp/sae';
 * const encoder: ThreadedEncoder | undefined = await createThreadedEncoder(sae);
 * if (encoder) {
 *   console.log(`${encoder.threads} threads${encoder.note ? ` (${encoder.note})` : ''}`);
 *   const codes = await encoder.encodeSparse(acts.data, acts.rows); // as sae.encodeSparse, on worker threads
 *   encoder.dispose();
 * }
 * ```
 */
export interface ThreadedEncoder {
  /** Threads that run. */
  readonly threads: number;
  /** Why fewer threads run than were asked for, if so. */
  readonly note?: string;
  /** Same result as `sae.encodeSparse(data, rows)` (rows sorted by activation, `-1` in unused slots). */
  encodeSparse(data: Float32Array, rows: number): Promise<SparseFeatures>;
  /**
   * Encodes and reconstructs up to 512 rows and hands their codes and squared reconstruction errors to `use`
   * (valid only during the call; `sq`, per element, as the SAE's own `decodeSparse` reconstructs); for metrics
   * without the dense reconstruction.
   */
  encodeBlock(data: Float32Array, rows: number, use: (codes: EncodedChunk) => void): Promise<void>;
  /** Stops the workers. */
  dispose(): void;
}

/**
 * Starts the threaded trainer's kernels (the same encoder product, TopK selection and reconstruction as a
 * training step, split by rows over `threads` threads, default all cores) with a trained TopK SAE's weights,
 * for encoding and evaluating many rows. Returns `undefined` for SAEs these kernels do not run (not TopK, input
 * normalisation, decoder-norm rescaling, `applyBDecToInput: false`) and where WebAssembly SIMD is unavailable:
 * use the SAE's own methods then.
 *
 * Results: the same encoder product (bit for bit, as tfjs' wasm `matMul`) and the same selection as
 * `sae.encodeSparse`, so codes are identical (barring exact ties at the k-th value, which may pick another
 * feature); `encodeBlock`'s squared errors are those of `sae.decodeSparse`'s reconstruction, element by element.
 *
 * @example
 * ```ts
 * const encoder = await createThreadedEncoder(sae, 2);
 * if (encoder) {
 *   const codes = await encoder.encodeSparse(rowsData, rows);
 *   encoder.dispose();
 * }
 * ```
 */
export async function createThreadedEncoder(sae: Sae, threads?: number): Promise<ThreadedEncoder | undefined> {
  const { config } = sae;
  const act = config.activation;
  if (act.type !== 'topk' || (config.normalizeActivations ?? 'none') !== 'none' || config.rescaleActsByDecoderNorm || config.applyBDecToInput === false) {
    return undefined;
  }
  const support = resolveThreads(threads, 'createThreadedEncoder: threads');
  const { dIn: d, dSae: S } = config;
  let state: TrainingState;
  try {
    state = createTrainingState(d, S, BLOCK_ROWS, 'auto', support.threads > 1);
  } catch {
    return undefined;
  }
  if (state.kernels.kind !== 'wasm-simd') return undefined;
  const { heap, layout: L } = state;
  const w = sae.getWeights();
  transposeInto(w.W_enc, 0, d, S, heap, L.wenc);
  heap.set(w.W_dec, L.wdec);
  heap.set(w.b_enc, L.benc);
  heap.set(w.b_dec, L.bdec);
  const k = act.k;
  const trainer: ParallelTopKTrainer = await createParallelTopKTrainer(state, support.threads, k, 1);
  let busy = false;
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    if (busy) throw new Error('ThreadedEncoder: one call at a time (await the previous one)');
    busy = true;
    try {
      return await work();
    } finally {
      busy = false;
    }
  };
  const check = (data: Float32Array, rows: number, where: string): void => {
    if (!Number.isInteger(rows) || rows < 0) throw new Error(`ThreadedEncoder.${where}: rows must be an integer >= 0, got ${rows}`);
    if (!(data instanceof Float32Array) || data.length !== rows * d) {
      throw new Error(`ThreadedEncoder.${where}: data must be a Float32Array of rows * ${d} = ${rows * d} floats, got ${data.length}`);
    }
  };
  const encodeInHeap = async (data: Float32Array, n: number, exact = false): Promise<void> => {
    heap.set(data, L.x);
    await (exact ? trainer.measure(n) : trainer.encode(n));
  };
  return {
    threads: support.threads,
    ...(support.note !== undefined ? { note: support.note } : {}),
    encodeSparse: (data, rows) =>
      run(async () => {
        check(data, rows, 'encodeSparse');
        const indices = new Int32Array(rows * k).fill(-1);
        const values = new Float32Array(rows * k);
        const { idx, val, count } = trainer.codes;
        for (let r0 = 0; r0 < rows; r0 += BLOCK_ROWS) {
          const n = Math.min(BLOCK_ROWS, rows - r0);
          await encodeInHeap(data.subarray(r0 * d, (r0 + n) * d), n);
          for (let b = 0; b < n; b++) {
            const o = (r0 + b) * k;
            const c = count[b]!;
            indices.set(idx.subarray(b * k, b * k + c), o);
            values.set(val.subarray(b * k, b * k + c), o);
            sortRowSlots(indices, values, o, c);
          }
        }
        return { rows, k, dSae: S, indices, values };
      }),
    encodeBlock: (data, rows, use) =>
      run(async () => {
        check(data, rows, 'encodeBlock');
        if (rows > BLOCK_ROWS) throw new Error(`ThreadedEncoder.encodeBlock: at most ${BLOCK_ROWS} rows per block, got ${rows}`);
        await encodeInHeap(data, rows, true);
        use(trainer.codes);
      }),
    dispose() {
      trainer.dispose();
    },
  };
}
