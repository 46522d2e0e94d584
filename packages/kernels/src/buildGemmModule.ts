/**
 * A hand-assembled WebAssembly SIMD module with one dense kernel for the parallel trainer: the encoder
 * product of a block of features. It imports a memory (`env.memory`, shared when `shared` is set, so
 * that every worker thread runs it on the same heap) and exports
 *
 * `gemm(w, x, bias, out, nj, nb, d, stride)`: for `j < nj` and `b < nb` (any sizes),
 * `out[j * stride + b] = (sum_i w[j * d + i] * x[i * stride + b]) + bias[j]`.
 *
 * `gemmPacked(w, xp, bias, out, nj, nb, d, stride)`: the same outputs from `x` packed in panels of `P = 4 tile.vectors`
 * columns (8 with the default tile): column `b`'s `x[i][b]` at `xp[(b - b % P) * d + i * P + b % P]`, so that the
 * inner loop reads consecutive bytes instead of one row of `x` after another (`stride` apart, which a power-of-two
 * stride maps onto few cache sets). `nb` must be a multiple of `P` (columns past the last whole panel are left
 * alone); the floats are those of `gemm`.
 *
 * Every output is summed in order of `i`, one rounded multiply and one rounded add per term, starting
 * from 0, and the bias is added last: the same arithmetic as XNNPACK's wasm SIMD kernels behind tfjs'
 * `matMul` followed by `add`, so the results match tfjs bit for bit (checked in the tests). Pointers
 * are byte offsets.
 *
 * The outputs are computed in register tiles of `rows` rows of `w` (each weight broadcast by one
 * `v128.load32_splat`) by `vectors` x 4 columns of `x` (one `v128.load` each), the `i` loop unrolled
 * `unroll` times; the rows past the last whole tile run in tiles of 4, then 1 row, the columns past the
 * last whole tile in tiles of 4, then 1 column (`v128.load32_zero`, lane 0 stored). The tile changes the
 * speed only: every output's terms are the same and in the same order.
 */

import {
  F32_LOAD,
  F32_STORE,
  I32,
  I32_ADD,
  I32_MUL,
  I32_SHL,
  V128,
  V_ADD,
  V_LOAD32_SPLAT,
  V_MUL,
  V_SPLAT,
  V_ZERO,
  assembleModule,
  get,
  i32c,
  lane,
  set,
  simd,
  uleb,
} from './wasmAssembly';
import type { ModuleFunction } from './wasmAssembly';

/**
 * The register tile of {@link buildGemmModule}: `rows` x `4 vectors` accumulators. Every tile gives the same
 * floats; only the speed differs.
 *
 * @example
 * ```ts
 * const tile: GemmTile = { rows: 5, vectors: 2, unroll: 1, fence: true }; // 5 x 8, each row's terms in its own block
 * const bytes = buildGemmModule(false, tile);
 * ```
 */
export type GemmTile = {
  /** Rows of `w` (outputs `j`) per tile, 1 to 12. */
  rows: number;
  /** Groups of 4 columns of `x` (outputs `b`) per tile, 1 to 4. */
  vectors: number;
  /** How many terms `i` one pass of the inner loop adds, 1 to 8 (TurboFan unrolls the loop by itself too). */
  unroll: number;
  /**
   * Each row's terms in a block of its own (`if (d != -row)`, always true), so that TurboFan computes them before
   * it loads the next row's weight; without it, it loads every weight of an iteration first, which needs
   * `rows` more registers (x64 gives wasm 15 xmm registers) and spills the accumulators of tiles past 4 x 8.
   */
  fence?: boolean;
};

/**
 * The tile {@link buildGemmModule} uses unless told otherwise, 4 x 8 with no unrolling: the fastest that
 * `bench/gemm.mjs` measured on Node 20 x64 (see the package README; 5 x 8, 3 x 12 with fences and 2 x 16 came
 * within 5%, larger tiles spill).
 *
 * @example
 * ```ts
 * console.log(DEFAULT_GEMM_TILE); // { rows: 4, vectors: 2, unroll: 1 }
 * ```
 */
export const DEFAULT_GEMM_TILE: Readonly<GemmTile> = Object.freeze({ rows: 4, vectors: 2, unroll: 1 });

const I32_GT_S = [0x4a];
const I32_EQ = [0x46];
const I32_NE = [0x47];
const I32_SUB = [0x6b];
const I32_REM_U = [0x70];
// v128.load and v128.store with the alignment hint of a whole vector (4: 16 bytes), where the other modules' V_LOAD
// and V_STORE give that of a float (2)
const V_LOAD_ALIGN16 = (off = 0): number[] => simd(0x00, 4, ...uleb(off));
const V_STORE_ALIGN16 = (off = 0): number[] => simd(0x0b, 4, ...uleb(off));
// v128.load32_zero: one float in lane 0, zeros elsewhere (the 1-column tile reads no float past its column)
const V_LOAD32_ZERO = simd(0x5c, 2, 0);

