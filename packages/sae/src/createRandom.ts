import { createNormalSampler, createRng } from '@interp/core';

/**
 * A seeded pseudo-random source, so every random choice of a training run is reproducible.
 *
 * @example
 * ```ts
 * import { createRandom, type Random } from '@interp/sae';
 * const random: Random = createRandom(1);
 * const noise = Float32Array.from({ length: 8 }, () => 0.1 * random.normal());
 * const pick = random.int(8); // integer in [0, 8)
 * ```
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box-Muller, both branches). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Where the stream stands, for checkpoints: {@link createRandom} with this state continues it exactly. */
  getState(): RandomState;
}

/**
 * The position of a {@link Random} stream: its seed, the 32-bit draws taken so far, and (`spareFrom >= 0`) the
 * draw at which the pair behind a still unused normal sample started.
 *
 * @example
 * ```ts
 * const rng = createRandom(3);
 * rng.normal();
 * const state: RandomState = rng.getState(); // { seed: 3, draws: 2, spareFrom: 0 }
 * ```
 */
export interface RandomState {
  seed: number;
  draws: number;
  spareFrom: number;
}

/**
 * The SAE trainer's view of `@interp/core`'s generator: `createRng(seed >>> 0)` (sfc32) with
 * `createNormalSampler` for normal draws. With `state` (from {@link Random.getState}) the stream continues
 * from there: the generator is replayed to the same draw (a few milliseconds per million draws).
 *
 * @example
 * ```ts
 * import { createRandom } from '@interp/sae';
 * const rng = createRandom(42);
 * rng.next();
 * const again = createRandom(42, rng.getState());
 * again.next() === rng.next(); // true
 * ```
 */
export function createRandom(seed: number, state?: RandomState): Random {
  const inner = createRng(seed >>> 0);
  let draws = 0;
  const counted = {
    next: () => {
      draws++;
      return inner.next();
    },
    nextInt: (n: number) => {
      draws++;
      return inner.nextInt(n);
    },
  };
  const sampler = createNormalSampler(counted);
  let spareFrom = -1;
  const normal = (): number => {
    const before = draws;
    const v = sampler();
    spareFrom = draws > before ? before : -1; // a new pair leaves its second value pending; a pending one is used up
    return v;
  };
  if (state) {
    if (state.seed !== seed >>> 0 || !Number.isInteger(state.draws) || state.draws < 0 || !Number.isInteger(state.spareFrom)) {
      throw new Error(`createRandom: state ${JSON.stringify(state)} does not belong to seed ${seed >>> 0}`);
    }
    if (state.spareFrom >= 0) {
      while (draws < state.spareFrom) counted.next();
      normal();
    }
    while (draws < state.draws) counted.next();
  }
  return { next: counted.next, normal, int: counted.nextInt, getState: () => ({ seed: seed >>> 0, draws, spareFrom }) };
}
