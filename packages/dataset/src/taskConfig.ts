import { checkInteger } from '@interp/core';

/**
 * Shape of the index-arithmetic task: two columns of `columnLength` digits in
 * `0..digitMax`, each followed by a pointer in `0..columnLength-1`.
 *
 * @example
 * ```ts
 * import { createSplit, type TaskConfig } from '@interp/dataset';
 * const short: TaskConfig = { columnLength: 2, digitMax: 9 }; // rows [c1_0, c1_1, p1, c2_0, c2_1, p2]
 * createSplit([[3, 7, 1, 2, 5, 0]], short).targets[0]; // |c1[1] - c2[0]| = |7 - 2| = 5
 * ```
 */
export interface TaskConfig {
  /** Digits per column (default 4, so pointers are 0-3). */
  columnLength: number;
  /** Largest digit (default 9, so digits are 0-9). */
  digitMax: number;
}

/**
 * The reference task: `[c1_0..c1_3, p1, c2_0..c2_3, p2]`, digits 0-9, pointers 0-3.
 *
 * @example
 * ```ts
 * import { defaultTaskConfig } from '@interp/dataset';
 * defaultTaskConfig.columnLength; // 4
 * defaultTaskConfig.digitMax;     // 9
 * ```
 */
export const defaultTaskConfig: Readonly<TaskConfig> = Object.freeze({ columnLength: 4, digitMax: 9 });

/**
 * Fills in defaults and checks a task configuration.
 *
 * @example
 * ```ts
 * resolveTaskConfig({ columnLength: 6 }); // { columnLength: 6, digitMax: 9 }
 * ```
 * @throws Error naming the parameter when it is not an integer in range.
 */
export function resolveTaskConfig(config: Partial<TaskConfig> = {}): TaskConfig {
  const resolved: TaskConfig = { ...defaultTaskConfig, ...config };
  checkInteger(resolved.columnLength, 'task config: columnLength', { min: 1, max: 1000 });
  checkInteger(resolved.digitMax, 'task config: digitMax', { min: 1, max: 1000 });
  return resolved;
}

/**
 * Column names of a row, in order: `c1_0..c1_{L-1}, p1, c2_0..c2_{L-1}, p2`.
 *
 * @example
 * ```ts
 * getInputColumns(); // ['c1_0','c1_1','c1_2','c1_3','p1','c2_0','c2_1','c2_2','c2_3','p2']
 * ```
 */
export function getInputColumns(config: Partial<TaskConfig> = {}): string[] {
  const { columnLength } = resolveTaskConfig(config);
  const col = (c: number) => Array.from({ length: columnLength }, (_, i) => `c${c}_${i}`);
  return [...col(1), 'p1', ...col(2), 'p2'];
}

/**
 * Number of inputs per row: `2 * columnLength + 2` (10 for the reference task).
 *
 * @example
 * ```ts
 * import { getNumInputs } from '@interp/dataset';
 * getNumInputs();                    // 10
 * getNumInputs({ columnLength: 6 }); // 14
 * ```
 */
export function getNumInputs(config: Partial<TaskConfig> = {}): number {
  return 2 * resolveTaskConfig(config).columnLength + 2;
}