/** `while (a + step <= limit) body` on the i32 locals `a` and `limit` (signed). */
function whileFits(a: number, step: number, limit: number, body: number[]): number[] {
  return [
    0x02, 0x40, 0x03, 0x40,
    ...get(a), ...i32c(step), ...I32_ADD, ...get(limit), ...I32_GT_S, 0x0d, 1,
    ...body,
    ...get(a), ...i32c(step), ...I32_ADD, ...set(a),
    0x0c, 0, 0x0b, 0x0b,
  ];
}

/** `while (a != end) body` on the i32 locals `a` and `end`. */
function untilEqual(a: number, end: number, body: number[]): number[] {
  return [0x02, 0x40, 0x03, 0x40, ...get(a), ...get(end), ...I32_EQ, 0x0d, 1, ...body, 0x0c, 0, 0x0b, 0x0b];
}

function checkTile(tile: GemmTile): void {
  const ok = (v: number, max: number): boolean => Number.isInteger(v) && v >= 1 && v <= max;
  if (!ok(tile.rows, 12)) throw new RangeError(`buildGemmModule: tile.rows must be an integer from 1 to 12, got ${tile.rows}`);
  if (!ok(tile.vectors, 4)) throw new RangeError(`buildGemmModule: tile.vectors must be an integer from 1 to 4, got ${tile.vectors}`);
  if (!ok(tile.unroll, 8)) throw new RangeError(`buildGemmModule: tile.unroll must be an integer from 1 to 8, got ${tile.unroll}`);
}

