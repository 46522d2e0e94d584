import * as tf from '@tensorflow/tfjs-core';
import { computeTarget } from '@interp/dataset';
import type { Mlp } from '@interp/models';
import { probeInput } from '@interp/probe';
import type { Sae } from '@interp/sae';

/** What the probe panel shows for one row. */
export interface RowProbe {
  /** The MLP's output. */
  output: number;
  /** The task's true target for the row. */
  target: number;
  /** Features that fire, strongest first. */
  active: Array<{ feature: number; activation: number }>;
  /** The output with the SAE's reconstruction spliced in at the hook. */
  spliced: number;
  /** The output with the edited SAE's reconstruction spliced in (equals `spliced` without edits). */
  splicedEdited: number;
  /** Milliseconds the whole probe took. */
  ms: number;
}

function splicedOutput(model: Mlp, sae: Sae, row: readonly number[], hook: string): number {
  return tf.tidy(() => {
    const x = tf.tensor2d(Float32Array.from(row), [1, row.length], 'float32');
    const y = model.forward(x, { hooks: { [hook]: (a) => sae.forward(a) } });
    return (y.dataSync() as Float32Array)[0] as number;
  });
}

/**
 * Probes one row: the MLP output, the true target, every firing feature (strongest first, via
 * `probeInput` of @interp/probe), and the output with the SAE (and the edited SAE) spliced in.
 * Throws a RangeError naming the column when the row is not a valid task row.
 *
 * @example
 * ```ts
 * const p = probeRow(model, sae, sae, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1], 'hidden.post');
 * console.log(p.output, p.target, p.active[0]);
 * ```
 */
export function probeRow(model: Mlp, sae: Sae, edited: Sae, row: readonly number[], hook: string): RowProbe {
  const started = performance.now();
  const target = computeTarget(row);
  const result = probeInput(model, sae, row, { hook, topK: sae.config.dSae, expected: target });
  const spliced = splicedOutput(model, sae, row, hook);
  const splicedEdited = edited === sae ? spliced : splicedOutput(model, edited, row, hook);
  return {
    output: result.output,
    target,
    active: result.topFeatures.map((f) => ({ feature: f.feature, activation: f.activation })),
    spliced,
    splicedEdited,
    ms: performance.now() - started,
  };
}
