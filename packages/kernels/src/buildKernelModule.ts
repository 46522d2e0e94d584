/**
 * A tiny hand-assembled WebAssembly (SIMD128) module with the three kernels the
 * sparse trainer needs: `axpy`, `dot` and a fused Adam update. Assembling it in
 * code keeps the package free of binary blobs and build steps; every kernel has
 * a plain JavaScript twin in {@link createKernels} that tests compare against.
 *
 * Layout of the exported functions (all pointers are byte offsets into the
 * imported memory `env.memory`):
 * - `axpy(dst, src, n, a)`: `dst[i] += a * src[i]` for `i < n`
 * - `dot(x, y, n) -> f32`: `sum x[i] * y[i]`
 * - `adam(p, g, m, v, n, lr, b1, b2, eps)`: Adam moments and step on `n` floats
 * - `dotAxpy(x, y, z, n, a) -> f32`: `sum x[i] * y[i]`, and `z[i] += a * x[i]` in the same pass
 * - `dotPaired(x, y, n) -> f32`: `sum x[i] * y[i]` summed in `dotAxpy`'s order (two four-lane accumulators), the same float
 * - `filterAbove(s, t, n, out) -> i32`: writes every `i` with `s[i] > t[i]` to the i32 array `out`
 * - `axpyWide(dst, src, n, a: f64)`: `dst[i] = f32(dst[i] + a * src[i])` computed in f64 (as JavaScript on Float32Arrays)
 * - `squaredDiffWide(x, y, out, n)`: `out[i] = (x[i] - y[i])^2` computed and stored in f64 (`out` an f64 array)
 * - `adamZero(...)`: `adam`, zeroing each gradient once it is read (one pass less over the gradients)
 * - `diffSums(a, b, sumAbs, sum, n)`: `d = b[i] - a[i]`, `sumAbs[i] += |d|`, `sum[i] += d`, all in f32 (as JavaScript
 *   stores into Float32Arrays round them)
 * - `centredSums(x, c, sum, sq, n)`: `d = x[i] - c[i]` in f64 (unrounded), `sum[i] += d`, `sq[i] += d * d` (`sum` and
 *   `sq` f64 arrays), as JavaScript computes them from Float32Arrays into Float64Arrays
 */

import {
  F32,
  F32_ADD,
  F32_DIV,
  F32_GT,
  F32_LOAD,
  F32_MUL,
  F32_SQRT,
  F32_STORE,
  F32_SUB,
  I32,
  I32_ADD,
  I32_AND,
  I32_SHL,
  V128,
  V_ADD,
  V_DIV,
  V_GT,
  V_LOAD,
  V_MUL,
  V_SPLAT,
  V_SQRT,
  V_STORE,
  V_SUB,
  addr,
  assembleModule,
  f32c,
  forLoop,
  get,
  i32c,
  lane,
  set,
  simd,
} from './wasmAssembly';

function axpyBody(): number[] {
  // params: 0 dst, 1 src, 2 n, 3 a ; locals: 4 i, 5 end, 6 av (v128)
  const [dst, src, n, a, i, end, av] = [0, 1, 2, 3, 4, 5, 6];
  return [
    ...get(a), ...V_SPLAT, ...set(av),
    ...get(n), ...i32c(-4), ...I32_AND, ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 16, [
      ...addr(dst, i),
      ...addr(dst, i), ...V_LOAD(), ...addr(src, i), ...V_LOAD(), ...get(av), ...V_MUL, ...V_ADD,
      ...V_STORE(),
    ]),
    ...get(n), ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 4, [
      ...addr(dst, i),
      ...addr(dst, i), ...F32_LOAD(), ...addr(src, i), ...F32_LOAD(), ...get(a), ...F32_MUL, ...F32_ADD,
      ...F32_STORE(),
    ]),
    0x0b,
  ];
}

