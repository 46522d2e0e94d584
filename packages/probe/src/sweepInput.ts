import { DEFAULT_HOOK_POINT } from '@interp/models';
import { computeTarget, getInputColumns, type TaskConfig } from '@interp/dataset';
import type { Mlp } from '@interp/models';
import type { Sae } from '@interp/sae';
import { probeInputs } from './probeInput';
import { resolveHook } from './resolveHook';

/**
 * One feature's activation across a sweep.
 *
 * @example
 * ```ts
 * import { sweepInput, type SweepFeature } from '@interp/probe';
 * const [strongest]: SweepFeature[] = sweepInput(model, sae, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1], 3, [1, 5, 9]).features;
 * strongest?.activations; // its activation at c1_3 = 1, 5 and 9
 * ```
 */
export interface SweepFeature {
  /** Feature index. */
  feature: number;
  /** Activation at each swept value (0 where it does not fire). */
  activations: number[];
  /** Largest activation over the sweep. */
  maxActivation: number;
}

/**
 * What {@link sweepInput} returns. Plain JSON-serialisable data.
 *
 * @example
 * ```ts
 * import { sweepInput, type SweepResult } from '@interp/probe';
 * const s: SweepResult = sweepInput(model, sae, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1], 3, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 * s.name;     // 'c1_3'
 * s.expected; // the task target |c1_3 - c2_1| at each value: [9, 8, 7, ..., 0]
 * s.outputs;  // what the MLP says at each value
 * ```
 */
export interface SweepResult {
  /** The unmodified row. */
  row: number[];
  /** The swept column. */
  position: number;
  /** Its name (`c1_0` ... `p2`). */
  name: string;
  /** The values the column took. */
  values: number[];
  /** The MLP's (first) output at each value. */
  outputs: number[];
  /** The task target at each value (`null` where the row is not a valid task row). */
  expected: (number | null)[];
  /** Number of active features at each value. */
  activeCounts: number[];
  /** Every feature active at some value, strongest (by max activation) first, ties by index. */
  features: SweepFeature[];
  /** The hook the SAE read. */
  hook: string;
}

/**
 * Options of {@link sweepInput}.
 *
 * @example
 * ```ts
 * import { sweepInput, type SweepOptions } from '@interp/probe';
 * const options: SweepOptions = { hook: 'hidden.post', task: { columnLength: 4, digitMax: 9 } };
 * const sweep = sweepInput(model, sae, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1], 4, [0, 1, 2, 3], options); // vary p1
 * ```
 */
export interface SweepOptions {
  /** Hook point the SAE reads (default `hidden.post`). */
  hook?: string;
  /** Task shape, for the column names and expected outputs (default: the reference task). */
  task?: Partial<TaskConfig>;
}

/**
 * Sweeps one input position over values, as the reference run's probing does (vary one column, watch
 * features rise and fall): the MLP output and each feature's activation per value.
 *
 * @example
 * ```ts
 * // vary c1_3 (the digit p1 = 3 points at) from 1 to 5
 * const sweep = sweepInput(model, sae, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1], 3, [1, 2, 3, 4, 5]);
 * sweep.features[0]; // { feature, activations: [5 numbers], maxActivation }
 * ```
 * @throws RangeError for an unknown hook, a row of the wrong width, a position out of range or a non-finite value.
 */
export function sweepInput(
  model: Mlp,
  sae: Sae,
  row: ArrayLike<number>,
  position: number,
  values: readonly number[],
  options: SweepOptions = {},
): SweepResult {
  const where = 'sweepInput';
  const hook = options.hook ?? DEFAULT_HOOK_POINT;
  resolveHook(model, sae, hook, where);
  const width = model.config.inputSize;
  if (!row || typeof row.length !== 'number' || row.length !== width) {
    throw new RangeError(`${where}: row must have inputSize = ${width} values, got ${row?.length ?? 'none'}`);
  }
  if (!Number.isInteger(position) || position < 0 || position >= width) {
    throw new RangeError(`${where}: position must be an integer in [0, ${width - 1}], got ${String(position)}`);
  }
  if (!Array.isArray(values) || values.length === 0) throw new RangeError(`${where}: values must be a non-empty array of numbers`);
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${where}: values[${i}] is ${String(v)}, not a finite number`);
  });
  const base = Array.from(row, Number);
  const rows = values.map((v) => {
    const r = [...base];
    r[position] = v;
    return r;
  });
  const expected = rows.map((r) => {
    try {
      return computeTarget(r, options.task ?? {});
    } catch {
      return null;
    }
  });
  const dSae = sae.config.dSae;
  const results = probeInputs(model, sae, rows, { hook, topK: dSae, expected: expected.map((e) => e ?? Number.NaN) });
  const byFeature = new Map<number, number[]>();
  results.forEach((res, k) => {
    for (const f of res.topFeatures) {
      let acts = byFeature.get(f.feature);
      if (!acts) {
        acts = new Array<number>(values.length).fill(0);
        byFeature.set(f.feature, acts);
      }
      acts[k] = f.activation;
    }
  });
  const features = [...byFeature.entries()]
    .map(([feature, activations]) => ({ feature, activations, maxActivation: Math.max(...activations) }))
    .sort((p, q) => q.maxActivation - p.maxActivation || p.feature - q.feature);
  let name = `x${position}`;
  try {
    const cols = getInputColumns(options.task ?? {});
    if (cols.length === width) name = cols[position] as string;
  } catch {
    // keep the generic name
  }
  return {
    row: base,
    position,
    name,
    values: [...values],
    outputs: results.map((r) => r.output),
    expected,
    activeCounts: results.map((r) => r.activeFeatures),
    features,
    hook,
  };
}
