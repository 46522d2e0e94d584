/**
 * A hand-assembled WebAssembly SIMD module with one dense kernel for the parallel trainer: the encoder
 * product of a block of features. It imports a memory (`env.memory`, shared when `shared` is set, so
 * that every worker thread runs it on the same heap) and exports
 *
 * `gemm(w, x, bias, out, nj, nb, d, stride)`: for `j < nj` (a multiple of 4) and `b < nb` (a multiple
 * of 8), `out[j * stride + b] = (sum_i w[j * d + i] * x[i * stride + b]) + bias[j]`.
 *
 * Every output is summed in order of `i`, one rounded multiply and one rounded add per term, starting
 * from 0, and the bias is added last: the same arithmetic as XNNPACK's wasm SIMD kernels behind tfjs'
 * `matMul` followed by `add`, so the results match tfjs bit for bit (checked in the tests). Pointers
 * are byte offsets.
 */

import {
  I32,
  I32_ADD,
  I32_GE_U,
  I32_SHL,
  V128,
  V_ADD,
  V_MUL,
  V_SPLAT,
  forLoop,
  get,
  i32c,
  name,
  section,
  set,
  simd,
  uleb,
  vector,
} from './wasmAssembly';


const I32_MUL = [0x6c];
const F32_LOAD = (off = 0): number[] => [0x2a, 2, ...uleb(off)];
const V_LOAD = (off = 0): number[] => simd(0x00, 4, ...uleb(off));
const V_STORE = (off = 0): number[] => simd(0x0b, 4, ...uleb(off));
// v128.load32_splat: one broadcast load (vbroadcastss), about 20% faster here than f32.load then f32x4.splat
const V_LOAD32_SPLAT = simd(0x09, 2, 0);
const V_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];

function gemmBody(): number[] {
  // params: 0 w, 1 x, 2 bias, 3 out, 4 nj, 5 nb, 6 d, 7 stride
  // locals i32: 8 j, 9 b, 10 i, 11..14 w0..w3, 15 xp, 16 d4, 17 s4, 18 o
  // locals v128: 19..26 acc (row r, half h) = 19 + 2 r + h, 27 xv0, 28 xv1, 29 sv
  const [w, x, bias, out, nj, nb, d, stride] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [j, b, i, xp, d4, s4, o] = [8, 9, 10, 15, 16, 17, 18];
  const wp = (r: number): number => 11 + r;
  const acc = (r: number, h: number): number => 19 + 2 * r + h;
  const [xv0, xv1, sv] = [27, 28, 29];
  const inner: number[] = [
    ...get(xp), ...V_LOAD(0), ...set(xv0),
    ...get(xp), ...V_LOAD(16), ...set(xv1),
  ];
  for (let r = 0; r < 4; r++) {
    inner.push(
      ...get(wp(r)), ...V_LOAD32_SPLAT, ...set(sv),
      ...get(acc(r, 0)), ...get(sv), ...get(xv0), ...V_MUL, ...V_ADD, ...set(acc(r, 0)),
      ...get(acc(r, 1)), ...get(sv), ...get(xv1), ...V_MUL, ...V_ADD, ...set(acc(r, 1)),
      ...get(wp(r)), ...i32c(4), ...I32_ADD, ...set(wp(r)),
    );
  }
  inner.push(...get(xp), ...get(s4), ...I32_ADD, ...set(xp));
  const block: number[] = [
    // w0 = w + j d4, wr = w(r-1) + d4
    ...get(w), ...get(j), ...get(d4), ...I32_MUL, ...I32_ADD, ...set(wp(0)),
    ...get(wp(0)), ...get(d4), ...I32_ADD, ...set(wp(1)),
    ...get(wp(1)), ...get(d4), ...I32_ADD, ...set(wp(2)),
    ...get(wp(2)), ...get(d4), ...I32_ADD, ...set(wp(3)),
    ...get(x), ...get(b), ...i32c(2), ...I32_SHL, ...I32_ADD, ...set(xp),
  ];
  for (let r = 0; r < 4; r++) block.push(...V_ZERO, ...set(acc(r, 0)), ...V_ZERO, ...set(acc(r, 1)));
  block.push(...i32c(0), ...set(i), ...forLoop(i, d, 1, inner));
  // o = out + (j stride + b) 4
  block.push(...get(out), ...get(j), ...get(stride), ...I32_MUL, ...get(b), ...I32_ADD, ...i32c(2), ...I32_SHL, ...I32_ADD, ...set(o));
  for (let r = 0; r < 4; r++) {
    const biasSplat = [...get(bias), ...get(j), ...i32c(2), ...I32_SHL, ...I32_ADD, ...F32_LOAD(4 * r), ...V_SPLAT];
    block.push(
      ...get(o), ...get(acc(r, 0)), ...biasSplat, ...V_ADD, ...V_STORE(0),
      ...get(o), ...get(acc(r, 1)), ...biasSplat, ...V_ADD, ...V_STORE(16),
      ...get(o), ...get(s4), ...I32_ADD, ...set(o),
    );
  }
  return [
    ...get(d), ...i32c(2), ...I32_SHL, ...set(d4),
    ...get(stride), ...i32c(2), ...I32_SHL, ...set(s4),
    ...i32c(0), ...set(j),
    ...forLoop(j, nj, 4, [...i32c(0), ...set(b), ...forLoop(b, nb, 8, block)]),
    0x0b,
  ];
}

/**
 * Returns the bytes of the gemm module. With `shared`, the imported memory is a shared memory of up
 * to 65536 pages (what worker threads need); otherwise an ordinary one.
 *
 * @example
 * ```ts
 * const module = new WebAssembly.Module(buildGemmModule(false));
 * const memory = new WebAssembly.Memory({ initial: 1 });
 * const { gemm } = new WebAssembly.Instance(module, { env: { memory } }).exports;
 * ```
 */
export function buildGemmModule(shared: boolean): Uint8Array<ArrayBuffer> {
  const types = vector([[0x60, ...vector(new Array<number[]>(8).fill([I32])), ...vector([])]]);
  const limits = shared ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = vector([[...name('env'), ...name('memory'), 0x02, ...limits]]);
  const functions = vector([[0]]);
  const exports = vector([[...name('gemm'), 0x00, 0]]);
  const body = gemmBody();
  const locals = vector([[...uleb(11), I32], [...uleb(11), V128]]);
  const content = [...locals, ...body];
  const code = vector([[...uleb(content.length), ...content]]);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, functions),
    ...section(7, exports),
    ...section(10, code),
  ]);
}