function dotBody(): number[] {
  // params: 0 x, 1 y, 2 n ; locals: 3 i, 4 end, 5..8 acc0..acc3 (v128), 9 s (f32)
  const [x, y, n, i, end, a0, a1, a2, a3, s] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const mulAdd = (acc: number, off: number): number[] => [
    ...get(acc), ...addr(x, i), ...V_LOAD(off), ...addr(y, i), ...V_LOAD(off), ...V_MUL, ...V_ADD, ...set(acc),
  ];
  return [
    ...f32c(0), ...V_SPLAT, ...set(a0),
    ...f32c(0), ...V_SPLAT, ...set(a1),
    ...f32c(0), ...V_SPLAT, ...set(a2),
    ...f32c(0), ...V_SPLAT, ...set(a3),
    // 16 floats per iteration into four independent accumulators
    ...get(n), ...i32c(-16), ...I32_AND, ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 64, [...mulAdd(a0, 0), ...mulAdd(a1, 16), ...mulAdd(a2, 32), ...mulAdd(a3, 48)]),
    ...get(n), ...i32c(-4), ...I32_AND, ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 16, mulAdd(a0, 0)),
    ...get(a0), ...get(a1), ...V_ADD, ...get(a2), ...get(a3), ...V_ADD, ...V_ADD, ...set(a0),
    ...get(a0), ...lane(0), ...get(a0), ...lane(1), ...F32_ADD,
    ...get(a0), ...lane(2), ...get(a0), ...lane(3), ...F32_ADD, ...F32_ADD, ...set(s),
    ...get(n), ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 4, [
      ...get(s), ...addr(x, i), ...F32_LOAD(), ...addr(y, i), ...F32_LOAD(), ...F32_MUL, ...F32_ADD, ...set(s),
    ]),
    ...get(s),
    0x0b,
  ];
}

/**
 * The body of a dot product summed as `dotAxpy` sums it: two four-lane accumulators over 8 floats per iteration, then
 * 4 at a time into the first, `(acc0 + acc1)` reduced as `(lane0 + lane1) + (lane2 + lane3)`, then the scalar tail.
 * `step(acc, off)` adds the vector at byte offset `off` past `i` into `acc`; `tail` runs after each scalar term (the
 * axpy of `dotAxpy`). `dotAxpy` and `dotPaired` share it, so their sums are the same floats.
 */
function pairedDotBody(
  slots: { x: number; y: number; n: number; i: number; end: number; a0: number; a1: number; s: number },
  prelude: number[],
  step: (acc: number, off: number) => number[],
  tail: number[],
): number[] {
  const { x, y, n, i, end, a0, a1, s } = slots;
  return [
    ...prelude,
    ...f32c(0), ...V_SPLAT, ...set(a0),
    ...f32c(0), ...V_SPLAT, ...set(a1),
    ...get(n), ...i32c(-8), ...I32_AND, ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 32, [...step(a0, 0), ...step(a1, 16)]),
    ...get(n), ...i32c(-4), ...I32_AND, ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 16, step(a0, 0)),
    ...get(a0), ...get(a1), ...V_ADD, ...set(a0),
    ...get(a0), ...lane(0), ...get(a0), ...lane(1), ...F32_ADD,
    ...get(a0), ...lane(2), ...get(a0), ...lane(3), ...F32_ADD, ...F32_ADD, ...set(s),
    ...get(n), ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 4, [...get(s), ...addr(x, i), ...F32_LOAD(), ...addr(y, i), ...F32_LOAD(), ...F32_MUL, ...F32_ADD, ...set(s), ...tail]),
    ...get(s),
    0x0b,
  ];
}

function dotAxpyBody(): number[] {
  // params: 0 x, 1 y, 2 z, 3 n, 4 a ; locals: 5 i, 6 end (i32), 7 acc0, 8 acc1, 9 av, 10 xv (v128), 11 s (f32)
  // returns sum x*y and does z += a * x in the same pass
  const [x, y, z, n, a, i, end, a0, a1, av, xv, s] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const step = (acc: number, off: number): number[] => [
    ...addr(x, i), ...V_LOAD(off), ...set(xv),
    ...get(acc), ...get(xv), ...addr(y, i), ...V_LOAD(off), ...V_MUL, ...V_ADD, ...set(acc),
    ...addr(z, i), ...addr(z, i), ...V_LOAD(off), ...get(xv), ...get(av), ...V_MUL, ...V_ADD, ...V_STORE(off),
  ];
  const axpyTerm = [...addr(z, i), ...addr(z, i), ...F32_LOAD(), ...addr(x, i), ...F32_LOAD(), ...get(a), ...F32_MUL, ...F32_ADD, ...F32_STORE()];
  return pairedDotBody({ x, y, n, i, end, a0, a1, s }, [...get(a), ...V_SPLAT, ...set(av)], step, axpyTerm);
}

