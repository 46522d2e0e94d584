import { checkEnum } from '@interp/core';

/**
 * A learning-rate schedule over training steps. Every kind starts with a linear
 * warm-up over `warmupEpochs` (fractional epochs allowed) from 0 to the base rate.
 * - `cosine`: cosine decay from the base rate to `base * minFactor` at the last step.
 * - `step`: multiply by `gamma` every `everyEpochs` epochs.
 * - `constant`: the base rate.
 *
 * @example
 * ```ts
 * const schedule: LearningRateSchedule = { kind: 'step', warmupEpochs: 1, everyEpochs: 10, gamma: 0.5 };
 * ```
 */
export type LearningRateSchedule =
  | { kind: 'cosine'; warmupEpochs?: number; minFactor?: number }
  | { kind: 'step'; warmupEpochs?: number; everyEpochs: number; gamma: number }
  | { kind: 'constant'; warmupEpochs?: number };

/**
 * The learning rate of step `step` (0-based) of a run of `totalSteps` steps with
 * `stepsPerEpoch` steps per epoch.
 *
 * @example
 * ```ts
 * learningRateAt(1e-3, { kind: 'cosine', warmupEpochs: 1 }, 0, 100, 10); // 1e-4 (warming up)
 * ```
 * @throws RangeError naming a bad schedule parameter.
 */
export function learningRateAt(
  base: number,
  schedule: LearningRateSchedule,
  step: number,
  totalSteps: number,
  stepsPerEpoch: number,
): number {
  const warmupSteps = Math.round((schedule.warmupEpochs ?? 0) * stepsPerEpoch);
  if (warmupSteps > 0 && step < warmupSteps) return (base * (step + 1)) / warmupSteps;
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'cosine': {
      const minFactor = schedule.minFactor ?? 0;
      const span = Math.max(1, totalSteps - warmupSteps - 1);
      const progress = Math.min(1, Math.max(0, (step - warmupSteps) / span));
      return base * (minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
    case 'step': {
      const epoch = Math.floor(step / stepsPerEpoch);
      return base * schedule.gamma ** Math.floor(epoch / schedule.everyEpochs);
    }
  }
}

/**
 * Checks a schedule's parameters.
 *
 * @throws RangeError naming the parameter and its allowed range.
 */
export function checkLearningRateSchedule(schedule: LearningRateSchedule): void {
  checkEnum(schedule.kind, 'schedule.kind', ['cosine', 'step', 'constant']);
  const w = schedule.warmupEpochs ?? 0;
  if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`schedule.warmupEpochs must be >= 0, got ${String(w)}`);
  if (schedule.kind === 'cosine') {
    const m = schedule.minFactor ?? 0;
    if (!(m >= 0 && m <= 1)) throw new RangeError(`schedule.minFactor must be in [0, 1], got ${String(m)}`);
  }
  if (schedule.kind === 'step') {
    if (!(schedule.everyEpochs >= 1) || !Number.isInteger(schedule.everyEpochs)) {
      throw new RangeError(`schedule.everyEpochs must be an integer >= 1, got ${String(schedule.everyEpochs)}`);
    }
    if (!(schedule.gamma > 0 && schedule.gamma <= 1)) {
      throw new RangeError(`schedule.gamma must be in (0, 1], got ${String(schedule.gamma)}`);
    }
  }
}
