import type { ThreadModules, ThreadPhases, ThreadPoolInit } from '@interp/kernels';

/**
 * Float offsets of the kernel forward's heap regions (multiples of 4 floats; `size` is the heap's length).
 *
 * @internal
 * @example
 * ```ts
 * const layout: MlpForwardHeapLayout = { w1: 0, b1: 5120, w2: 5632, b2: 22016, w3: 22048, b3: 22080, scale: 22084,
 *   shift: 22096, x: 22108, h1: 42588, h2: 1091164, out: 1156700, size: 1158748 }; // 10 -> 512 -> 32 -> 1 up to the output, 2048 rows
 * ```
 */
export interface MlpForwardHeapLayout {
  /** `W1` `[in, H]`, `b1`, `W2` `[H, C]`, `b2`, `W3` `[C, O]`, `b3` (the model's weights, storage order). */
  w1: number;
  b1: number;
  w2: number;
  b2: number;
  w3: number;
  b3: number;
  /** The batch's raw inputs `[maxRows, in]`, scaled in place. */
  x: number;
  /** Per-column scale and shift of the inputs. */
  scale: number;
  shift: number;
  h1: number;
  h2: number;
  out: number;
  size: number;
}

/**
 * What every thread of the kernel forward receives (structured-cloned to the workers).
 *
 * @internal
 * @example
 * ```ts
 * const init: MlpForwardThreadInit = { memory, control, errorText, threads: 2, params: new Float64Array(new SharedArrayBuffer(32)),
 *   layout, sizes: { i: 10, h: 512, c: 32, o: 1 }, scaleInputs: true, depth: 1, flags: [3, 3, 1] }; // up to hidden.post
 * const pool = await createThreadPool(init, createMlpForwardPhases, 'parallel MLP forward');
 * ```
 */
export interface MlpForwardThreadInit extends ThreadPoolInit {
  /** `[0]`: rows of the current batch. */
  params: Float64Array;
  layout: MlpForwardHeapLayout;
  sizes: { i: number; h: number; c: number; o: number };
  /** Whether the inputs are scaled (`x * scale + shift`, as two rounded f32 operations) or used as they are. */
  scaleInputs: boolean;
  /** The last layer to compute: 1 (hidden), 2 (bottleneck) or 3 (output). */
  depth: number;
  /** `matMul` flags of each layer: 1 = bias, 2 = ReLU. */
  flags: [number, number, number];
}

/**
 * One thread's share of a forward pass of the MLP on the kernels: rows split in blocks of 4, every layer a
 * `matMul` with bias-initialised accumulators and XNNPACK's ReLU clamp, as tfjs' fused `matMul` on the wasm
 * backend computes `Mlp.forward`, so the activations are the same floats on any thread count. Self-contained
 * (workers run its source text).
 *
 * @internal
 * @example
 * ```ts
 * const pool = await createThreadPool(init, createMlpForwardPhases, 'parallel MLP forward');
 * ```
 */
export function createMlpForwardPhases(init: MlpForwardThreadInit & ThreadModules): ThreadPhases {
  const { memory, layout: L, params, scaleInputs, depth, flags } = init;
  const { i: I, h: H, c: C, o: O } = init.sizes;
  const mx = new WebAssembly.Instance(init.matMulModule, { env: { memory } }).exports as unknown as {
    matMul(a: number, b: number, bias: number, out: number, M: number, N: number, K: number, sam: number, sak: number, ldb: number, ldc: number, flags: number): void;
  };
  const heap = new Float32Array(memory.buffer);
  const fround = Math.fround;

  function scalarMatMul(a: number, b: number, bias: number, out: number, m0: number, m1: number, n0: number, n1: number, K: number, sam: number, sak: number, ldb: number, ldc: number, fl: number): void {
    for (let m = m0; m < m1; m++) {
      for (let n = n0; n < n1; n++) {
        let acc = (fl & 1) !== 0 ? heap[bias + n]! : 0;
        for (let k = 0; k < K; k++) acc = fround(acc + fround(heap[a + m * sam + k * sak]! * heap[b + k * ldb + n]!));
        if ((fl & 2) !== 0 && !(0 < acc)) acc = 0;
        heap[out + m * ldc + n] = acc;
      }
    }
  }

  /** `out[m, n] = act(bias[n] + sum_k a[m, k] b[k, n])` for row-major `a` `[M, K]`, `b` `[K, N]`, `out` `[M, N]`. */
  function layer(a: number, b: number, bias: number, out: number, M: number, N: number, K: number, fl: number): void {
    const M4 = M & ~3;
    const N8 = N & ~7;
    if (M4 > 0 && N8 > 0) mx.matMul(a << 2, b << 2, bias << 2, out << 2, M4, N8, K, K, 1, N, N, fl);
    if (N8 < N) scalarMatMul(a, b, bias, out, 0, M4, N8, N, K, K, 1, N, N, fl);
    if (M4 < M) scalarMatMul(a, b, bias, out, M4, M, 0, N, K, K, 1, N, N, fl);
  }

  function forward(r0: number, r1: number): void {
    const n = r1 - r0;
    if (n <= 0) return;
    const x = L.x + r0 * I;
    if (scaleInputs) {
      for (let r = 0; r < n; r++) {
        for (let k = 0; k < I; k++) heap[x + r * I + k] = fround(fround(heap[x + r * I + k]! * heap[L.scale + k]!) + heap[L.shift + k]!);
      }
    }
    layer(x, L.w1, L.b1, L.h1 + r0 * H, n, H, I, flags[0]);
    if (depth >= 2) layer(L.h1 + r0 * H, L.w2, L.b2, L.h2 + r0 * C, n, C, H, flags[1]);
    if (depth >= 3) layer(L.h2 + r0 * C, L.w3, L.b3, L.out + r0 * O, n, O, C, flags[2]);
  }

  return {
    runPhase(phase, t, threads) {
      const T = threads > 0 ? threads : init.threads;
      const rows = params[0]!;
      const per = Math.ceil(rows / T / 4) * 4;
      if (phase === 1) forward(Math.min(rows, t * per), Math.min(rows, (t + 1) * per));
      else throw new Error(`createMlpForwardPhases: unknown phase ${phase}`);
    },
  };
}
