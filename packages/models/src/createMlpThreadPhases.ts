import type { ThreadModules, ThreadPhases, ThreadPoolInit } from '@interp/kernels';

/** Phases of one MLP training step on the kernels, in the order the trainer runs them. */
export const MLP_PHASES = {
  /** Rows split (blocks of 4): forward, squared errors, and the backward pass down to the hidden layer's `dZ1`. */
  activations: 1,
  /** Hidden units split (blocks of 8): `dW1a`, `dW2` (each a sum over the batch's rows in row order), Adam, `W2^T`; the last thread also the small layers' gradients, their Adam step and the batch's squared error. */
  update: 2,
} as const;

/** Slots of {@link MlpThreadInit.params}. */
export const MLP_PARAMS = {
  /** First row of the batch in the epoch's rows. */
  rowBase: 0,
  b1: 1,
  c1: 2,
  b2: 3,
  c2: 4,
  stepSize: 5,
  epsilon: 6,
  decay: 7,
  /** Output: the batch's sum of squared errors (f32, in row order). */
  sse: 8,
} as const;

/** Float offsets of the trainer's heap regions. */
export interface MlpHeapLayout {
  /** Parameters, storage order (`W1a` = hidden weight + bias rows, `W2`, `b2`, `W3`, `b3`). */
  p: number;
  m: number;
  v: number;
  /** Gradients: `dW1a` padded to `ka4` rows, then `dW2`, `db2`, `dW3`, `db3`. */
  g: number;
  /** `W2` transposed, `[C, H]`. */
  w2t: number;
  /** The epoch's inputs (scaled, ones column, zero padding to `ka4` columns), `[rows, ka4]`. */
  xa: number;
  /** The epoch's targets `[rows, O]`. */
  y: number;
  h1: number;
  h2: number;
  /** `dOut` of the batch `[B, O]`. */
  d: number;
  /** Squared errors of the batch `[B, O]`. */
  sq: number;
  dz2: number;
  /** `dH1` then (masked in place) `dZ1`, `[B, H]`. */
  dz1: number;
  /** 4 floats, the first 1 (the ones row of `db2 = 1^T dZ2`, read with stride 0). */
  one: number;
  /** Scratch of the small layers' gradients: `db2` (4 equal rows of `C`), then `dW3^T` (`O` rounded up to 4 rows of `C`). */
  gs: number;
  /** Floats in all. */
  size: number;
}

/** What every thread of the MLP trainer receives. */
export interface MlpThreadInit extends ThreadPoolInit {
  params: Float64Array;
  layout: MlpHeapLayout;
  /** `ka` = inputs + 1, `ka4` = `ka` rounded up to 4, hidden `h`, bottleneck `c`, outputs `o`, batch `b`. */
  sizes: { ka: number; ka4: number; h: number; c: number; o: number; b: number };
  /** Whether the bottleneck has a ReLU (else linear); the hidden layer always has one. */
  bottleneckRelu: boolean;
  /**
   * `[2 * (threads + 1)]`: the splits when every thread of the pool runs a phase, the rows' (whole blocks of 4) then the
   * hidden units' (whole blocks of 8): thread `t` computes rows `[bounds[t], bounds[t + 1])` of the activations phase
   * and units `[bounds[threads + 1 + t], bounds[threads + 2 + t])` of the update. The trainer sets them between steps
   * (`WorkBalancer`s following the threads' speeds); any such bounds give the same floats. A phase on fewer threads
   * splits evenly.
   */
  bounds: Int32Array;
  /**
   * `[2 * threads]`: milliseconds each thread computed in each phase, phase by phase (`[(phase - 1) * threads + t]`, the
   * pool's `threads`), for the balancers: the activations phase's threads, then the update's.
   */
  busy: Float64Array;
}

/**
 * Builds one thread's share of the MLP training step on the shared heap. Worker threads run its source text,
 * so it is self-contained (no imports, no module-level names).
 *
 * Every float is computed by the operations, in the order, that tfjs' wasm backend uses in `computeMlpGradients`
 * and the Adam update of `trainMlp` (each `matMul` output summed in order of its inner index from its bias or 0,
 * one rounded multiply and add per term), and the work is split so that no sum is reordered: the forward and
 * backward activations by rows, the weight gradients (sums over rows) by hidden unit. The results are therefore
 * the same for every thread count.
 *
 * @internal
 * @example
 * ```ts
 * const pool = await createThreadPool(init, createMlpThreadPhases, 'parallel MLP step');
 * ```
 */
