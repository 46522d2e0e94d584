/** A seeded source of uniform numbers in `[0, 1)`. */
export interface Rng {
  /** The next uniform number in `[0, 1)` (32 bits of randomness). */
  next(): number;
  /** A uniform integer in `[0, n)`. */
  nextInt(n: number): number;
}

/** splitmix32: spreads a 32-bit seed into well-mixed state words. */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * The sfc32 generator (Chris Doty-Humphrey's Small Fast Counting RNG), seeded
 * through splitmix32. Integer-only arithmetic, so the same seed gives the same
 * stream on every platform and JavaScript engine.
 *
 * @example
 * ```ts
 * const rng = createRng(42);
 * rng.nextInt(10); // a digit 0-9, the same one for seed 42 everywhere
 * ```
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed) || !Number.isInteger(seed)) {
    throw new RangeError(`createRng: seed must be an integer, got ${String(seed)}`);
  }
  const init = splitmix32((seed >>> 0) ^ Math.floor(seed / 2 ** 32));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) nextU32();
  return {
    next: () => nextU32() / 4294967296,
    nextInt: (n: number) => Math.floor((nextU32() / 4294967296) * n),
  };
}

/**
 * Derives an independent seed for a named stream (for example one per split)
 * from a base seed.
 *
 * @example
 * ```ts
 * deriveSeed(42, 'val') !== deriveSeed(42, 'test'); // true
 * ```
 */
export function deriveSeed(seed: number, stream: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < stream.length; i++) {
    h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  }
  return splitmix32(h ^ Math.floor(seed / 2 ** 32))();
}
