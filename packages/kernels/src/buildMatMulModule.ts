/**
 * A hand-assembled WebAssembly SIMD module with the dense kernels of a small MLP's training step, written to
 * round exactly as tfjs' wasm backend (XNNPACK) does, so that a step on them can match a tfjs step bit for bit.
 * It imports a memory (`env.memory`, shared when `shared` is set) and exports (pointers are byte offsets,
 * strides and sizes are counted in floats):
 *
 * - `matMul(a, b, bias, out, M, N, K, sam, sak, ldb, ldc, flags)`: for `m < M` (a multiple of 4) and `n < N`
 *   (a multiple of 8), `out[m * ldc + n] = act(init + sum_k a[m * sam + k * sak] * b[k * ldb + n])`, where
 *   `init` is `bias[n]` when `flags & 1` and 0 otherwise, and `act` is ReLU (`max(0, x)`, XNNPACK's clamp) when
 *   `flags & 2`. Every output sums its terms in order of `k` starting from `init`, one rounded multiply and
 *   one rounded add per term: XNNPACK's fully-connected kernels behind tfjs' (fused) `matMul`, whose bias is
 *   the accumulator's starting value. The strides of `a` let one kernel read `a` or its transpose.
 * - `adam(p, g, m, v, n, b1, c1, b2, c2, s, eps, decay)`: `m = m b1 + g c1`, `v = v b2 + (g g) c2`,
 *   `p = p decay - (m s) / (sqrt(v) + eps)`, each operation rounded to f32 in that order (tfjs' elementwise ops).
 * - `stepMask(dst, mask, n)`: `dst[i] = dst[i] * (mask[i] > 0 ? 1 : 0)` (tfjs' `mul(dst, step(mask))`).
 *
 * @internal
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
  I32_MUL,
  I32_SHL,
  V128,
  V_ADD,
  V_DIV,
  V_GT,
  V_LOAD,
  V_LOAD32_SPLAT,
  V_MUL,
  V_SPLAT,
  V_SQRT,
  V_STORE,
  V_SUB,
  V_ZERO,
  addr,
  assembleModule,
  f32c,
  forLoop,
  get,
  i32c,
  set,
  simd,
} from './wasmAssembly';

const SELECT = [0x1b];
const V_AND = simd(0x4e);
const V_PMAX = simd(0xeb);

function matMulBody(): number[] {
  // params: 0 a, 1 b, 2 bias, 3 out, 4 M, 5 N, 6 K, 7 sam, 8 sak, 9 ldb, 10 ldc, 11 flags
  // locals i32: 12 m, 13 n, 14 k, 15..18 ap0..ap3, 19 bp, 20 o, 21 sam4, 22 sak4, 23 ldb4, 24 ldc4
  // locals v128: 25..32 acc (row r, half h) = 25 + 2 r + h, 33 xv0, 34 xv1, 35 sv, 36 zero, 37 bv0, 38 bv1
  const [a, b, bias, out, M, N, K, sam, sak, ldb, ldc, flags] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [m, n, k, bp, o, sam4, sak4, ldb4, ldc4] = [12, 13, 14, 19, 20, 21, 22, 23, 24];
  const ap = (r: number): number => 15 + r;
  const acc = (r: number, h: number): number => 25 + 2 * r + h;
  const [xv0, xv1, sv, zero, bv0, bv1] = [33, 34, 35, 36, 37, 38];
  const inner: number[] = [
    ...get(bp), ...V_LOAD(0), ...set(xv0),
    ...get(bp), ...V_LOAD(16), ...set(xv1),
  ];
  for (let r = 0; r < 4; r++) {
    inner.push(
      ...get(ap(r)), ...V_LOAD32_SPLAT(), ...set(sv),
      ...get(acc(r, 0)), ...get(sv), ...get(xv0), ...V_MUL, ...V_ADD, ...set(acc(r, 0)),
      ...get(acc(r, 1)), ...get(sv), ...get(xv1), ...V_MUL, ...V_ADD, ...set(acc(r, 1)),
      ...get(ap(r)), ...get(sak4), ...I32_ADD, ...set(ap(r)),
    );
  }
  inner.push(...get(bp), ...get(ldb4), ...I32_ADD, ...set(bp));
  const block: number[] = [
    // ap0 = a + m sam4, apr = ap(r-1) + sam4
    ...get(a), ...get(m), ...get(sam4), ...I32_MUL, ...I32_ADD, ...set(ap(0)),
    ...get(ap(0)), ...get(sam4), ...I32_ADD, ...set(ap(1)),
    ...get(ap(1)), ...get(sam4), ...I32_ADD, ...set(ap(2)),
    ...get(ap(2)), ...get(sam4), ...I32_ADD, ...set(ap(3)),
    ...get(b), ...get(n), ...i32c(2), ...I32_SHL, ...I32_ADD, ...set(bp),
    // starting values: the bias or zero
    ...get(flags), ...i32c(1), ...I32_AND,
    0x04, 0x40,
    ...get(bias), ...get(n), ...i32c(2), ...I32_SHL, ...I32_ADD, ...V_LOAD(0), ...set(bv0),
    ...get(bias), ...get(n), ...i32c(2), ...I32_SHL, ...I32_ADD, ...V_LOAD(16), ...set(bv1),
    0x05,
    ...get(zero), ...set(bv0),
    ...get(zero), ...set(bv1),
    0x0b,
  ];
  for (let r = 0; r < 4; r++) block.push(...get(bv0), ...set(acc(r, 0)), ...get(bv1), ...set(acc(r, 1)));
  block.push(...i32c(0), ...set(k), ...forLoop(k, K, 1, inner));
  // ReLU: XNNPACK's clamp at 0 (pmax(0, x): x when 0 < x, else 0)
  const relu: number[] = [];
  for (let r = 0; r < 4; r++) {
    for (let h = 0; h < 2; h++) relu.push(...get(zero), ...get(acc(r, h)), ...V_PMAX, ...set(acc(r, h)));
  }
  block.push(...get(flags), ...i32c(2), ...I32_AND, 0x04, 0x40, ...relu, 0x0b);
  // o = out + (m ldc + n) 4
  block.push(...get(out), ...get(m), ...get(ldc4), ...I32_MUL, ...I32_ADD, ...get(n), ...i32c(2), ...I32_SHL, ...I32_ADD, ...set(o));
  for (let r = 0; r < 4; r++) {
    block.push(
      ...get(o), ...get(acc(r, 0)), ...V_STORE(0),
      ...get(o), ...get(acc(r, 1)), ...V_STORE(16),
      ...get(o), ...get(ldc4), ...I32_ADD, ...set(o),
    );
  }
  return [
    ...V_ZERO, ...set(zero),
    ...get(sam), ...i32c(2), ...I32_SHL, ...set(sam4),
    ...get(sak), ...i32c(2), ...I32_SHL, ...set(sak4),
    ...get(ldb), ...i32c(2), ...I32_SHL, ...set(ldb4),
    ...get(ldc), ...i32c(2), ...I32_SHL, ...set(ldc4),
    ...i32c(0), ...set(m),
    ...forLoop(m, M, 4, [...i32c(0), ...set(n), ...forLoop(n, N, 8, block)]),
    0x0b,
  ];
}

function adamBody(): number[] {
  // params: 0 p, 1 g, 2 m, 3 v, 4 n (i32); 5 b1, 6 c1, 7 b2, 8 c2, 9 s, 10 eps, 11 decay (f32)
  // locals: 12 i, 13 end (i32); 14 gv, 15 mv, 16 vv, 17 B1, 18 C1, 19 B2, 20 C2, 21 S, 22 EPS, 23 DEC (v128); 24 gs, 25 ms, 26 vs (f32)
  const [p, g, m, v, n, b1, c1, b2, c2, s, eps, decay, i, end] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const [gv, mv, vv, B1, C1, B2, C2, S, EPS, DEC] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
  const [gs, ms, vs] = [24, 25, 26];
  const splats: number[] = [];
  for (const [from, to] of [[b1, B1], [c1, C1], [b2, B2], [c2, C2], [s, S], [eps, EPS], [decay, DEC]] as const) {
    splats.push(...get(from), ...V_SPLAT, ...set(to));
  }
  return [
    ...splats,
    ...get(n), ...i32c(-4), ...I32_AND, ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 16, [
      ...addr(g, i), ...V_LOAD(), ...set(gv),
      ...addr(m, i), ...V_LOAD(), ...get(B1), ...V_MUL, ...get(gv), ...get(C1), ...V_MUL, ...V_ADD, ...set(mv),
      ...addr(v, i), ...V_LOAD(), ...get(B2), ...V_MUL, ...get(gv), ...get(gv), ...V_MUL, ...get(C2), ...V_MUL, ...V_ADD, ...set(vv),
      ...addr(m, i), ...get(mv), ...V_STORE(),
      ...addr(v, i), ...get(vv), ...V_STORE(),
      ...addr(p, i),
      ...addr(p, i), ...V_LOAD(), ...get(DEC), ...V_MUL,
      ...get(mv), ...get(S), ...V_MUL, ...get(vv), ...V_SQRT, ...get(EPS), ...V_ADD, ...V_DIV,
      ...V_SUB,
      ...V_STORE(),
    ]),
    ...get(n), ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 4, [
      ...addr(g, i), ...F32_LOAD(), ...set(gs),
      ...addr(m, i), ...F32_LOAD(), ...get(b1), ...F32_MUL, ...get(gs), ...get(c1), ...F32_MUL, ...F32_ADD, ...set(ms),
      ...addr(v, i), ...F32_LOAD(), ...get(b2), ...F32_MUL, ...get(gs), ...get(gs), ...F32_MUL, ...get(c2), ...F32_MUL, ...F32_ADD, ...set(vs),
      ...addr(m, i), ...get(ms), ...F32_STORE(),
      ...addr(v, i), ...get(vs), ...F32_STORE(),
      ...addr(p, i),
      ...addr(p, i), ...F32_LOAD(), ...get(decay), ...F32_MUL,
      ...get(ms), ...get(s), ...F32_MUL, ...get(vs), ...F32_SQRT, ...get(eps), ...F32_ADD, ...F32_DIV,
      ...F32_SUB,
      ...F32_STORE(),
    ]),
    0x0b,
  ];
}

function stepMaskBody(): number[] {
  // params: 0 dst, 1 mask, 2 n ; locals: 3 i, 4 end (i32), 5 one, 6 zero (v128)
  const [dst, mask, n, i, end, one, zero] = [0, 1, 2, 3, 4, 5, 6];
  return [
    ...f32c(1), ...V_SPLAT, ...set(one),
    ...V_ZERO, ...set(zero),
    ...get(n), ...i32c(-4), ...I32_AND, ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 16, [
      ...addr(dst, i),
      ...addr(dst, i), ...V_LOAD(),
      ...addr(mask, i), ...V_LOAD(), ...get(zero), ...V_GT, ...get(one), ...V_AND,
      ...V_MUL,
      ...V_STORE(),
    ]),
    ...get(n), ...i32c(2), ...I32_SHL, ...set(end),
    ...forLoop(i, end, 4, [
      ...addr(dst, i),
      ...addr(dst, i), ...F32_LOAD(),
      ...f32c(1), ...f32c(0), ...addr(mask, i), ...F32_LOAD(), ...f32c(0), ...F32_GT, ...SELECT,
      ...F32_MUL,
      ...F32_STORE(),
    ]),
    0x0b,
  ];
}

/**
 * Returns the bytes of the matMul module (imports `env.memory`; exports `matMul`, `adam`, `stepMask`). With
 * `shared`, the imported memory is a shared memory of up to 65536 pages (what worker threads need).
 *
 * @internal
 * @example
 * ```ts
 * const module = new WebAssembly.Module(buildMatMulModule(false));
 * const memory = new WebAssembly.Memory({ initial: 1 });
 * const { matMul } = new WebAssembly.Instance(module, { env: { memory } }).exports;
 * ```
 */
export function buildMatMulModule(shared: boolean): Uint8Array<ArrayBuffer> {
  return assembleModule(shared, [
    { name: 'matMul', params: new Array<number>(12).fill(I32), locals: [[13, I32], [14, V128]], body: matMulBody() },
    {
      name: 'adam',
      params: [I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32],
      locals: [[2, I32], [10, V128], [3, F32]],
      body: adamBody(),
    },
    { name: 'stepMask', params: [I32, I32, I32], locals: [[2, I32], [2, V128]], body: stepMaskBody() },
  ]);
}
