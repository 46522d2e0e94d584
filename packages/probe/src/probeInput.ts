import { DEFAULT_HOOK_POINT } from '@interp/models';
import * as tf from '@tensorflow/tfjs-core';
import { computeTarget, type TaskConfig } from '@interp/dataset';
import type { Mlp } from '@interp/models';
import type { Sae } from '@interp/sae';
import { resolveHook } from './resolveHook';

/**
 * An active SAE feature and its activation.
 *
 * @example
 * ```ts
 * import { probeInput, type ProbeFeature } from '@interp/probe';
 * const top: ProbeFeature[] = probeInput(model, sae, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1], { topK: 3 }).topFeatures;
 * top.map((f) => `#${f.feature}: ${f.activation.toFixed(3)}`);
 * ```
 */
export interface ProbeFeature {
  /** Feature index. */
  feature: number;
  /** Activation (> 0). */
  activation: number;
}

/**
 * What {@link probeInput} finds for one input row. Plain JSON-serialisable data.
 *
 * @example
 * ```ts
 * import { probeInput, type ProbeResult } from '@interp/probe';
 * const r: ProbeResult = probeInput(model, sae, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1]);
 * console.log(`expected ${r.expected}, MLP says ${r.output.toFixed(2)}, ${r.activeFeatures} features active`);
 * ```
 */
export interface ProbeResult {
  /** The input row. */
  input: number[];
  /** The expected output (given, or the task target `|c1[p1] - c2[p2]|`). */
  expected: number;
  /** The MLP's (first) output. */
  output: number;
  /** Every MLP output (one for the reference task). */
  outputs: number[];
  /** The hook the SAE read. */
  hook: string;
  /** Number of SAE features with activation > 0. */
  activeFeatures: number;
  /** The `topK` strongest active features, strongest first (ties: lower index first). */
  topFeatures: ProbeFeature[];
}

/**
 * Options of {@link probeInput} and {@link probeInputs}.
 *
 * @example
 * ```ts
 * import { probeInput, type ProbeOptions } from '@interp/probe';
 * const options: ProbeOptions = { topK: 10, expected: 8 };
 * const r = probeInput(model, sae, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1], options);
 * ```
 */
export interface ProbeOptions {
  /** Hook point the SAE reads (default `hidden.post`). */
  hook?: string;
  /** How many top features to list (default 5). */
  topK?: number;
  /** The expected output; default: the task target computed from the row. */
  expected?: number;
  /** Task shape for computing the expected output (default: the reference task). */
  task?: Partial<TaskConfig>;
}

function toRow(row: ArrayLike<number>, width: number, where: string): number[] {
  if (row === null || typeof row !== 'object' || typeof row.length !== 'number') {
    throw new TypeError(`${where}: row must be an array of ${width} numbers`);
  }
  if (row.length !== width) throw new RangeError(`${where}: row has ${row.length} values, the model takes inputSize = ${width}`);
  const out = Array.from(row, Number);
  out.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`${where}: row column ${i} is ${String(row[i])}, not a finite number`);
  });
  return out;
}

/**
 * Probes many input rows: for each, the MLP output, the expected output, the number of active SAE
 * features and the top features (one batched forward pass).
 *
 * @example
 * ```ts
 * const results = probeInputs(model, sae, [[8, 9, 5, 1, 3, 2, 9, 4, 7, 1], [8, 9, 5, 2, 3, 2, 8, 4, 7, 1]]);
 * results.map(formatProbeReport).join('\n');
 * ```
 * @throws RangeError for an unknown hook, a row of the wrong width, a bad `topK`, or (without
 * `expected`) a row that is not a valid task row (naming its column).
 */
export function probeInputs(model: Mlp, sae: Sae, rows: ReadonlyArray<ArrayLike<number>>, options: Omit<ProbeOptions, 'expected'> & { expected?: number | readonly number[] } = {}): ProbeResult[] {
  const where = 'probeInputs';
  const hook = options.hook ?? DEFAULT_HOOK_POINT;
  const topK = options.topK ?? 5;
  if (!Number.isInteger(topK) || topK < 0) throw new RangeError(`${where}: options.topK must be an integer >= 0, got ${String(topK)}`);
  resolveHook(model, sae, hook, where);
  const { inputSize, outputSize } = model.config;
  const plain = rows.map((r, i) => toRow(r, inputSize, `${where}: rows[${i}]`));
  const expectedOpt = options.expected;
  if (Array.isArray(expectedOpt) && expectedOpt.length !== plain.length) {
    throw new RangeError(`${where}: options.expected has ${expectedOpt.length} values for ${plain.length} rows`);
  }
  const expected = plain.map((r, i) => {
    const e = typeof expectedOpt === 'number' ? expectedOpt : (expectedOpt as readonly number[] | undefined)?.[i];
    if (e !== undefined) return e;
    try {
      return computeTarget(r, options.task ?? {});
    } catch (err) {
      throw new RangeError(`${where}: rows[${i}]: cannot compute the expected output (${(err as Error).message}); pass options.expected`);
    }
  });
  if (plain.length === 0) return [];
  const dSae = sae.config.dSae;
  const x = tf.tensor2d(plain, [plain.length, inputSize], 'float32');
  const { output, cache } = model.runWithCache(x, [hook]);
  const h = cache[hook] as tf.Tensor2D;
  let feats: Float32Array;
  let outs: Float32Array;
  try {
    const f = sae.encode(h);
    feats = f.dataSync() as Float32Array;
    f.dispose();
    outs = output.dataSync() as Float32Array;
  } finally {
    tf.dispose([x, output, h]);
  }
  return plain.map((input, r) => {
    const active: ProbeFeature[] = [];
    for (let j = 0; j < dSae; j++) {
      const v = feats[r * dSae + j] as number;
      if (v > 0) active.push({ feature: j, activation: v });
    }
    const top = [...active].sort((p, q) => q.activation - p.activation || p.feature - q.feature).slice(0, topK);
    const outputs = Array.from(outs.subarray(r * outputSize, (r + 1) * outputSize));
    return {
      input,
      expected: expected[r] as number,
      output: outputs[0] as number,
      outputs,
      hook,
      activeFeatures: active.length,
      topFeatures: top,
    };
  });
}

/**
 * Probes one input row: the MLP output, the expected output, the number of active SAE features and
 * the top features with their activations, as in the reference run's feature probe.
 *
 * @example
 * ```ts
 * const result = probeInput(model, sae, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1], { topK: 5 });
 * console.log(formatProbeReport(result));
 * ```
 * @throws RangeError for an unknown hook, a row of the wrong width, or a row that is not a valid task row.
 */
export function probeInput(model: Mlp, sae: Sae, row: ArrayLike<number>, options: ProbeOptions = {}): ProbeResult {
  return probeInputs(model, sae, [row], options)[0] as ProbeResult;
}