function gemmBody(tile: GemmTile, packed = false): { body: number[]; i32Locals: number; v128Locals: number } {
  const { rows: R, vectors: C, unroll: U } = tile;
  // params: 0 w, 1 x, 2 bias, 3 out, 4 nj, 5 nb, 6 d, 7 stride
  const [w, x, bias, out, nj, nb, d, stride] = [0, 1, 2, 3, 4, 5, 6, 7];
  // i32 locals: j, b, i, xp, d4, s4, o, then the row pointers, then s4 u for u = 2 .. U
  const [j, b, i, xp, d4, s4, o] = [8, 9, 10, 11, 12, 13, 14]; // i: row 0's end in the i loop
  const maxRows = Math.max(R, 4);
  const wp = (r: number): number => 15 + r;
  const s4u = (u: number): number => 15 + maxRows + (u - 2);
  const i32Locals = 7 + maxRows + Math.max(0, U - 1);
  // v128 locals: the accumulators (row r, vector c), the x vectors, the splat
  const v0 = 8 + i32Locals;
  const acc = (r: number, c: number): number => v0 + r * C + c;
  const xv = (c: number): number => v0 + maxRows * C + c;
  const sv = v0 + maxRows * C + C;
  const v128Locals = maxRows * C + C + 1;

  // packed x: the columns in panels of 4 C, panel by panel, each panel [d][4 C] (16 C bytes per term i)
  const panel = 16 * C;
  const xAddr = (u: number): number[] => {
    if (u === 0) return get(xp);
    if (packed) return [...get(xp), ...i32c(u * panel), ...I32_ADD];
    return [...get(xp), ...get(u === 1 ? s4 : s4u(u)), ...I32_ADD];
  };
  /** `u` terms (`u` consecutive i) of a tile of `r` rows by `c` vectors (or 1 column when `one`). */
  const terms = (r: number, c: number, one: boolean, u: number): number[] => {
    const code: number[] = [];
    for (let k = 0; k < u; k++) {
      for (let v = 0; v < c; v++) code.push(...xAddr(k), ...(one ? V_LOAD32_ZERO : V_LOAD_ALIGN16(16 * v)), ...set(xv(v)));
      for (let q = 0; q < r; q++) {
        const row: number[] = [...get(wp(q)), ...V_LOAD32_SPLAT(4 * k), ...set(sv)];
        for (let v = 0; v < c; v++) row.push(...get(acc(q, v)), ...get(sv), ...get(xv(v)), ...V_MUL, ...V_ADD, ...set(acc(q, v)));
        code.push(...(tile.fence === true ? [...get(d), ...i32c(-q), ...I32_NE, 0x04, 0x40, ...row, 0x0b] : row));
      }
    }
    for (let q = 0; q < r; q++) code.push(...get(wp(q)), ...i32c(4 * u), ...I32_ADD, ...set(wp(q)));
    code.push(...get(xp), ...(packed ? i32c(u * panel) : get(u === 1 ? s4 : s4u(u))), ...I32_ADD, ...set(xp));
    return code;
  };
  /** One tile at (j, b): `r` rows by `c` vectors, or by 1 column when `one`. */
  const tileAt = (r: number, c: number, one: boolean): number[] => {
    const code: number[] = [...get(w), ...get(j), ...get(d4), ...I32_MUL, ...I32_ADD, ...set(wp(0))];
    for (let q = 1; q < r; q++) code.push(...get(wp(q - 1)), ...get(d4), ...I32_ADD, ...set(wp(q)));
    // strided: x + 4 b; packed (b a multiple of 4 C): the panel of column b starts at x + 4 b d
    code.push(...get(x), ...get(b), ...(packed ? [...get(d4), ...I32_MUL] : [...i32c(2), ...I32_SHL]), ...I32_ADD, ...set(xp));
    for (let q = 0; q < r; q++) for (let v = 0; v < c; v++) code.push(...V_ZERO, ...set(acc(q, v)));
    // the i loops run on row 0's pointer (no counter): to its start + 4 (d - d % U) by U terms, then to its end
    // (start + d4) one by one
    const wEnd = i;
    const wEndU = o;
    code.push(...get(wp(0)), ...get(d4), ...I32_ADD, ...set(wEnd));
    if (U > 1) {
      code.push(...get(wEnd), ...get(d), ...i32c(U), ...I32_REM_U, ...i32c(2), ...I32_SHL, ...I32_SUB, ...set(wEndU));
      code.push(...untilEqual(wp(0), wEndU, terms(r, c, one, U)));
    }
    code.push(...untilEqual(wp(0), wEnd, terms(r, c, one, 1)));
    // o = out + (j stride + b) 4
    code.push(...get(out), ...get(j), ...get(stride), ...I32_MUL, ...get(b), ...I32_ADD, ...i32c(2), ...I32_SHL, ...I32_ADD, ...set(o));
    for (let q = 0; q < r; q++) {
      const biasSplat = [...get(bias), ...get(j), ...i32c(2), ...I32_SHL, ...I32_ADD, ...F32_LOAD(4 * q), ...V_SPLAT];
      if (one) {
        code.push(...get(o), ...get(acc(q, 0)), ...biasSplat, ...V_ADD, ...lane(0), ...F32_STORE(0));
      } else {
        for (let v = 0; v < c; v++) code.push(...get(o), ...get(acc(q, v)), ...biasSplat, ...V_ADD, ...V_STORE_ALIGN16(16 * v));
      }
      code.push(...get(o), ...get(s4), ...I32_ADD, ...set(o));
    }
    return code;
  };
  /** Rows j .. j + r - 1 for every column: whole tiles, then 4 columns, then 1. */
  const rowBlock = (r: number): number[] => [
    ...i32c(0), ...set(b),
    ...whileFits(b, 4 * C, nb, tileAt(r, C, false)),
    // packed: whole panels only (the caller passes nb a multiple of 4 C)
    ...(C > 1 && !packed ? whileFits(b, 4, nb, tileAt(r, 1, false)) : []),
    ...(packed ? [] : whileFits(b, 1, nb, tileAt(r, 1, true))),
  ];
  const rowSizes = [R, ...[4, 1].filter((t) => t < R)];
  const body: number[] = [
    ...get(d), ...i32c(2), ...I32_SHL, ...set(d4),
    ...get(stride), ...i32c(2), ...I32_SHL, ...set(s4),
  ];
  for (let u = 2; u <= U; u++) body.push(...get(s4), ...i32c(u), ...I32_MUL, ...set(s4u(u)));
  body.push(...i32c(0), ...set(j));
  for (const r of rowSizes) body.push(...whileFits(j, r, nj, rowBlock(r)));
  body.push(0x0b);
  return { body, i32Locals, v128Locals };
}

/**
 * Returns the bytes of the gemm module. With `shared`, the imported memory is a shared memory of up
 * to 65536 pages (what worker threads need); otherwise an ordinary one. `tile` picks the register tile
 * (default {@link DEFAULT_GEMM_TILE}); every tile gives the same floats.
 *
 * @example
 * ```ts
 * const module = new WebAssembly.Module(buildGemmModule(false));
 * const memory = new WebAssembly.Memory({ initial: 1 });
 * const { gemm } = new WebAssembly.Instance(module, { env: { memory } }).exports;
 * const other = buildGemmModule(false, { rows: 4, vectors: 2, unroll: 1 }); // the same floats, another speed
 * ```
 */
export function buildGemmModule(shared: boolean, tile: GemmTile = DEFAULT_GEMM_TILE): Uint8Array<ArrayBuffer> {
  checkTile(tile);
  const gemm = (name: string, packed: boolean): ModuleFunction => {
    const { body, i32Locals, v128Locals } = gemmBody(tile, packed);
    return { name, params: new Array<number>(8).fill(I32), locals: [[i32Locals, I32], [v128Locals, V128]], body };
  };
  return assembleModule(shared, [gemm('gemm', false), gemm('gemmPacked', true)]);
}
