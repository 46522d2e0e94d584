import type { RandomState } from './createRandom';
import type { SaeEvaluationRecord, SaeStepRecord } from './SaeTrainingHistory';

/**
 * Everything a {@link trainSae} run needs to continue where it stood after a step (`options.resumeFrom`): the
 * parameters and Adam moments, the step and position in the epoch, the random stream, the dead-latent
 * bookkeeping, the in-memory input's row order and the history so far. A run resumed from a checkpoint ends
 * with the same weights, bit for bit, as the uninterrupted run with the same options and input.
 *
 * Write it with your own code (it is plain data: typed arrays and JSON values) or with `writeSaeCheckpoint`
 * of `@interp/sae/node` (one safetensors file, written atomically).
 *
 * @example
 * ```ts
 * let last: SaeCheckpoint | undefined;
 * await trainSae(data, { epochs: 10, seed: 1, checkpointEvery: 100, onCheckpoint: (c) => { last = c; } }).catch(() => {});
 * const { sae } = await trainSae(data, { epochs: 10, seed: 1, resumeFrom: last });
 * ```
 */
export interface SaeCheckpoint {
  format: 'interp-sae-checkpoint';
  version: 1;
  /** The resolved options and input facts the run must match to resume (compared key by key). */
  fingerprint: Record<string, unknown>;
  /** Steps taken. */
  step: number;
  /** The epoch (1-based) the next step belongs to. */
  epoch: number;
  /** Batches of that epoch already taken (0: the epoch has not started; its rows are shuffled on resume). */
  batchInEpoch: number;
  rowsSeen: number;
  random: RandomState;
  /** The heap's parameter block (`W_enc` transposed, `W_dec`, `b_enc`, `b_dec`, padded) and Adam's two moments. */
  parameters: Float32Array;
  adamM: Float32Array;
  adamV: Float32Array;
  /** Training rows seen when each feature last fired. */
  lastFired: Float64Array;
  /** Features dead over the window at the checkpoint. */
  dead: Int32Array;
  /** In-memory input: the current order of the training rows. */
  trainOrder?: Int32Array;
  /** State of the architecture's step (e.g. BatchTopK's running threshold). */
  stepState?: number[];
  history: { steps: SaeStepRecord[]; evaluations: SaeEvaluationRecord[]; resamples: { step: number; features: number }[]; stepSeconds: number };
}

/** Throws unless `checkpoint` was written by a run with the same fingerprint, naming the first field that differs. */
export function checkCheckpointFingerprint(checkpoint: SaeCheckpoint, fingerprint: Record<string, unknown>): void {
  if (checkpoint?.format !== 'interp-sae-checkpoint' || checkpoint.version !== 1) {
    throw new Error(`trainSae: options.resumeFrom is not an interp SAE checkpoint (format ${JSON.stringify(checkpoint?.format)}, version ${JSON.stringify(checkpoint?.version)})`);
  }
  for (const key of new Set([...Object.keys(fingerprint), ...Object.keys(checkpoint.fingerprint)])) {
    const a = JSON.stringify(fingerprint[key]);
    const b = JSON.stringify(checkpoint.fingerprint[key]);
    if (a !== b) {
      throw new Error(`trainSae: options.resumeFrom was written by a run with ${key} ${b}; this run has ${key} ${a} (resume with the same options and input)`);
    }
  }
}
