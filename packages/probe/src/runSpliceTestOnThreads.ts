import * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from '@interp/models';
import { addSpliceErrors, summarizeSpliceErrors, type SpliceErrorSums } from './addSpliceErrors';
import { createThreadedEncoder, type Sae, type SparseFeatures } from '@interp/sae';
import { readSpliceBatches } from './readSpliceBatches';
import { resolveSpliceRun } from './resolveBatchedRun';
import { createKernels, type Kernels } from '@interp/kernels';
import type { SparseEncoder } from './runFeatureActivationsOnThreads';
import { runSpliceTest, type SpliceData, type SpliceTestOptions, type SpliceTestResult } from './runSpliceTest';

/**
 * Options of {@link runSpliceTestOnThreads}.
 *
 * @example
 * ```ts
 * import { runSpliceTestOnThreads, type SpliceTestThreadOptions } from '@interp/probe';
 * const options: SpliceTestThreadOptions = { hook: 'hidden.post', threads: 2 };
 * const result = await runSpliceTestOnThreads(model, sae, test, options);
 * ```
 */
export interface SpliceTestThreadOptions extends SpliceTestOptions {
  /** Threads of the encoder started for the call (default all cores); ignored when `encoder` is given. */
  threads?: number;
  /** An encoder already started (or starting) for this SAE, which the caller disposes; default one started and stopped here. */
  encoder?: SparseEncoder | Promise<SparseEncoder | undefined>;
}

/**
 * `b_dec + codes W_dec` of each row as tfjs' wasm backend computes `sae.decode` (a `matMul` that adds the
 * products in feature order, each rounded to float32, then `add(b_dec)`): the non-zero codes of a row
 * taken in feature order give the same float32 sums, as the zero products leave the running sum unchanged.
 */
function decodeInFeatureOrder(codes: SparseFeatures, decoder: FeatureOrderDecoder): Float32Array {
  const { rows, k, indices, values } = codes;
  const { dIn, kernels } = decoder;
  const out = new Float32Array(rows * dIn);
  const { heap } = kernels;
  const acc = decoder.acc;
  const order = new Int32Array(k);
  // the wasm kernels' axpy rounds the product and then the sum to float32, as the statement below does; the
  // JavaScript kernels' axpy rounds once, so they keep the statement
  const simd = kernels.kind === 'wasm-simd';
  for (let r = 0; r < rows; r++) {
    let n = 0;
    for (let q = 0; q < k; q++) {
      const t = r * k + q;
      if (indices[t]! < 0 || values[t]! === 0) continue;
      // insertion by feature id (k is small)
      let c = n++;
      while (c > 0 && indices[r * k + order[c - 1]!]! > indices[t]!) {
        order[c] = order[c - 1]!;
        c--;
      }
      order[c] = q;
    }
    heap.fill(0, acc, acc + dIn);
    for (let a = 0; a < n; a++) {
      const t = r * k + order[a]!;
      const v = values[t]!;
      const wo = indices[t]! * dIn;
      if (simd) kernels.axpy(acc, wo, dIn, v);
      else for (let i = 0; i < dIn; i++) heap[acc + i] = heap[acc + i]! + Math.fround(v * heap[wo + i]!);
    }
    const o = r * dIn;
    for (let i = 0; i < dIn; i++) out[o + i] = heap[acc + i]! + heap[decoder.bDec + i]!;
  }
  return out;
}

/** `W_dec` (`[dSae, dIn]` from float 0), `b_dec` and one row of sums on a kernel heap, for {@link decodeInFeatureOrder}. */
interface FeatureOrderDecoder {
  kernels: Kernels;
  dIn: number;
  bDec: number;
  acc: number;
}

/** Copies the SAE's decoder onto a new kernel heap (wasm SIMD where it runs; nothing to dispose: the heap is garbage-collected). */
function createFeatureOrderDecoder(wDec: Float32Array, bDec: Float32Array, dIn: number): FeatureOrderDecoder {
  const kernels = createKernels(wDec.length + 2 * dIn);
  kernels.heap.set(wDec, 0);
  kernels.heap.set(bDec, wDec.length);
  return { kernels, dIn, bDec: wDec.length, acc: wDec.length + dIn };
}

/**
 * {@link runSpliceTest} with the SAE's encoder on worker threads: on the wasm backend, for a TopK SAE the
 * threaded encoder of `@interp/sae` runs (`createThreadedEncoder`), each test row's hook activation is encoded
 * there and decoded on the host in feature order, which gives `sae.forward`'s reconstruction bit for bit (the
 * encoder's product rounds as tfjs' wasm `matMul`; barring an exact tie at the k-th largest pre-activation).
 * The model itself runs on tfjs as in `runSpliceTest`, so the three MSEs are the same numbers. Any other
 * backend or SAE runs `runSpliceTest`.
 *
 * @example
 * ```ts
 * const { mseRecovered } = await runSpliceTestOnThreads(model, sae, test, { hook: 'hidden.post', threads: 2 });
 * console.log(`MSE recovered: ${mseRecovered.toFixed(1)}%`);
 * ```
 * @throws RangeError for an unknown hook, an SAE of the wrong width, or data of the wrong width.
 */
export async function runSpliceTestOnThreads(model: Mlp, sae: Sae, data: SpliceData, options: SpliceTestThreadOptions = {}): Promise<SpliceTestResult> {
  const run = resolveSpliceRun(model, sae, data, options, 'runSpliceTestOnThreads');
  const { hook, batchSize, dIn } = run;
  const plain = { hook, batchSize };
  if (tf.getBackend() !== 'wasm' || sae.config.activation.type !== 'topk') return runSpliceTest(model, sae, data, plain);
  const started = options.encoder === undefined ? createThreadedEncoder(sae, options.threads) : undefined;
  try {
    const encoder = options.encoder === undefined ? await started : await options.encoder;
    if (!encoder) return runSpliceTest(model, sae, data, plain);
    const decoder = createFeatureOrderDecoder(sae.W_dec.dataSync() as Float32Array, sae.b_dec.dataSync() as Float32Array, dIn);
    const sums: SpliceErrorSums = { clean: 0, spliced: 0, zero: 0 };
    for (const { n, x, y } of readSpliceBatches(data, run)) {
      const { output, cache } = model.runWithCache(x, [hook]);
      const h = cache[hook] as tf.Tensor2D;
      let hData: Float32Array;
      try {
        hData = (h.dataSync() as Float32Array).slice();
      } finally {
        tf.dispose([output, h]);
      }
      const recon = decodeInFeatureOrder(await encoder.encodeSparse(hData, n), decoder);
      addSpliceErrors(model, x, y, hook, () => tf.tensor2d(recon, [n, dIn], 'float32'), sums);
    }
    return summarizeSpliceErrors(hook, data.rows, run.outputSize, sums);
  } finally {
    (await started?.catch(() => undefined))?.dispose();
  }
}
