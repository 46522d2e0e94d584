import { buildKernelModule } from './buildKernelModule';

/**
 * Vector kernels over one shared float heap. Offsets and lengths are counted in
 * floats. The WebAssembly SIMD implementation is used where the platform can
 * run it; the JavaScript one is the fallback and the reference in tests.
 *
 * @example
 * ```ts
 * import { createKernels, type Kernels } from '@interp/kernels';
 * const k: Kernels = createKernels(64);
 * k.axpy(0, 16, 16, 0.5); // heap[0..16) += 0.5 * heap[16..32)
 * ```
 */
export interface Kernels {
  /** `'wasm-simd'` or `'js'`. */
  readonly kind: 'wasm-simd' | 'js';
  /** The WebAssembly memory under {@link Kernels.heap} (wasm kernels only; shared when created with `shared`). */
  readonly memory?: WebAssembly.Memory;
  /** The heap every offset points into (do not keep it across {@link Kernels.dispose}). */
  readonly heap: Float32Array;
  /** `heap[dst + i] += a * heap[src + i]`. */
  axpy(dst: number, src: number, n: number, a: number): void;
  /** `sum heap[x + i] * heap[y + i]`. */
  dot(x: number, y: number, n: number): number;
  /** Returns `sum heap[x + i] * heap[y + i]` and does `heap[z + i] += a * heap[x + i]` (z must not overlap x or y). */
  dotAxpy(x: number, y: number, z: number, n: number, a: number): number;
  /**
   * `sum heap[x + i] * heap[y + i]` summed in {@link Kernels.dotAxpy}'s order: the same float as `dotAxpy`'s sum (which
   * {@link Kernels.dot}, summing in another order, need not be), without its axpy.
   */
  dotPaired(x: number, y: number, n: number): number;
  /** Int32 view of the same memory as {@link Kernels.heap} (same offsets). */
  readonly heapI32: Int32Array;
  /** Writes every `i < n` with `heap[s + i] > heap[t + i]` to `heapI32[out...]`, returns how many. */
  filterAbove(s: number, t: number, n: number, out: number): number;
  /**
   * For `i < n`: `d = heap[b + i] - heap[a + i]`, then `heap[sumAbs + i] += |d|` and `heap[sum + i] += d`, each
   * rounded to float32 (the same floats as those statements on a Float32Array in JavaScript).
   */
  diffSums(a: number, b: number, sumAbs: number, sum: number, n: number): void;
  /**
   * For `i < n`: `d = heap[x + i] - heap[c + i]` in float64 (unrounded), then `sum[i] += d` and `sq[i] += d * d` on the
   * float64 arrays that start at the (even) float offsets `sum` and `sq` of the heap's memory: the same floats as
   * those statements from Float32Arrays into Float64Arrays in JavaScript. Per-dimension sums for a variance.
   */
  centredSums(x: number, c: number, sum: number, sq: number, n: number): void;
  /** One Adam step on `n` floats of parameters `p` with gradient `g` and moments `m`, `v`. */
  adam(p: number, g: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, eps: number): void;
}

/** The float64 index of the even float offset `at` (a float64 array in the heap's memory), or a RangeError naming `name`. */
function checkWide(at: number, name: string): number {
  if (!(Number.isInteger(at) && at >= 0 && at % 2 === 0)) throw new RangeError(`centredSums: ${name} must be an even float offset (8-byte aligned), got ${at}`);
  return at >> 1;
}

const cachedModules: (WebAssembly.Module | null | undefined)[] = [undefined, undefined];

/**
 * The compiled kernel module (on a shared memory with `shared`), or null where wasm SIMD is unavailable.
 *
 * @example
 * ```ts
 * import { simdModule } from '@interp/kernels';
 * const canThread = simdModule(true) !== null; // wasm SIMD on shared memory
 * ```
 */
export function simdModule(shared = false): WebAssembly.Module | null {
  const slot = shared ? 1 : 0;
  const cached = cachedModules[slot];
  if (cached !== undefined) return cached;
  cachedModules[slot] = null;
  try {
    const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
    if (wasm) {
      const bytes = buildKernelModule(shared);
      if (wasm.validate(bytes)) cachedModules[slot] = new wasm.Module(bytes);
    }
  } catch {
    cachedModules[slot] = null;
  }
  return cachedModules[slot] ?? null;
}

