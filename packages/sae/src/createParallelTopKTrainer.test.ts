import { describe, expect, it } from 'vitest';
import { selectBackend } from '@interp/backend';
import { createRandom } from './createRandom';
import { syntheticActivations } from './__tests__/testData';
import { createParallelTopKTrainer } from './createParallelTopKTrainer';
import { ENCODE_PARTS, PHASE_SLOTS, THREAD_PHASES } from './createThreadKernels';
import { createTrainingState, type TrainingState } from './createTrainingState';
import { createSparseBuffers, runTopKStep } from './runTopKStep';
import { applyAdamUpdate as applyUpdate } from './applyAdamUpdate';
import { evaluateSae } from './evaluateSae';
import { trainSae } from './trainSae';

/** A private (unshared) copy of `ref`: the heap, the dead-feature list. */
function copyState(ref: TrainingState): TrainingState {
  const copy = createTrainingState(ref.dIn, ref.dSae, ref.maxBatch, 'auto');
  copy.heap.set(ref.heap);
  copy.nDead = ref.nDead;
  copy.dead.set(ref.dead);
  return copy;
}

function fillState(state: TrainingState, seed: number): void {
  const rng = createRandom(seed);
  const { heap, layout: L, dIn, dSae } = state;
  for (let i = 0; i < L.nParams; i++) heap[i] = rng.normal() * 0.3;
  for (let i = 0; i < state.maxBatch * dIn; i++) heap[L.x + i] = Math.max(0, rng.normal());
  state.nDead = 0;
  for (let j = 0; j < dSae; j += 3) state.dead[state.nDead++] = j;
}

/** The one-thread reference of a test: a filled private state (seed `seed`) and the sparse buffers of its steps. */
function createReference(d: number, S: number, B: number, k: number, kAux: number, seed: number) {
  const ref = createTrainingState(d, S, B, 'auto');
  fillState(ref, seed);
  return { ref, buffers: createSparseBuffers(B, k, kAux) };
}

