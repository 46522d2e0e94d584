import { createThreadPool, resolveThreads, type ThreadPool } from '@interp/kernels';
import type { Mlp } from '@interp/models';
import type { Sae } from '@interp/sae';
import { createEffectThreadPhases, type EffectHeapLayout, type EffectThreadInit } from './createEffectThreadPhases';

/**
 * (feature, row) pairs of the output effects: add `coef[p] * W_dec[feat[p]]` to the hook activation of row `row[p]`.
 *
 * @internal
 */
export interface EffectPairs {
  row: Int32Array;
  feat: Int32Array;
  coef: Float32Array;
  length: number;
}

/**
 * The model's first output for each pair, on worker threads (see {@link createOutputEffectRunner}).
 *
 * @internal
 */
export interface OutputEffectRunner {
  readonly threads: number;
  /** `y[p]`: the first output of the model run from the hook on `hook[row[p]] + coef[p] * W_dec[feat[p]]`. */
  firstOutputs(pairs: EffectPairs): Promise<Float32Array>;
  dispose(): void;
}

/** Pairs per block of a thread (a multiple of 4). */
const BLOCK = 64;

/**
 * Starts the output-effect kernels (`@interp/kernels`' matMul, which rounds as tfjs' wasm backend) on `threads`
 * threads with the model's layers after the hook, the SAE decoder and the rows' hook activations; pairs up to
 * `capacity` per call. Returns `undefined` where they do not apply, and the caller then runs the model on tfjs:
 * a hook other than `hidden.post`, a bottleneck other than ReLU or linear, no WebAssembly SIMD.
 *
 * @internal
 */
export async function createOutputEffectRunner(
  model: Mlp,
  sae: Sae,
  hook: string,
  hookActivations: Float32Array,
  capacity: number,
  threads: number | undefined,
  where: string,
): Promise<OutputEffectRunner | undefined> {
  const { config } = model;
  if (hook !== 'hidden.post' || (config.bottleneckActivation !== 'relu' && config.bottleneckActivation !== 'linear')) return undefined;
  const H = config.hiddenSize;
  const C = config.bottleneckSize;
  const O = config.outputSize;
  if (sae.config.dIn !== H || hookActivations.length % H !== 0) return undefined;
  const support = resolveThreads(threads, `${where}: threads`);
  const T = support.threads;
  const weights = model.getWeights();
  const w2 = weights['bottleneck.weight']?.data;
  const b2 = weights['bottleneck.bias']?.data;
  const w3 = weights['output.weight']?.data;
  const b3 = weights['output.bias']?.data;
  if (!w2 || !b2 || !w3 || !b3) return undefined;
  const dSae = sae.config.dSae;
  const cap = Math.max(4, capacity);
  let next = 0;
  const take = (floats: number): number => {
    const at = next;
    next += Math.ceil(floats / 4) * 4;
    return at;
  };
  const layout: EffectHeapLayout = {
    hook: take(hookActivations.length),
    wdec: take(dSae * H),
    w2: take(H * C),
    b2: take(C),
    w3: take(C * O),
    b3: take(O),
    row: take(cap),
    feat: take(cap),
    coef: take(cap),
    out: take(cap),
    scratch: take(T * BLOCK * (H + C)),
    size: 0,
  };
  layout.size = next;
  const shared = T > 1;
  const pages = Math.max(1, Math.ceil((layout.size * 4) / 65536));
  let memory: WebAssembly.Memory;
  try {
    memory = shared ? new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true }) : new WebAssembly.Memory({ initial: pages });
  } catch {
    return undefined;
  }
  const buffer = (bytes: number): ArrayBuffer | SharedArrayBuffer => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const init: EffectThreadInit = {
    memory,
    control: new Int32Array(buffer(64)),
    errorText: new Uint8Array(buffer(1024)),
    threads: T,
    layout,
    sizes: { h: H, c: C, o: O, block: BLOCK },
    params: new Int32Array(buffer(16)),
    bottleneckRelu: config.bottleneckActivation === 'relu',
  };
  const heap = new Float32Array(memory.buffer, 0, layout.size);
  const heapI = new Int32Array(memory.buffer, 0, layout.size);
  heap.set(hookActivations, layout.hook);
  heap.set(sae.W_dec.dataSync() as Float32Array, layout.wdec);
  heap.set(w2, layout.w2);
  heap.set(b2, layout.b2);
  heap.set(w3, layout.w3);
  heap.set(b3, layout.b3);
  let pool: ThreadPool;
  try {
    pool = await createThreadPool(init, createEffectThreadPhases, 'output effects');
  } catch {
    return undefined;
  }
  return {
    threads: T,
    async firstOutputs(pairs) {
      const out = new Float32Array(pairs.length);
      for (let p0 = 0; p0 < pairs.length; p0 += cap) {
        const n = Math.min(cap, pairs.length - p0);
        heapI.set(pairs.row.subarray(p0, p0 + n), layout.row);
        heapI.set(pairs.feat.subarray(p0, p0 + n), layout.feat);
        heap.set(pairs.coef.subarray(p0, p0 + n), layout.coef);
        init.params[0] = n;
        await pool.run(1);
        out.set(heap.subarray(layout.out, layout.out + n), p0);
      }
      return out;
    },
    dispose() {
      pool.dispose();
    },
  };
}
