import { resolveTaskConfig, type TaskConfig } from './taskConfig';

/**
 * The exact distribution of the target `|a - b|` for independent uniform
 * digits `a, b` in `0..digitMax`: `P(0) = 1/n`, `P(t) = 2(n - t)/n²` with `n = digitMax + 1`.
 *
 * @example
 * ```ts
 * getTargetDistribution()[0]; // 0.1
 * ```
 */
export function getTargetDistribution(config: Partial<TaskConfig> = {}): number[] {
  const n = resolveTaskConfig(config).digitMax + 1;
  return Array.from({ length: n }, (_, t) => (t === 0 ? 1 / n : (2 * (n - t)) / (n * n)));
}