function dotPairedBody(): number[] {
  // params: 0 x, 1 y, 2 n ; locals: 3 i, 4 end (i32), 5 acc0, 6 acc1 (v128), 7 s (f32): dotAxpy's sum without its axpy
  const [x, y, n, i, end, a0, a1, s] = [0, 1, 2, 3, 4, 5, 6, 7];
  const step = (acc: number, off: number): number[] => [
    ...get(acc), ...addr(x, i), ...V_LOAD(off), ...addr(y, i), ...V_LOAD(off), ...V_MUL, ...V_ADD, ...set(acc),
  ];
  return pairedDotBody({ x, y, n, i, end, a0, a1, s }, [], step, []);
}

function filterAboveBody(): number[] {
  // params: 0 s, 1 t, 2 n, 3 out ; locals: 4 i, 5 end, 6 c (i32)
  // writes the indices i with s[i] > t[i] to out (i32), returns how many
  const [sc, th, n, out, i, end, c] = [0, 1, 2, 3, 4, 5, 6];
  const I32_STORE = [0x36, 2, 0];
  const I32_SHR_U = [0x76];
  const emit = (lanes: number): number[] => [
    ...get(out), ...get(c), ...i32c(2), ...I32_SHL, ...I32_ADD,
    ...get(i), ...i32c(2), ...I32_SHR_U, ...i32c(lanes), ...I32_ADD,
    ...I32_STORE,
    ...get(c), ...i32c(1), ...I32_ADD, ...set(c),
  ];
  const laneCheck = (l: number): number[] => [
    ...addr(sc, i), ...F32_LOAD(4 * l), ...addr(th, i), ...F32_LOAD(4 * l), ...F32_GT,
    0x04, 0x40, ...emit(l), 0x0b,
  ];
  return [
    ...get(n), ...i32c(-4), ...I32_AND, ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 16, [
      ...addr(sc, i), ...V_LOAD(), ...addr(th, i), ...V_LOAD(), ...V_GT, ...simd(0x53),
      0x04, 0x40, ...laneCheck(0), ...laneCheck(1), ...laneCheck(2), ...laneCheck(3), 0x0b,
    ]),
    ...get(n), ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 4, laneCheck(0)),
    ...get(c),
    0x0b,
  ];
}

