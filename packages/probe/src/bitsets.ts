/** Number of set bits of a 32-bit word. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of 32-bit words of a bitset over `rows` rows. */
export function wordsFor(rows: number): number {
  return (rows + 31) >>> 5;
}

/** `|a ∩ b|` of two bitsets stored at offsets `ao`, `bo` (length `words`). */
export function countAnd(a: Uint32Array, ao: number, b: Uint32Array, bo: number, words: number): number {
  let n = 0;
  for (let w = 0; w < words; w++) n += popcount32((a[ao + w] as number) & (b[bo + w] as number));
  return n;
}

/** `|a ∩ b ∩ c|` of three bitsets. */
export function countAnd3(
  a: Uint32Array,
  ao: number,
  b: Uint32Array,
  bo: number,
  c: Uint32Array,
  co: number,
  words: number,
): number {
  let n = 0;
  for (let w = 0; w < words; w++) {
    n += popcount32((a[ao + w] as number) & (b[bo + w] as number) & (c[co + w] as number));
  }
  return n;
}
