/**
 * Browser-safe part of `@interp/core`: seeded streams, shuffles, option checks, abort helpers.
 *
 * @module @interp/core
 */
export { createRng } from './createRng';
export type { Rng } from './createRng';
export { createMulberry32 } from './createMulberry32';
export { deriveSeed } from './deriveSeed';
export { createNormalSampler } from './createNormalSampler';
export { drawNormal } from './drawNormal';
export { shuffleInPlace, shufflePermutation } from './shufflePermutation';
export { describeRange, isInRange } from './describeRange';
export type { NumberRange } from './describeRange';
export { checkInteger } from './checkInteger';
export { checkNumber } from './checkNumber';
export { checkEnum } from './checkEnum';
export { checkKnownKeys } from './checkKnownKeys';
export { createAbortError, throwIfAborted, isAbortError } from './throwIfAborted';
export { yieldToEventLoop } from './yieldToEventLoop';
