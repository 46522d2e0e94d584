/**
 * splitmix32: spreads a 32-bit seed into a stream of well-mixed 32-bit words (used to seed
 * {@link createRng} and by {@link deriveSeed}).
 *
 * @internal
 * @example
 * ```ts
 * const next = splitmix32(42);
 * next(); // an unsigned 32-bit integer, the same one for 42 everywhere
 * ```
 */
export function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}
