import type { ThreadModules, ThreadPhases, ThreadPoolInit } from '@interp/kernels';

/** Float offsets of the output-effect heap's regions. */
export interface EffectHeapLayout {
  /** The hook activations of the rows, `[rows, h]`. */
  hook: number;
  /** The SAE decoder, `[dSae, h]`. */
  wdec: number;
  /** The bottleneck layer's weight `[h, c]` and bias `[c]`. */
  w2: number;
  b2: number;
  /** The output layer's weight `[c, o]` and bias `[o]`. */
  w3: number;
  b3: number;
  /** The pairs: row and feature (as Int32), coefficient (float), `capacity` each. */
  row: number;
  feat: number;
  coef: number;
  /** The first model output of every pair, `capacity`. */
  out: number;
  /** Per thread `block * (h + c)` floats of scratch. */
  scratch: number;
  /** Floats in all. */
  size: number;
}

/** What every thread of the output-effect pool receives. */
export interface EffectThreadInit extends ThreadPoolInit {
  layout: EffectHeapLayout;
  /** Hook width `h`, bottleneck `c`, outputs `o`, pairs per block `block` (a multiple of 4). */
  sizes: { h: number; c: number; o: number; block: number };
  /** `[0]`: the number of pairs of the current run. */
  params: Int32Array;
  /** Whether the bottleneck has a ReLU (else it is linear). */
  bottleneckRelu: boolean;
}

/**
 * One thread's share of the output effects: for its pairs `p` (split by pair, blocks of 4), the hook activation
 * `hook[row[p]] + coef[p] * wdec[feat[p]]` (a float32 product, then a float32 sum), the bottleneck layer
 * `act(b2 + x W2)` and the first output `b3[0] + h2 W3[:, 0]`, each sum in order of its inner index from its
 * bias, one rounded multiply and one rounded add per term: what `Mlp.forwardFrom('hidden.post', x)` computes on
 * tfjs' wasm backend (XNNPACK), bit for bit, so the outputs are the same on any thread count. Worker threads run
 * its source text, so it is self-contained (no imports, no module-level names).
 *
 * @internal
 */
export function createEffectThreadPhases(init: EffectThreadInit & ThreadModules): ThreadPhases {
  const { memory, layout: L, params, threads: T, bottleneckRelu } = init;
  const { h: H, c: C, o: O, block: BR } = init.sizes;
  const mx = new WebAssembly.Instance(init.matMulModule, { env: { memory } }).exports as unknown as {
    matMul(a: number, b: number, bias: number, out: number, M: number, N: number, K: number, sam: number, sak: number, ldb: number, ldc: number, flags: number): void;
  };
  const kx = new WebAssembly.Instance(init.kernelModule, { env: { memory } }).exports as unknown as {
    axpy(dst: number, src: number, n: number, a: number): void;
  };
  const heap = new Float32Array(memory.buffer);
  const heapI = new Int32Array(memory.buffer);
  const fround = Math.fround;

  /** `out[m, n] = act(init + sum_k a[m sam + k sak] b[k ldb + n])`: wasm on blocks of 4 x 8, scalar (same rounding) at the edges. */
  function matMul(a: number, b: number, bias: number, out: number, M: number, N: number, K: number, sam: number, sak: number, ldb: number, ldc: number, flags: number): void {
    const M4 = M & ~3;
    const N8 = N & ~7;
    if (M4 > 0 && N8 > 0) mx.matMul(a << 2, b << 2, bias << 2, out << 2, M4, N8, K, sam, sak, ldb, ldc, flags);
    const scalar = (m0: number, m1: number, n0: number, n1: number): void => {
      for (let m = m0; m < m1; m++) {
        for (let n = n0; n < n1; n++) {
          let acc = (flags & 1) !== 0 ? heap[bias + n]! : 0;
          for (let k = 0; k < K; k++) acc = fround(acc + fround(heap[a + m * sam + k * sak]! * heap[b + k * ldb + n]!));
          if ((flags & 2) !== 0 && !(0 < acc)) acc = 0;
          heap[out + m * ldc + n] = acc;
        }
      }
    };
    scalar(0, M4, N8, N);
    scalar(M4, M, 0, N);
  }

  function run(p0: number, p1: number, t: number): void {
    const x = L.scratch + t * BR * (H + C);
    const h2 = x + BR * H;
    for (let b0 = p0; b0 < p1; b0 += BR) {
      const n = Math.min(BR, p1 - b0);
      for (let b = 0; b < n; b++) {
        const p = b0 + b;
        const src = L.hook + heapI[L.row + p]! * H;
        heap.copyWithin(x + b * H, src, src + H);
        kx.axpy((x + b * H) << 2, (L.wdec + heapI[L.feat + p]! * H) << 2, H, heap[L.coef + p]!);
      }
      matMul(x, L.w2, L.b2, h2, n, C, H, H, 1, C, C, bottleneckRelu ? 3 : 1);
      for (let b = 0; b < n; b++) {
        let y = heap[L.b3]!;
        for (let c = 0; c < C; c++) y = fround(y + fround(heap[h2 + b * C + c]! * heap[L.w3 + c * O]!));
        heap[L.out + b0 + b] = y;
      }
    }
  }

  return {
    runPhase(phase, t) {
      if (phase !== 1) throw new Error(`createEffectThreadPhases: unknown phase ${phase}`);
      const P = params[0]!;
      const per = Math.ceil(P / T / 4) * 4;
      run(Math.min(P, t * per), Math.min(P, (t + 1) * per), t);
    },
  };
}
