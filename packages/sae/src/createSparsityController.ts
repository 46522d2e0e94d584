/** Adapts a sparsity coefficient (L1 or L0 penalty) during training so that the batches' L0 reaches a target. */
export interface SparsityController {
  /** The coefficient in force. */
  readonly value: number;
  /** Feeds the L0 (mean active features per row) of the batch just trained on. */
  update(l0: number): void;
}

/**
 * A multiplicative controller: after each step, `log(coefficient) += rate * log((L0_ema + 1) / (target + 1))`
 * with `L0_ema` an exponential mean (0.9) of the batches' L0, so the coefficient grows while the code is
 * denser than `target` and shrinks while it is sparser. With `target` undefined the coefficient stays at
 * `initial`.
 *
 * @example
 * ```ts
 * const c = createSparsityController(0.1, 32);
 * c.update(60); // denser than 32: c.value grows
 * ```
 */
export function createSparsityController(initial: number, target: number | undefined, rate = 0.03): SparsityController {
  let value = initial;
  let ema: number | undefined;
  return {
    get value() {
      return value;
    },
    update(l0) {
      if (target === undefined || !Number.isFinite(l0)) return;
      ema = ema === undefined ? l0 : 0.9 * ema + 0.1 * l0;
      value *= Math.exp(rate * Math.log((ema + 1) / (target + 1)));
    },
  };
}