function adamBody(zeroGradient = false): number[] {
  // params: 0 p, 1 g, 2 m, 3 v, 4 n, 5 lr, 6 b1, 7 b2, 8 eps (with zeroGradient: g is zeroed once read)
  // locals: 9 i, 10 end (i32); 11 gv, 12 mv, 13 vv, 14 LR, 15 B1, 16 C1, 17 B2, 18 C2, 19 EPS (v128)
  // locals: 20 gs, 21 ms, 22 vs (f32)
  const [p, g, m, v, n, lr, b1, b2, eps, i, end] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [gv, mv, vv, LR, B1, C1, B2, C2, EPS] = [11, 12, 13, 14, 15, 16, 17, 18, 19];
  const [gs, ms, vs] = [20, 21, 22];
  const vec = [
    ...get(lr), ...V_SPLAT, ...set(LR),
    ...get(b1), ...V_SPLAT, ...set(B1),
    ...f32c(1), ...get(b1), ...F32_SUB, ...V_SPLAT, ...set(C1),
    ...get(b2), ...V_SPLAT, ...set(B2),
    ...f32c(1), ...get(b2), ...F32_SUB, ...V_SPLAT, ...set(C2),
    ...get(eps), ...V_SPLAT, ...set(EPS),
    ...get(n), ...i32c(-4), ...I32_AND, ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 16, [
      ...addr(g, i), ...V_LOAD(), ...set(gv),
      // m = b1 m + (1-b1) g
      ...addr(m, i), ...V_LOAD(), ...get(B1), ...V_MUL, ...get(gv), ...get(C1), ...V_MUL, ...V_ADD, ...set(mv),
      // v = b2 v + (1-b2) g g
      ...addr(v, i), ...V_LOAD(), ...get(B2), ...V_MUL, ...get(gv), ...get(gv), ...V_MUL, ...get(C2), ...V_MUL, ...V_ADD,
      ...set(vv),
      ...addr(m, i), ...get(mv), ...V_STORE(),
      ...addr(v, i), ...get(vv), ...V_STORE(),
      // p -= lr m / (sqrt(v) + eps)
      ...addr(p, i),
      ...addr(p, i), ...V_LOAD(), ...get(LR), ...get(mv), ...V_MUL, ...get(vv), ...V_SQRT, ...get(EPS), ...V_ADD, ...V_DIV,
      ...V_SUB,
      ...V_STORE(),
      // the gradient zeroed last: a store to g just before the loads of m and v (whose offsets may equal g's
      // modulo 4 KiB, as in the trainer's heap) would make them wait on it
      ...(zeroGradient ? [...addr(g, i), ...f32c(0), ...V_SPLAT, ...V_STORE()] : []),
    ]),
  ];
  const tail = [
    ...get(n), ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 4, [
      ...addr(g, i), ...F32_LOAD(), ...set(gs),
      ...addr(m, i), ...F32_LOAD(), ...get(b1), ...F32_MUL, ...get(gs), ...f32c(1), ...get(b1), ...F32_SUB, ...F32_MUL,
      ...F32_ADD, ...set(ms),
      ...addr(v, i), ...F32_LOAD(), ...get(b2), ...F32_MUL, ...get(gs), ...get(gs), ...F32_MUL, ...f32c(1), ...get(b2),
      ...F32_SUB, ...F32_MUL, ...F32_ADD, ...set(vs),
      ...addr(m, i), ...get(ms), ...F32_STORE(),
      ...addr(v, i), ...get(vs), ...F32_STORE(),
      ...addr(p, i),
      ...addr(p, i), ...F32_LOAD(), ...get(lr), ...get(ms), ...F32_MUL, ...get(vs), ...F32_SQRT, ...get(eps), ...F32_ADD,
      ...F32_DIV, ...F32_SUB,
      ...F32_STORE(),
      ...(zeroGradient ? [...addr(g, i), ...f32c(0), ...F32_STORE()] : []),
    ]),
    0x0b,
  ];
  return [...vec, ...tail];
}

const F64 = 0x7c;
const F64_PROMOTE = [0xbb];
const F32_DEMOTE = [0xb6];
const F64_ADD = [0xa0];
const F64_SUB = [0xa1];
const F64_MUL = [0xa2];
const F64_STORE = [0x39, 3, 0];
const V_LOAD64_ZERO = simd(0x5d, 3, 0);
const V_STORE64_LANE0 = simd(0x5b, 3, 0, 0);
const V_PROMOTE = simd(0x5f);
const V_DEMOTE = simd(0x5e);
const V64_SPLAT = simd(0x14);
const V64_ADD = simd(0xf0);
const V64_SUB = simd(0xf1);
const V64_MUL = simd(0xf2);

