/**
 * Picks, block by block, the faster of two thread counts for a step whose results do not depend on the count
 * (the threaded MLP step of `@interp/models` and the TopK step of `@interp/sae` give the same floats on any count,
 * so switching is free of consequences but speed).
 * It times a trial of blocks on both counts (`[many, few, many, few]`), runs on the faster (by the faster of
 * each count's blocks), and re-times the other count for two blocks every `period` blocks (one when the first is
 * already 1.5x slower); when the faster of those is 5% faster than the fastest of the current count's last three
 * blocks, it switches. (The fastest
 * block is the least disturbed estimate on a shared machine; a count that is systematically slower, e.g. threads
 * waiting for each other's cores, loses in every block.) A re-timing that loses doubles the period (up to
 * `maxPeriod`), so a count that stays slower costs little; a switch resets it. A block's time is the mean of its
 * steps after the first (the first on a count may pay for waking sleeping workers).
 *
 * A block on the count that is not the choice (a re-timing, or a trial block after the first) ends after its
 * third step when its two timed steps already average over 1.5x the other count's fastest block; and when the
 * trial's first block on `few` ends so, the trial stops there and runs on `many`. On a quiet machine, where one
 * thread is clearly slower, the trial and each re-timing thus cost 3 steps on the slow count instead of 16 and 8.
 *
 * @example
 * ```ts
 * const chooser = createThreadChooser(2, 1);
 * for (let s = 0; s < steps; s++) {
 *   const threads = chooser.next();
 *   const t0 = performance.now();
 *   step(s, threads);
 *   chooser.record(performance.now() - t0);
 * }
 * console.log(chooser.stepsOn(1), 'steps ran on 1 thread');
 * ```
 */
export interface ThreadChooser {
  /** The thread count to run the next step on. */
  next(): number;
  /** Records the milliseconds the step on the count {@link ThreadChooser.next} gave took. */
  record(ms: number): void;
  /** Steps recorded on `threads`. */
  stepsOn(threads: number): number;
  /** Steps recorded on `threads` while it was the choice (not in the trial, not re-timing the other count). */
  stepsChosen(threads: number): number;
  /** Times the count in use changed after the trial. */
  readonly switches: number;
  /** Steps of the trial (on both counts) so far: all of them once the first choice is made (at most 4 blocks). */
  readonly trialSteps: number;
}

/** How much slower (mean of a block's timed steps over the other count's fastest block) ends a block or a re-timing early. */
const SLOWER = 1.5;
/** Steps after which a block on the count that is not the choice may end early (the first is not timed). */
const EARLY_STEPS = 3;

/**
 * A {@link ThreadChooser} between `many` and `few` threads: blocks of `block` steps (default 8), re-timing the
 * other count every `period` blocks (default 16), backing off to every `maxPeriod` (default 64).
 *
 * @example
 * ```ts
 * const chooser = createThreadChooser(pool.threads, 1);
 * const t0 = performance.now();
 * await pool.run(phase, chooser.next());
 * chooser.record(performance.now() - t0);
 * ```
 */
export function createThreadChooser(
  many: number,
  few: number,
  options: { block?: number; period?: number; maxPeriod?: number } = {},
): ThreadChooser {
  const block = options.block ?? 8;
  const startPeriod = options.period ?? 16;
  const maxPeriod = options.maxPeriod ?? 64;
  const trial = [many, few, many, few];
  const best = new Map<number, number>([
    [many, Infinity],
    [few, Infinity],
  ]);
  const steps = new Map<number, number>([
    [many, 0],
    [few, 0],
  ]);
  const chosen = new Map<number, number>([
    [many, 0],
    [few, 0],
  ]);
  let blockIndex = 0; // blocks completed
  let inBlock = 0; // steps recorded in the current block
  let blockSum = 0;
  let current = many;
  let blockCount = many; // the count the current block runs on
  let recent: number[] = []; // the current count's last block times
  let period = startPeriod;
  let sinceCheck = 0; // blocks on the current count since the last re-timing
  let retiming: number[] = []; // block times of the re-timing under way
  let switches = 0;
  const other = (): number => (current === many ? few : many);
  const fastest = (xs: number[]): number => Math.min(Infinity, ...xs);
  let trialSteps = 0;
  /** What the current block is compared with to end early: the other count's fastest block (Infinity: none, or the block runs on the choice). */
  const reference = (): number => {
    if (blockIndex < trial.length) return blockIndex === 0 ? Infinity : (best.get(blockCount === many ? few : many) ?? Infinity);
    return blockCount === current ? Infinity : fastest(recent);
  };
  const finishBlock = (ms: number): void => {
    if (blockIndex < trial.length) {
      best.set(blockCount, Math.min(best.get(blockCount) ?? Infinity, ms));
      trialSteps += inBlock;
      // the first block on `few` already over 1.5x slower than `many`'s: the rest of the trial would not change the choice
      const clear = blockIndex === 1 && ms > SLOWER * (best.get(many) ?? Infinity);
      if (blockIndex === trial.length - 1 || clear) {
        current = (best.get(few) ?? Infinity) < (best.get(many) ?? Infinity) ? few : many;
        recent = [best.get(current) ?? Infinity];
        blockIndex = trial.length - 1;
      }
    } else if (blockCount === current) {
      recent.push(ms);
      if (recent.length > 3) recent.shift();
      sinceCheck++;
    } else {
      retiming.push(ms);
      if (retiming.length === 2 || ms > SLOWER * fastest(recent)) {
        if (fastest(retiming) < 0.95 * fastest(recent)) {
          current = blockCount;
          recent = [...retiming];
          period = startPeriod;
          switches++;
        } else {
          period = Math.min(maxPeriod, period * 2);
        }
        retiming = [];
        sinceCheck = 0;
      }
    }
    blockIndex++;
    if (blockIndex < trial.length) blockCount = trial[blockIndex] as number;
    else blockCount = retiming.length > 0 || sinceCheck >= period ? other() : current;
  };
  return {
    next: () => blockCount,
    record(ms) {
      steps.set(blockCount, (steps.get(blockCount) ?? 0) + 1);
      if (blockIndex >= trial.length && blockCount === current) chosen.set(blockCount, (chosen.get(blockCount) ?? 0) + 1);
      if (inBlock > 0) blockSum += ms;
      inBlock++;
      if (inBlock === block || (inBlock >= EARLY_STEPS && blockSum / (inBlock - 1) > SLOWER * reference())) {
        finishBlock(blockSum / (inBlock - 1));
        inBlock = 0;
        blockSum = 0;
      }
    },
    stepsOn: (threads) => steps.get(threads) ?? 0,
    stepsChosen: (threads) => chosen.get(threads) ?? 0,
    get switches() {
      return switches;
    },
    get trialSteps() {
      return trialSteps;
    },
  };
}
