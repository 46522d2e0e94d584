import { resolveTaskConfig, getNumInputs, type TaskConfig } from './taskConfig';

/**
 * The ground-truth latent variables of one row, which SAE features are scored against.
 *
 * @example
 * ```ts
 * import { computeLatents, type RowLatents } from '@interp/dataset';
 * const l: RowLatents = computeLatents([8, 9, 5, 1, 3, 2, 9, 4, 7, 1]);
 * // { p1: 3, p2: 1, a: 1, b: 9, diff: -8, target: 8 }
 * ```
 */
export interface RowLatents {
  /** Pointer into the first column. */
  p1: number;
  /** Pointer into the second column. */
  p2: number;
  /** The pointed-to digit of the first column, `c1[p1]`. */
  a: number;
  /** The pointed-to digit of the second column, `c2[p2]`. */
  b: number;
  /** `a - b` (signed). */
  diff: number;
  /** `|a - b|`, the row's target. */
  target: number;
}

/**
 * Computes the latent variables (and hence the target `|c1[p1] - c2[p2]|`) of a row.
 *
 * @example
 * ```ts
 * computeLatents([8, 9, 5, 1, 3, 2, 9, 4, 7, 1]).target; // 8  (c1[3] = 1, c2[1] = 9)
 * ```
 * @throws RangeError naming the column when the row has the wrong length, a
 * non-integer value, a digit or a pointer out of range.
 */
export function computeLatents(row: ArrayLike<number>, config: Partial<TaskConfig> = {}): RowLatents {
  const cfg = resolveTaskConfig(config);
  const problem = findRowProblem(row, cfg);
  if (problem) throw new RangeError(problem.message);
  const L = cfg.columnLength;
  const p1 = row[L] as number;
  const p2 = row[2 * L + 1] as number;
  const a = row[p1] as number;
  const b = row[L + 1 + p2] as number;
  return { p1, p2, a, b, diff: a - b, target: Math.abs(a - b) };
}

/**
 * Computes the target `|c1[p1] - c2[p2]|` of a row.
 *
 * @example
 * ```ts
 * computeTarget([8, 9, 5, 2, 3, 2, 8, 4, 7, 1]); // 6
 * ```
 */
export function computeTarget(row: ArrayLike<number>, config: Partial<TaskConfig> = {}): number {
  return computeLatents(row, config).target;
}

/** A reason a row is not valid for the task, with the offending column index. */
export interface RowProblem {
  column: number;
  message: string;
}

/**
 * Checks one row against the task; returns the first problem found, or
 * `undefined`. Used by the readers to name the offending cell.
 */
export function findRowProblem(row: ArrayLike<number>, config: TaskConfig): RowProblem | undefined {
  const width = getNumInputs(config);
  if (row.length !== width) {
    return { column: Math.min(row.length, width), message: `row has ${row.length} values, expected ${width}` };
  }
  const L = config.columnLength;
  for (let i = 0; i < width; i++) {
    const v = row[i] as number;
    const isPointer = i === L || i === 2 * L + 1;
    const max = isPointer ? L - 1 : config.digitMax;
    const kind = isPointer ? 'pointer' : 'digit';
    if (!Number.isInteger(v) || v < 0 || v > max) {
      return { column: i, message: `${kind} must be an integer in [0, ${max}], got ${String(v)}` };
    }
  }
  return undefined;
}