function axpyWideBody(): number[] {
  // params: 0 dst, 1 src, 2 n (i32), 3 a (f64) ; locals: 4 i, 5 end (i32), 6 av (v128)
  // dst[i] = f32(f64(dst[i]) + a * f64(src[i])): two floats at a time in f64x2 lanes, as JavaScript's
  // `dst[i] += a * src[i]` on Float32Arrays rounds (the product of two floats is exact in f64)
  const [dst, src, n, a, i, end, av] = [0, 1, 2, 3, 4, 5, 6];
  return [
    ...get(a), ...V64_SPLAT, ...set(av),
    ...get(n), ...i32c(-2), ...I32_AND, ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 8, [
      ...addr(dst, i),
      ...addr(dst, i), ...V_LOAD64_ZERO, ...V_PROMOTE,
      ...get(av), ...addr(src, i), ...V_LOAD64_ZERO, ...V_PROMOTE, ...V64_MUL,
      ...V64_ADD, ...V_DEMOTE,
      ...V_STORE64_LANE0,
    ]),
    ...get(n), ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 4, [
      ...addr(dst, i),
      ...addr(dst, i), ...F32_LOAD(), ...F64_PROMOTE,
      ...get(a), ...addr(src, i), ...F32_LOAD(), ...F64_PROMOTE, ...F64_MUL,
      ...F64_ADD, ...F32_DEMOTE,
      ...F32_STORE(),
    ]),
    0x0b,
  ];
}

function squaredDiffWideBody(): number[] {
  // params: 0 x, 1 y, 2 out, 3 n ; locals: 4 i, 5 end (i32), 6 e (v128), 7 es (f64)
  // out[i] (f64) = (f64(x[i]) - f64(y[i]))^2, as JavaScript computes `(x[i] - y[i]) ** 2` from Float32Arrays
  const [x, y, out, n, i, end, e, es] = [0, 1, 2, 3, 4, 5, 6, 7];
  const outAddr = [...get(out), ...get(i), ...i32c(1), ...I32_SHL, ...I32_ADD];
  return [
    ...get(n), ...i32c(-2), ...I32_AND, ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 8, [
      ...addr(x, i), ...V_LOAD64_ZERO, ...V_PROMOTE, ...addr(y, i), ...V_LOAD64_ZERO, ...V_PROMOTE, ...V64_SUB, ...set(e),
      ...outAddr, ...get(e), ...get(e), ...V64_MUL, ...V_STORE(),
    ]),
    ...get(n), ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 4, [
      ...addr(x, i), ...F32_LOAD(), ...F64_PROMOTE, ...addr(y, i), ...F32_LOAD(), ...F64_PROMOTE, ...F64_SUB, ...set(es),
      ...outAddr, ...get(es), ...get(es), ...F64_MUL, ...F64_STORE,
    ]),
    0x0b,
  ];
}

function diffSumsBody(): number[] {
  // params: 0 a, 1 b, 2 sumAbs, 3 sum, 4 n ; locals: 5 i, 6 end (i32), 7 d (v128), 8 ds (f32)
  const [a, b, sa, su, n, i, end, d, ds] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const V_ABS = simd(0xe0);
  const F32_ABS = [0x8b];
  return [
    ...get(n), ...i32c(-4), ...I32_AND, ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 16, [
      ...addr(b, i), ...V_LOAD(), ...addr(a, i), ...V_LOAD(), ...V_SUB, ...set(d),
      ...addr(sa, i), ...addr(sa, i), ...V_LOAD(), ...get(d), ...V_ABS, ...V_ADD, ...V_STORE(),
      ...addr(su, i), ...addr(su, i), ...V_LOAD(), ...get(d), ...V_ADD, ...V_STORE(),
    ]),
    ...get(n), ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 4, [
      ...addr(b, i), ...F32_LOAD(), ...addr(a, i), ...F32_LOAD(), ...F32_SUB, ...set(ds),
      ...addr(sa, i), ...addr(sa, i), ...F32_LOAD(), ...get(ds), ...F32_ABS, ...F32_ADD, ...F32_STORE(),
      ...addr(su, i), ...addr(su, i), ...F32_LOAD(), ...get(ds), ...F32_ADD, ...F32_STORE(),
    ]),
    0x0b,
  ];
}

