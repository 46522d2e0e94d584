import { describe, expect, it, vi } from 'vitest';
import { selectBackend } from '@interp/backend';
import type { ThreadChooser } from '@interp/kernels';
import { syntheticActivations } from './__tests__/testData';
import { trainSae } from './trainSae';

// the chooser trainSae builds (adaptThreads) replaced by one that switches on a schedule, as a busy machine would
// make it: blocks of 3 steps on 2 threads, then 1, then 2... (the real one times blocks of 8 steps)
const scripted = vi.hoisted(() => ({ made: 0 }));
vi.mock('@interp/kernels', async (importOriginal) => {
  const original = await importOriginal<typeof import('@interp/kernels')>();
  return {
    ...original,
    createThreadChooser(many: number, few: number): ThreadChooser {
      scripted.made++;
      const steps = new Map<number, number>([[many, 0], [few, 0]]);
      let recorded = 0;
      const count = (): number => (Math.floor(recorded / 3) % 2 === 0 ? many : few);
      return {
        next: count,
        record() {
          steps.set(count(), (steps.get(count()) ?? 0) + 1);
          recorded++;
        },
        stepsOn: (t) => steps.get(t) ?? 0,
        stepsChosen: (t) => steps.get(t) ?? 0,
        switches: 0,
        trialSteps: 0,
      };
    },
  };
});

describe('trainSae adaptThreads', () => {
  it('switching a pool of 2 between 2 threads and 1 step by step gives the weights of 1 thread and of 2, bit for bit', async () => {
    await selectBackend({ backend: 'wasm' });
    const acts = syntheticActivations(700, 20, 8);
    // dSae 90 (not a multiple of 4 per thread), batches of 24 and a last one of 4 rows, AuxK running
    const opts = {
      dSae: 90, architecture: { type: 'topk' as const, k: 3, auxK: 16 }, epochs: 2, batchSize: 24, seed: 5, deadWindowRows: 24, logEvery: 1,
      validation: { fraction: 0 },
    };
    const one = await trainSae(acts, { ...opts, threads: 1 });
    const two = await trainSae(acts, { ...opts, threads: 2, adaptThreads: false });
    expect(scripted.made).toBe(0); // neither built a chooser
    const mixed = await trainSae(acts, { ...opts, threads: 2 });
    expect(scripted.made).toBe(1);
    expect([one.history.threads, two.history.threads, mixed.history.threads]).toEqual([1, 2, 2]);
    expect(two.history.threadsNote).toBeUndefined();
    const steps = mixed.history.totalSteps;
    expect(steps).toBeGreaterThan(6);
    expect(mixed.history.threadsNote).toMatch(new RegExp(`^${Math.floor(steps / 6) * 3 + Math.max(0, (steps % 6) - 3)} of ${steps} steps ran on 1 thread, where 2 were slower`));
    const w1 = one.sae.getWeights();
    for (const r of [two, mixed]) {
      const w = r.sae.getWeights();
      for (const name of ['W_enc', 'W_dec', 'b_enc', 'b_dec'] as const) {
        expect(Buffer.from(w[name].buffer).equals(Buffer.from(w1[name].buffer)), `${name}, ${r.history.threadsNote ?? 'all steps on 2 threads'}`).toBe(true);
      }
      expect(r.history.steps.map((s) => [s.loss, s.auxLoss, s.l0, s.deadFeatures])).toEqual(one.history.steps.map((s) => [s.loss, s.auxLoss, s.l0, s.deadFeatures]));
      expect(Buffer.from(r.sae.featureFrequency!.buffer).equals(Buffer.from(one.sae.featureFrequency!.buffer))).toBe(true);
    }
    expect(one.history.steps.some((s) => s.auxLoss > 0)).toBe(true);
    for (const r of [one, two, mixed]) r.sae.dispose();
  });
});