describe('parallel TopK training', () => {
  it('equals the one-thread tfjs step and update bit for bit, step after step', async () => {
    await selectBackend({ backend: 'wasm' });
    // a batch of 150 rows: the chained decoding's chunks of 64, 64 and 22 rows
    const [d, S, B, k, kAux] = [24, 70, 150, 4, 12];
    const { ref, buffers } = createReference(d, S, B, k, kAux, 9);
    for (const [threads, split] of [[1, 'rows'], [2, 'rows'], [3, 'rows'], [2, 'features'], [3, 'features']] as const) {
      const st = createTrainingState(d, S, B, 'auto', threads > 1);
      fillState(st, 9);
      const trainer = await createParallelTopKTrainer(st, threads, k, kAux, split);
      try {
        const copy = copyState(ref);
        st.heap.set(ref.heap);
        for (let step = 1; step <= 4; step++) {
          // 37: a batch that is not a multiple of 8; 144: whole panels of 8 rows, which several threads keep in one
          // block of the pre-activations each (150 and 37 in one [dSae, rows] array); each with and without silentMax
          const rows = [B, 144, 37, 144][step - 1]!;
          const a = runTopKStep(copy, rows, k, kAux, 0.1, buffers);
          // the last steps: the threads find the largest pre-activation of every other feature (bias revival's silent ones)
          const silentMax = step >= 3;
          for (let j = 0; j < S; j++) trainer.silent[j] = j % 2;
          const b = await trainer.step(rows, k, kAux, 0.1, silentMax);
          expect([b.loss, b.auxLoss, b.active, b.threshold]).toEqual([a.loss, a.auxLoss, a.active, a.threshold]);
          if (silentMax) {
            for (let j = 1; j < S; j += 2) expect(b.preMax![j], `feature ${j}`).toBe(Math.max(...a.preT!.subarray(j * rows, (j + 1) * rows)));
          } else {
            expect(b.preMax).toBeUndefined();
            // the pre-activations as one [dSae, rows] array, unless several threads keep them in blocks of their own
            // rows (whole panels of 8): then none (the trainer's copy of the kernels' blockedPre rule)
            if (threads > 1 && rows % 8 === 0) expect(b.preT, `threads ${threads}, ${rows} rows`).toBeUndefined();
            else expect(Buffer.from(b.preT!.slice(0, S * rows).buffer).equals(Buffer.from(a.preT!.slice(0, S * rows).buffer)), `threads ${threads}, ${rows} rows`).toBe(true);
          }
          expect(a.auxLoss).toBeGreaterThan(0);
          // the step leaves b_enc's gradient (the weights' are formed in the update, feature by feature, and b_dec's
          // after it, from the update's partial sums)
          const G = ref.layout.grad;
          const biases = [G + ref.layout.benc, G + ref.layout.bdec] as const;
          expect(Buffer.from(st.heap.slice(...biases).buffer).equals(Buffer.from(copy.heap.slice(...biases).buffer))).toBe(true);
          applyUpdate(copy, 1e-2, 0.9, 0.999, 1e-8, step);
          await trainer.update(1e-2, 0.9, 0.999, 1e-8, step);
          const P = ref.layout.nParams;
          expect(Buffer.from(st.heap.slice(0, 4 * P).buffer).equals(Buffer.from(copy.heap.slice(0, 4 * P).buffer)), `threads ${threads} (${split}) step ${step}`).toBe(true);
        }
      } finally {
        trainer.dispose();
      }
    }
  });

  it('gives the same floats on any features split in whole bias blocks, and measures every thread for the balancer', async () => {
    await selectBackend({ backend: 'wasm' });
    // 5 bias blocks of 64 features (the last one short)
    const [d, S, B, k, kAux] = [16, 300, 48, 4, 12];
    const { ref, buffers } = createReference(d, S, B, k, kAux, 13);
    const st = createTrainingState(d, S, B, 'auto', true);
    fillState(st, 13);
    const trainer = await createParallelTopKTrainer(st, 3, k, kAux, 'features');
    try {
      const bounds = trainer.balancer!.bounds;
      expect(Array.from(bounds)).toEqual([0, 128, 256, 300]);
      const copy = copyState(ref);
      st.heap.set(ref.heap);
      // splits a balancer could choose (set by hand here): one block, none, most of them on a thread
      const splits = [[0, 64, 256, 300], [0, 0, 64, 300], [0, 192, 256, 300], [0, 64, 128, 300]];
      for (let step = 1; step <= splits.length; step++) {
        bounds.set(splits[step - 1]!);
        const rows = step === 2 ? 37 : B;
        const a = runTopKStep(copy, rows, k, kAux, 0.1, buffers);
        const b = await trainer.step(rows, k, kAux, 0.1);
        expect([b.loss, b.auxLoss, b.active, b.threshold], `split ${splits[step - 1]}`).toEqual([a.loss, a.auxLoss, a.active, a.threshold]);
        applyUpdate(copy, 1e-2, 0.9, 0.999, 1e-8, step);
        bounds.set(splits[(step + 1) % splits.length]!); // the update on another split than its step
        await trainer.update(1e-2, 0.9, 0.999, 1e-8, step);
        const P = ref.layout.nParams;
        expect(Buffer.from(st.heap.slice(0, 4 * P).buffer).equals(Buffer.from(copy.heap.slice(0, 4 * P).buffer)), `split ${splits[step - 1]}`).toBe(true);
      }
    } finally {
      trainer.dispose();
    }
    // on the even split, every update gives the balancer each thread's busy seconds: all three get a speed
    const even = await createParallelTopKTrainer(createTrainingState(d, 640, B, 'auto', true), 3, k, kAux, 'features');
    try {
      expect(Array.from(even.balancer!.speeds)).toEqual([0, 0, 0]);
      for (let step = 1; step <= 2; step++) {
        await even.step(B, k, kAux, 0.1);
        await even.update(1e-2, 0.9, 0.999, 1e-8, step);
      }
      for (const v of even.balancer!.speeds) expect(v).toBeGreaterThan(0);
    } finally {
      even.dispose();
    }
    const unbalanced = await createParallelTopKTrainer(createTrainingState(d, 640, B, 'auto', true), 2, k, kAux, 'features', false);
    expect(unbalanced.balancer).toBeUndefined();
    unbalanced.dispose();
  });

  it('runs a step and its update on fewer threads than the pool has (ThreadPool.run(phase, n)) with the same floats', async () => {
    await selectBackend({ backend: 'wasm' });
    const [d, S, B, k, kAux] = [24, 70, 40, 4, 12];
    const { ref, buffers } = createReference(d, S, B, k, kAux, 11);
    // a pool of 3: steps on 1, 3 and 2 of its threads, each update on another count than its step
    const plan: [number, number][] = [[1, 3], [3, 2], [2, 1], [1, 1], [3, 3]];
    for (const split of ['rows', 'features'] as const) {
      const st = createTrainingState(d, S, B, 'auto', true);
      fillState(st, 11);
      const trainer = await createParallelTopKTrainer(st, 3, k, kAux, split);
      try {
        const copy = copyState(ref);
        st.heap.set(ref.heap);
        for (let step = 1; step <= plan.length; step++) {
          const [onStep, onUpdate] = plan[step - 1]!;
          const rows = step % 2 === 0 ? 37 : B; // 37: not a multiple of 8
          const a = runTopKStep(copy, rows, k, kAux, 0.1, buffers);
          const b = await trainer.step(rows, k, kAux, 0.1, false, onStep);
          expect([b.loss, b.auxLoss, b.active, b.threshold], `${split} step ${step} on ${onStep}`).toEqual([a.loss, a.auxLoss, a.active, a.threshold]);
          expect(a.auxLoss).toBeGreaterThan(0);
          applyUpdate(copy, 1e-2, 0.9, 0.999, 1e-8, step);
          await trainer.update(1e-2, 0.9, 0.999, 1e-8, step, onUpdate);
          const P = ref.layout.nParams;
          expect(Buffer.from(st.heap.slice(0, 4 * P).buffer).equals(Buffer.from(copy.heap.slice(0, 4 * P).buffer)), `${split} step ${step} on ${onStep}, update on ${onUpdate}`).toBe(true);
        }
        await expect(trainer.step(B, k, kAux, 0.1, false, 4)).rejects.toThrow(/threads/);
      } finally {
        trainer.dispose();
      }
    }
  });

  it('gives bit-identical SAEs and histories with 1, 2 and 3 threads (odd batch and feature counts included)', async () => {
    await selectBackend({ backend: 'wasm' });
    const acts = syntheticActivations(700, 20, 3);
    // dSae 90 (not a multiple of 4 per thread), batches of 24 rows and a last one of 4 (not multiples of 8),
    // a dead window of one batch so that AuxK runs
    const opts = {
      dSae: 90, architecture: { type: 'topk' as const, k: 3, auxK: 16 }, epochs: 2, batchSize: 24, seed: 4, deadWindowRows: 24, logEvery: 1,
      validation: { fraction: 0 }, evaluateEvery: 1,
    };
    const runs = [];
    for (const threads of [1, 2, 3]) runs.push(await trainSae(acts, { ...opts, threads }));
    const [one, ...more] = runs;
    expect(one!.history.threads).toBe(1);
    expect(more.map((r) => r.history.threads)).toEqual([2, 3]);
    const w1 = one!.sae.getWeights();
    for (const r of more) {
      const w = r.sae.getWeights();
      for (const name of ['W_enc', 'W_dec', 'b_enc', 'b_dec'] as const) {
        expect(Buffer.from(w[name].buffer).equals(Buffer.from(w1[name].buffer)), name).toBe(true);
      }
      expect(r.history.steps.map((s) => [s.loss, s.auxLoss, s.l0, s.deadFeatures])).toEqual(one!.history.steps.map((s) => [s.loss, s.auxLoss, s.l0, s.deadFeatures]));
      // measurements run on the trainer's kernels and decode as the SAE does: every number equal
      expect(r.history.evaluations.length).toBe(one!.history.evaluations.length);
      r.history.evaluations.forEach((e, i) => {
        const e1 = one!.history.evaluations[i]!.metrics;
        expect([e.metrics.l0, e.metrics.deadFraction, e.metrics.denseFraction, e.metrics.fve, e.metrics.mse]).toEqual([e1.l0, e1.deadFraction, e1.denseFraction, e1.fve, e1.mse]);
      });
      expect(Array.from(r.history.trainMetrics!.featureFrequency)).toEqual(Array.from(one!.history.trainMetrics!.featureFrequency));
      expect([r.history.trainMetrics!.fve, r.history.trainMetrics!.mse]).toEqual([one!.history.trainMetrics!.fve, one!.history.trainMetrics!.mse]);
      expect(Buffer.from(r.sae.featureFrequency!.buffer).equals(Buffer.from(one!.sae.featureFrequency!.buffer))).toBe(true);
      r.sae.dispose();
    }
    // the AuxK path ran (dead features existed at some step)
    expect(one!.history.steps.some((s) => s.auxLoss > 0)).toBe(true);
    one!.sae.dispose();
  });

  it("measures held-out rows as evaluateSae's one-thread path does, bit for bit, on 1 and 2 threads", async () => {
    await selectBackend({ backend: 'wasm' });
    const acts = syntheticActivations(500, 20, 5);
    const held = syntheticActivations(130, 20, 6); // 130 rows: more than one batch of 48, the last partial
    for (const threads of [1, 2]) {
      const { sae, history } = await trainSae(acts, {
        dSae: 70, architecture: { type: 'topk', k: 4 }, epochs: 2, batchSize: 48, seed: 2, validation: held, evaluateEvery: 1, threads,
      });
      expect(history.kernels).toBe('wasm-simd');
      // the last evaluation ran after the last step, on the weights the SAE holds; evaluateSae without threads
      // encodes and decodes with the SAE's own methods (tfjs' matMul, JavaScript selection and decoding)
      const own = await evaluateSae(sae, held);
      const last = history.evaluations.at(-1)!.metrics;
      expect([last.fve, last.mse, last.l0, last.deadFraction, last.denseFraction], `threads ${threads}`).toEqual([own.fve, own.mse, own.l0, own.deadFraction, own.denseFraction]);
      expect(Array.from(last.featureFrequency)).toEqual(Array.from(own.featureFrequency));
      sae.dispose();
    }
  });

  it("splits each thread's time in the fused encode phase into centring, gemm, selection and decoding", async () => {
    await selectBackend({ backend: 'wasm' });
    const [d, S, B, k] = [24, 70, 40, 4];
    const state = createTrainingState(d, S, B, 'auto', true);
    fillState(state, 3);
    const trainer = await createParallelTopKTrainer(state, 2, k, 8, 'rows');
    try {
      await trainer.step(B, k, 0, 0);
      for (let t = 0; t < 2; t++) {
        const at = (slot: number): number => trainer.busySeconds[t * PHASE_SLOTS + slot]!;
        const parts = Object.values(ENCODE_PARTS).map(at);
        for (const [name, slot] of Object.entries(ENCODE_PARTS)) expect(at(slot), `thread ${t}: ${name}`).toBeGreaterThan(0);
        // the parts are inside the phase (its share may also hold the batch variance)
        expect(parts.reduce((a, b) => a + b, 0), `thread ${t}`).toBeLessThanOrEqual(at(THREAD_PHASES.centreEncodeRowsSelectAndDecode) + 1e-9);
      }
    } finally {
      trainer.dispose();
    }
  });

  it('runs the features split (the default on several threads) as three phases on every thread: centring, encoding, selection', async () => {
    await selectBackend({ backend: 'wasm' });
    const [d, S, B, k] = [24, 140, 40, 4];
    const state = createTrainingState(d, S, B, 'auto', true);
    fillState(state, 3);
    const trainer = await createParallelTopKTrainer(state, 2, k, 8);
    try {
      await trainer.step(B, k, 0, 0);
      for (let t = 0; t < 2; t++) {
        const at = (slot: number): number => trainer.busySeconds[t * PHASE_SLOTS + slot]!;
        for (const name of ['centreRows', 'encode', 'selectAndDecode'] as const) expect(at(THREAD_PHASES[name]), `thread ${t}: ${name}`).toBeGreaterThan(0);
        expect(at(THREAD_PHASES.centreEncodeRowsSelectAndDecode), `thread ${t}`).toBe(0);
      }
    } finally {
      trainer.dispose();
    }
  });

  it('rejects a bad thread count with the option name and range', async () => {
    const acts = syntheticActivations(50, 8, 1);
    await expect(trainSae(acts, { threads: 0, epochs: 1 })).rejects.toThrow(/options\.threads must be an integer in \[1, 256\], got 0/);
    await expect(trainSae(acts, { threads: 1.5, epochs: 1 })).rejects.toThrow(/options\.threads/);
  });

  it('rejects an adaptThreads that is not a boolean, naming the option', async () => {
    const acts = syntheticActivations(50, 8, 1);
    await expect(trainSae(acts, { epochs: 1, adaptThreads: 'yes' as unknown as boolean })).rejects.toThrow('trainSae: options.adaptThreads must be true or false, got yes');
    await expect(trainSae(acts, { epochs: 1, adaptThreads: 1 as unknown as boolean })).rejects.toThrow('trainSae: options.adaptThreads must be true or false, got 1');
  });
});
