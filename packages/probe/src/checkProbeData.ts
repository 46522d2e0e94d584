import { getInputColumns, getNumInputs, resolveTaskConfig, type TaskConfig } from '@interp/dataset';
import type { ProbeData } from './ProbeData';

/**
 * A validated {@link ProbeData} with every default filled in.
 *
 * @internal
 */
export interface ResolvedProbeData {
  rows: number;
  numInputs: number;
  columns: string[];
  config: TaskConfig;
  inputs: Float32Array;
  latents: ProbeData['latents'];
  targets: Float32Array;
}

const LATENT_KEYS = ['p1', 'p2', 'a', 'b', 'diff', 'target'] as const;

/**
 * Checks a {@link ProbeData} and fills in its defaults; errors name the function, the field and
 * the expected size.
 *
 * @internal
 */
export function checkProbeData(data: ProbeData, where: string, inputSize?: number): ResolvedProbeData {
  if (data === null || typeof data !== 'object') throw new TypeError(`${where}: data must be a dataset split object`);
  const { rows } = data;
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`${where}: data.rows must be an integer >= 1, got ${String(rows)}`);
  if (!(data.inputs instanceof Float32Array)) throw new TypeError(`${where}: data.inputs must be a Float32Array`);
  const config = resolveTaskConfig(data.config ?? {});
  const numInputs = data.numInputs ?? data.inputs.length / rows;
  if (data.inputs.length !== rows * numInputs || !Number.isInteger(numInputs)) {
    throw new RangeError(`${where}: data.inputs must hold rows * numInputs = ${rows} * ${numInputs} values, got ${data.inputs.length}`);
  }
  if (numInputs !== getNumInputs(config)) {
    throw new RangeError(`${where}: data has ${numInputs} input columns, the task (columnLength ${config.columnLength}) has ${getNumInputs(config)}`);
  }
  if (inputSize !== undefined && numInputs !== inputSize) {
    throw new RangeError(`${where}: data has ${numInputs} input columns, the model takes inputSize = ${inputSize}`);
  }
  const columns = data.columns ?? getInputColumns(config);
  if (columns.length !== numInputs) {
    throw new RangeError(`${where}: data.columns has ${columns.length} names for ${numInputs} input columns`);
  }
  if (!data.latents || typeof data.latents !== 'object') throw new TypeError(`${where}: data.latents is missing`);
  for (const key of LATENT_KEYS) {
    const arr = data.latents[key];
    if (!arr || arr.length !== rows) {
      throw new RangeError(`${where}: data.latents.${key} must hold ${rows} values (one per row), got ${arr ? arr.length : 'none'}`);
    }
  }
  let targets = data.targets;
  if (targets === undefined) targets = Float32Array.from(data.latents.target);
  else if (targets.length !== rows) throw new RangeError(`${where}: data.targets must hold ${rows} values, got ${targets.length}`);
  return { rows, numInputs, columns, config, inputs: data.inputs, latents: data.latents, targets };
}