export function createMlpThreadPhases(init: MlpThreadInit & ThreadModules): ThreadPhases {
  const { memory, layout: L, params, bottleneckRelu } = init;
  const { ka, ka4, h: H, c: C, o: O, b: B } = init.sizes;
  const mx = new WebAssembly.Instance(init.matMulModule, { env: { memory } }).exports as unknown as {
    matMul(a: number, b: number, bias: number, out: number, M: number, N: number, K: number, sam: number, sak: number, ldb: number, ldc: number, flags: number): void;
    adam(p: number, g: number, m: number, v: number, n: number, b1: number, c1: number, b2: number, c2: number, s: number, eps: number, decay: number): void;
    stepMask(dst: number, mask: number, n: number): void;
  };
  const heap = new Float32Array(memory.buffer);
  const fround = Math.fround;
  // parameter offsets (storage order) and their gradients (dW1a padded to ka4 rows)
  const pW1 = L.p;
  const pW2 = pW1 + ka * H;
  const pB2 = pW2 + H * C;
  const pW3 = pB2 + C;
  const pB3 = pW3 + C * O;
  const gOf = (p: number): number => (p < pW2 ? L.g + (p - pW1) : L.g + ka4 * H + (p - pW2));
  // the pool's count follows the trainer's bounds; fewer threads split evenly
  const { bounds, busy } = init;
  const P = init.threads;
  const rowStart = (t: number, T: number): number => (T === P ? bounds[t]! : Math.min(B, t * Math.ceil(B / T / 4) * 4));
  const unitStart = (t: number, T: number): number => (T === P ? bounds[P + 1 + t]! : Math.min(H, t * Math.ceil(H / T / 8) * 8));
  const O4 = Math.ceil(O / 4) * 4;

  /** The outputs `[m0, m1) x [n0, n1)` of {@link matMul} in JavaScript (the same rounding, one output at a time). */
  function scalarMatMul(a: number, b: number, bias: number, out: number, m0: number, m1: number, n0: number, n1: number, K: number, sam: number, sak: number, ldb: number, ldc: number, flags: number): void {
    for (let m = m0; m < m1; m++) {
      for (let n = n0; n < n1; n++) {
        let acc = (flags & 1) !== 0 ? heap[bias + n]! : 0;
        for (let k = 0; k < K; k++) acc = fround(acc + fround(heap[a + m * sam + k * sak]! * heap[b + k * ldb + n]!));
        if ((flags & 2) !== 0 && !(0 < acc)) acc = 0;
        heap[out + m * ldc + n] = acc;
      }
    }
  }

  /** `out[m, n] = act(init + sum_k a[m sam + k sak] b[k ldb + n])`: wasm on blocks of 4 x 8, scalar (same rounding) at the edges. */
  function matMul(a: number, b: number, bias: number, out: number, M: number, N: number, K: number, sam: number, sak: number, ldb: number, ldc: number, flags: number): void {
    const M4 = M & ~3;
    const N8 = N & ~7;
    if (M4 > 0 && N8 > 0) mx.matMul(a << 2, b << 2, bias << 2, out << 2, M4, N8, K, sam, sak, ldb, ldc, flags);
    if (N8 < N) scalarMatMul(a, b, bias, out, 0, M4, N8, N, K, sam, sak, ldb, ldc, flags);
    if (M4 < M) scalarMatMul(a, b, bias, out, M4, M, 0, N, K, sam, sak, ldb, ldc, flags);
  }

  function adam(p: number, n: number): void {
    if (n <= 0) return;
    const q = (r: number): number => r << 2;
    const o = p - L.p;
    mx.adam(q(p), q(gOf(p)), q(L.m + o), q(L.v + o), n, params[1]!, params[2]!, params[3]!, params[4]!, params[5]!, params[6]!, params[7]!);
  }

  /** Forward and backward activations of batch rows [r0, r1). */
  function activations(r0: number, r1: number): void {
    const n = r1 - r0;
    if (n <= 0) return;
    const base = params[0]!;
    const xa = L.xa + (base + r0) * ka4;
    const scale = fround(2 / (B * O));
    matMul(xa, pW1, 0, L.h1 + r0 * H, n, H, ka, ka4, 1, H, H, 2);
    matMul(L.h1 + r0 * H, pW2, pB2, L.h2 + r0 * C, n, C, H, H, 1, C, C, bottleneckRelu ? 3 : 1);
    for (let r = r0; r < r1; r++) {
      const h2 = L.h2 + r * C;
      for (let o = 0; o < O; o++) {
        let out = heap[pB3 + o]!;
        for (let c = 0; c < C; c++) out = fround(out + fround(heap[h2 + c]! * heap[pW3 + c * O + o]!));
        const diff = fround(out - heap[L.y + (base + r) * O + o]!);
        heap[L.sq + r * O + o] = fround(diff * diff);
        heap[L.d + r * O + o] = fround(diff * scale);
      }
      const dz2 = L.dz2 + r * C;
      for (let c = 0; c < C; c++) {
        let acc = 0;
        for (let o = 0; o < O; o++) acc = fround(acc + fround(heap[L.d + r * O + o]! * heap[pW3 + c * O + o]!));
        heap[dz2 + c] = bottleneckRelu ? fround(acc * (heap[h2 + c]! > 0 ? 1 : 0)) : acc;
      }
    }
    matMul(L.dz2 + r0 * C, L.w2t, 0, L.dz1 + r0 * H, n, H, C, C, 1, H, H, 0);
    mx.stepMask((L.dz1 + r0 * H) << 2, (L.h1 + r0 * H) << 2, n * H);
  }

  /** Gradients of hidden units [j0, j1) (and, with `small`, of the small layers), then their Adam steps. */
  function update(j0: number, j1: number, small: boolean): void {
    const base = params[0]!;
    const nj = j1 - j0;
    if (nj > 0) {
      matMul(L.h1 + j0, L.dz2, 0, gOf(pW2) + j0 * C, nj, C, B, 1, H, C, C, 0);
      matMul(L.xa + base * ka4, L.dz1 + j0, 0, L.g + j0, ka4, nj, B, 1, ka4, H, H, 0);
      for (let k = 0; k < ka; k++) adam(pW1 + k * H + j0, nj);
      adam(pW2 + j0 * C, nj * C);
      for (let j = j0; j < j1; j++) for (let c = 0; c < C; c++) heap[L.w2t + c * H + j] = heap[pW2 + j * C + c]!;
    }
    if (!small) return;
    const gB2 = gOf(pB2);
    const gW3 = gOf(pW3);
    const gB3 = gOf(pB3);
    // db2 = 1^T dZ2 (4 equal rows: the ones row read with stride 0) and dW3^T = dOut^T h2 (O rounded up to 4 rows;
    // the extra rows read into the padding after dOut, and are dropped), as tfjs computes them: one rounded multiply
    // (by 1: exact) and add per row, in row order
    matMul(L.one, L.dz2, 0, L.gs, 4, C, B, 0, 0, C, C, 0);
    matMul(L.d, L.h2, 0, L.gs + 4 * C, O4, C, B, 1, O, C, C, 0);
    for (let c = 0; c < C; c++) {
      heap[gB2 + c] = heap[L.gs + c]!;
      for (let o = 0; o < O; o++) heap[gW3 + c * O + o] = heap[L.gs + (4 + o) * C + c]!;
    }
    for (let o = 0; o < O; o++) {
      let acc = 0;
      for (let r = 0; r < B; r++) acc = fround(acc + heap[L.d + r * O + o]!);
      heap[gB3 + o] = acc;
    }
    let sse = 0;
    for (let i = 0; i < B * O; i++) sse = fround(sse + heap[L.sq + i]!);
    params[8] = sse;
    adam(pB2, C + C * O + O);
  }

  return {
    runPhase(phase, t, threads) {
      const T = threads > 0 ? threads : init.threads;
      const started = performance.now();
      if (phase === 1) activations(rowStart(t, T), rowStart(t + 1, T));
      else if (phase === 2) update(unitStart(t, T), unitStart(t + 1, T), t === T - 1);
      else throw new Error(`createMlpThreadPhases: unknown phase ${phase}`);
      busy[(phase - 1) * P + t]! += performance.now() - started;
    },
  };
}
