import { assertBackend } from './assertBackend';
import { checkInteger } from '@interp/core';
import { createRandom } from './createRandom';
import { createSaeTrainer } from './createSaeTrainer';
import { runSaeTrainers } from './runSaeTrainers';
import type { Sae } from './Sae';
import type { SaeTrainingHistory } from './SaeTrainingHistory';
import { splitSaeInput } from './splitSaeInput';
import { toActivationSource, type SaeInput } from './toActivationSource';
import type { TrainSaeOptions } from './TrainSaeOptions';

export type { TrainSaeOptions } from './TrainSaeOptions';
export type { SaeEvaluationRecord, SaeStepRecord, SaeTrainingHistory, SaeTrainingProgress } from './SaeTrainingHistory';

/**
 * Trains a sparse autoencoder on activations: TopK + AuxK (default, k = 32) or ReLU + L1. The
 * encoder product runs on the active tfjs backend; for TopK everything else is sparse (only the k
 * active features of a row decode and receive gradient) on WebAssembly SIMD kernels.
 *
 * The run, in named parts: {@link resolveSaeTrainingOptions} (checks and defaults), {@link splitSaeInput}
 * (held-out split or stream scan), {@link initialiseSaeParameters}, then per epoch {@link iterateSaeBatches},
 * one architecture step, {@link applyAdamUpdate}, {@link reviveSilentFeatures} and resampling, with
 * {@link measureHeldOut} evaluations; {@link measureTrainRows} at the end.
 *
 * @example
 * ```ts
 * import { trainSae } from '@interp/sae';
 * const rows = 2000, width = 64;
 * const data = new Float32Array(rows * width).map(() => Math.random());
 * const { sae, history } = await trainSae({ data, rows, width }, { dSae: 256, epochs: 5, seed: 1 });
 * console.log(history.evaluations.at(-1)?.metrics.fve);
 * sae.dispose();
 * ```
 */
export async function trainSae(
  input: SaeInput,
  options: TrainSaeOptions = {},
): Promise<{ sae: Sae; history: SaeTrainingHistory }> {
  assertBackend('trainSae');
  const source = toActivationSource(input, 'trainSae: input');
  const seed = checkInteger(options.seed ?? 0, 'trainSae: options.seed', { min: 0, max: 2 ** 32 - 1 });
  const splitRng = createRandom(seed);
  const sampleRows = checkInteger(options.sampleRows ?? 4096, 'trainSae: options.sampleRows', { min: 1 });
  const split = await splitSaeInput(source, options.validation, splitRng, sampleRows);
  const trainer = await createSaeTrainer(options, { source, split, seed, sampleRows, rng: splitRng });
  try {
    await runSaeTrainers([trainer], split, source, options.signal, 'trainSae');
    return await trainer.finish();
  } finally {
    trainer.dispose();
  }
}