function centredSumsBody(): number[] {
  // params: 0 x, 1 c, 2 sum, 3 sq, 4 n ; locals: 5 i, 6 end (i32), 7 dv (v128), 8 ds (f64)
  // d = f64(x[i]) - f64(c[i]); sum[i] += d; sq[i] += d * d (sum, sq: f64 arrays), two floats at a time in f64x2 lanes
  const [x, c, su, sq, n, i, end, dv, ds] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const F64_LOAD = [0x2b, 3, 0];
  // the f64 arrays' byte offset for float byte offset i: base + 2 i
  const wide = (base: number): number[] => [...get(base), ...get(i), ...i32c(1), ...I32_SHL, ...I32_ADD];
  return [
    ...get(n), ...i32c(-2), ...I32_AND, ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 8, [
      ...addr(x, i), ...V_LOAD64_ZERO, ...V_PROMOTE, ...addr(c, i), ...V_LOAD64_ZERO, ...V_PROMOTE, ...V64_SUB, ...set(dv),
      ...wide(su), ...wide(su), ...V_LOAD(), ...get(dv), ...V64_ADD, ...V_STORE(),
      ...wide(sq), ...wide(sq), ...V_LOAD(), ...get(dv), ...get(dv), ...V64_MUL, ...V64_ADD, ...V_STORE(),
    ]),
    ...get(n), ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 4, [
      ...addr(x, i), ...F32_LOAD(), ...F64_PROMOTE, ...addr(c, i), ...F32_LOAD(), ...F64_PROMOTE, ...F64_SUB, ...set(ds),
      ...wide(su), ...wide(su), ...F64_LOAD, ...get(ds), ...F64_ADD, ...F64_STORE,
      ...wide(sq), ...wide(sq), ...F64_LOAD, ...get(ds), ...get(ds), ...F64_MUL, ...F64_ADD, ...F64_STORE,
    ]),
    0x0b,
  ];
}

/**
 * Returns the bytes of the SIMD kernel module (imports `env.memory`; exports `axpy`, `dot`, `adam`, ...).
 * With `shared`, the imported memory is a shared one of up to 65536 pages (for worker threads).
 *
 * @example
 * ```ts
 * import { buildKernelModule } from '@interp/kernels';
 * const memory = new WebAssembly.Memory({ initial: 1 });
 * const { dot } = new WebAssembly.Instance(new WebAssembly.Module(buildKernelModule()), { env: { memory } }).exports;
 * ```
 */
export function buildKernelModule(shared = false): Uint8Array<ArrayBuffer> {
  const adamParams = [I32, I32, I32, I32, I32, F32, F32, F32, F32];
  return assembleModule(shared, [
    { name: 'axpy', params: [I32, I32, I32, F32], locals: [[2, I32], [1, V128]], body: axpyBody() },
    { name: 'dot', params: [I32, I32, I32], results: [F32], locals: [[2, I32], [4, V128], [1, F32]], body: dotBody() },
    { name: 'adam', params: adamParams, locals: [[2, I32], [9, V128], [3, F32]], body: adamBody() },
    { name: 'dotAxpy', params: [I32, I32, I32, I32, F32], results: [F32], locals: [[2, I32], [4, V128], [1, F32]], body: dotAxpyBody() },
    { name: 'filterAbove', params: [I32, I32, I32, I32], results: [I32], locals: [[3, I32]], body: filterAboveBody() },
    { name: 'axpyWide', params: [I32, I32, I32, F64], locals: [[2, I32], [1, V128]], body: axpyWideBody() },
    { name: 'squaredDiffWide', params: [I32, I32, I32, I32], locals: [[2, I32], [1, V128], [1, F64]], body: squaredDiffWideBody() },
    { name: 'adamZero', params: adamParams, locals: [[2, I32], [9, V128], [3, F32]], body: adamBody(true) },
    { name: 'diffSums', params: [I32, I32, I32, I32, I32], locals: [[2, I32], [1, V128], [1, F32]], body: diffSumsBody() },
    { name: 'dotPaired', params: [I32, I32, I32], results: [F32], locals: [[2, I32], [2, V128], [1, F32]], body: dotPairedBody() },
    { name: 'centredSums', params: [I32, I32, I32, I32, I32], locals: [[2, I32], [1, V128], [1, F64]], body: centredSumsBody() },
  ]);
}
