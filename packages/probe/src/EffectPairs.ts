/**
 * (feature, row) pairs of the output effects: add `coef[p] * W_dec[feat[p]]` to the hook activation of row `row[p]`.
 *
 * @internal
 */
export interface EffectPairs {
  row: Int32Array;
  feat: Int32Array;
  coef: Float32Array;
  length: number;
}