function createJsKernels(heap: Float32Array): Kernels {
  const heapI32 = new Int32Array(heap.buffer, heap.byteOffset, heap.length);
  const heap64 = new Float64Array(heap.buffer, heap.byteOffset, heap.length >> 1);
  return {
    kind: 'js',
    heap,
    heapI32,
    filterAbove(s, t, n, out) {
      let c = 0;
      for (let i = 0; i < n; i++) if (heap[s + i]! > heap[t + i]!) heapI32[out + c++] = i;
      return c;
    },
    axpy(dst, src, n, a) {
      for (let i = 0; i < n; i++) heap[dst + i]! += a * heap[src + i]!;
    },
    dot(x, y, n) {
      let s = 0;
      for (let i = 0; i < n; i++) s += heap[x + i]! * heap[y + i]!;
      return Math.fround(s);
    },
    diffSums(a, b, sumAbs, sum, n) {
      for (let i = 0; i < n; i++) {
        const d = Math.fround(heap[b + i]! - heap[a + i]!);
        heap[sumAbs + i]! += Math.abs(d);
        heap[sum + i]! += d;
      }
    },
    centredSums(x, c, sum, sq, n) {
      const s0 = checkWide(sum, 'sum');
      const q0 = checkWide(sq, 'sq');
      for (let i = 0; i < n; i++) {
        const d = heap[x + i]! - heap[c + i]!;
        heap64[s0 + i]! += d;
        heap64[q0 + i]! += d * d;
      }
    },
    dotPaired(x, y, n) {
      let s = 0;
      for (let i = 0; i < n; i++) s += heap[x + i]! * heap[y + i]!;
      return Math.fround(s);
    },
    dotAxpy(x, y, z, n, a) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const xi = heap[x + i]!;
        s += xi * heap[y + i]!;
        heap[z + i]! += a * xi;
      }
      return Math.fround(s);
    },
    adam(p, g, m, v, n, lr, beta1, beta2, eps) {
      const c1 = 1 - beta1;
      const c2 = 1 - beta2;
      for (let i = 0; i < n; i++) {
        const gi = heap[g + i]!;
        const mi = beta1 * heap[m + i]! + c1 * gi;
        const vi = beta2 * heap[v + i]! + c2 * gi * gi;
        heap[m + i] = mi;
        heap[v + i] = vi;
        heap[p + i]! -= (lr * mi) / (Math.sqrt(vi) + eps);
      }
    },
  };
}

/**
 * Allocates a float heap of `floats` entries and the kernels that work on it.
 *
 * @param floats heap size in floats
 * @param prefer `'auto'` (wasm SIMD when available, else JavaScript) or `'js'`
 * @param shared put the heap on a shared WebAssembly memory (worker threads; needs wasm SIMD and `SharedArrayBuffer`)
 * @example
 * ```ts
 * const k = createKernels(1024);
 * k.heap.set([1, 2, 3, 4], 0);
 * k.heap.set([1, 1, 1, 1], 4);
 * k.dot(0, 4, 4); // 10
 * ```
 */
export function createKernels(floats: number, prefer: 'auto' | 'js' = 'auto', shared = false): Kernels {
  const module = prefer === 'auto' ? simdModule(shared) : null;
  if (!module) {
    if (shared) throw new Error('createKernels: shared memory needs WebAssembly SIMD and SharedArrayBuffer');
    return createJsKernels(new Float32Array(floats));
  }
  const pages = Math.max(1, Math.ceil((floats * 4) / 65536));
  const memory = shared
    ? new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true })
    : new WebAssembly.Memory({ initial: pages });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exp = instance.exports as unknown as {
    axpy(dst: number, src: number, n: number, a: number): void;
    dot(x: number, y: number, n: number): number;
    adam(p: number, g: number, m: number, v: number, n: number, lr: number, b1: number, b2: number, eps: number): void;
    dotAxpy(x: number, y: number, z: number, n: number, a: number): number;
    dotPaired(x: number, y: number, n: number): number;
    filterAbove(s: number, t: number, n: number, out: number): number;
    diffSums(a: number, b: number, sumAbs: number, sum: number, n: number): void;
    centredSums(x: number, c: number, sum: number, sq: number, n: number): void;
  };
  const heap = new Float32Array(memory.buffer, 0, floats);
  return {
    kind: 'wasm-simd',
    memory,
    heap,
    heapI32: new Int32Array(memory.buffer, 0, floats),
    filterAbove: (s, t, n, out) => exp.filterAbove(s << 2, t << 2, n, out << 2),
    axpy: (dst, src, n, a) => exp.axpy(dst << 2, src << 2, n, a),
    dot: (x, y, n) => exp.dot(x << 2, y << 2, n),
    adam: (p, g, m, v, n, lr, b1, b2, eps) => exp.adam(p << 2, g << 2, m << 2, v << 2, n, lr, b1, b2, eps),
    dotAxpy: (x, y, z, n, a) => exp.dotAxpy(x << 2, y << 2, z << 2, n, a),
    dotPaired: (x, y, n) => exp.dotPaired(x << 2, y << 2, n),
    diffSums: (a, b, sumAbs, sum, n) => exp.diffSums(a << 2, b << 2, sumAbs << 2, sum << 2, n),
    centredSums: (x, c, sum, sq, n) => exp.centredSums(x << 2, c << 2, checkWide(sum, 'sum') << 3, checkWide(sq, 'sq') << 3, n),
  };
}
