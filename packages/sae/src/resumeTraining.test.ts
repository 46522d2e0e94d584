import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@interp/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from './createRandom';
import { readSaeCheckpoint, writeSaeCheckpoint } from './node';
import type { SaeCheckpoint } from './SaeCheckpoint';
import { makeSparseData } from './__tests__/testData';
import { trainSae } from './trainSae';
import type { TrainSaeOptions } from './TrainSaeOptions';

const width = 12;
const rows = 330; // 297 training rows: batches of 40 end with a partial one
const data = makeSparseData(rows, width, 16, 2, 8);
const input = { data, rows, width };
let dir: string;
beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
  dir = await mkdtemp(join(tmpdir(), 'sae-resume-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** The uninterrupted run's final weights, and every checkpoint it handed out. */
async function uninterrupted(options: TrainSaeOptions, inputs: Parameters<typeof trainSae>[0] = input) {
  const checkpoints: SaeCheckpoint[] = [];
  const { sae, history } = await trainSae(inputs, { ...options, onCheckpoint: (c) => void checkpoints.push(c) });
  const weights = sae.getWeights();
  sae.dispose();
  return { weights, history, checkpoints };
}

describe('checkpoints and resumeFrom', () => {
  it('Random.getState continues a stream exactly, pending normal sample included', () => {
    const a = createRandom(5);
    for (let i = 0; i < 7; i++) a.next();
    a.normal(); // leaves its pair's second value pending
    const b = createRandom(5, a.getState());
    expect([b.normal(), b.next(), b.int(10), b.normal()]).toEqual([a.normal(), a.next(), a.int(10), a.normal()]);
    expect(() => createRandom(6, a.getState())).toThrow(/does not belong to seed 6/);
  });

  it.each([
    ['topk, 1 thread', { architecture: { type: 'topk', k: 3, auxK: 8 }, threads: 1 }],
    ['topk, 2 threads', { architecture: { type: 'topk', k: 3, auxK: 8 }, threads: 2 }],
    ['relu with resampling', { architecture: { type: 'relu', l1Coefficient: 0.5, resampleAtFractions: [0.3, 0.6] }, threads: 1 }],
    ['batchtopk', { architecture: { type: 'batchtopk', k: 3 }, threads: 1 }],
  ] as const)('%s: resuming from any checkpoint (mid-epoch or at an epoch end) gives bit-identical final weights', async (_name, arch) => {
    const options: TrainSaeOptions = { dSae: 32, epochs: 4, batchSize: 40, seed: 3, checkpointEvery: 5, deadWindowRows: 120, ...arch } as TrainSaeOptions;
    const full = await uninterrupted(options);
    expect(full.checkpoints.length).toBeGreaterThanOrEqual(4);
    expect(full.checkpoints.some((c) => c.batchInEpoch > 0)).toBe(true); // mid-epoch
    for (const c of [full.checkpoints[0]!, full.checkpoints.at(-1)!, full.checkpoints.find((x) => x.batchInEpoch === 0) ?? full.checkpoints[1]!]) {
      const { sae, history } = await trainSae(input, { ...options, onCheckpoint: () => {}, resumeFrom: c });
      const w = sae.getWeights();
      expect(w.W_enc).toEqual(full.weights.W_enc);
      expect(w.W_dec).toEqual(full.weights.W_dec);
      expect(w.b_enc).toEqual(full.weights.b_enc);
      expect(w.b_dec).toEqual(full.weights.b_dec);
      if (full.weights.threshold) expect(w.threshold).toEqual(full.weights.threshold);
      expect(history.steps.map((s) => s.loss)).toEqual(full.history.steps.map((s) => s.loss));
      expect(history.evaluations.map((e) => e.metrics.fve)).toEqual(full.history.evaluations.map((e) => e.metrics.fve));
      sae.dispose();
    }
  });

  it('a checkpoint written with writeSaeCheckpoint and read back resumes to the same weights; streams checkpoint at epoch ends', async () => {
    const stream = () =>
      (async function* () {
        for (let r = 0; r < rows; r += 100) yield { data: data.subarray(r * width, Math.min(rows, r + 100) * width), rows: Math.min(100, rows - r), width };
      })();
    const options: TrainSaeOptions = { dSae: 24, architecture: { type: 'topk', k: 3 }, epochs: 3, batchSize: 32, seed: 4, checkpointEvery: 4, threads: 1, shuffleBufferRows: 64 };
    const full = await uninterrupted(options, stream);
    expect(full.checkpoints.length).toBe(2);
    expect(full.checkpoints.every((c) => c.batchInEpoch === 0 && c.trainOrder === undefined)).toBe(true);
    const file = join(dir, 'run.ckpt');
    await writeSaeCheckpoint(full.checkpoints[0]!, file);
    const read = await readSaeCheckpoint(file);
    expect(read.parameters).toEqual(full.checkpoints[0]!.parameters);
    expect(read.history.evaluations[0]!.metrics.featureFrequency).toEqual(full.checkpoints[0]!.history.evaluations[0]!.metrics.featureFrequency);
    const { sae } = await trainSae(stream, { ...options, onCheckpoint: () => {}, resumeFrom: read });
    expect(sae.getWeights().W_dec).toEqual(full.weights.W_dec);
    expect(sae.getWeights().b_enc).toEqual(full.weights.b_enc);
    sae.dispose();
  });

  it('refuses a checkpoint of another run, naming the field; checkpointEvery needs onCheckpoint', async () => {
    const options: TrainSaeOptions = { dSae: 16, architecture: { type: 'topk', k: 2 }, epochs: 2, batchSize: 64, seed: 1, checkpointEvery: 2, threads: 1 };
    const { checkpoints } = await uninterrupted(options);
    await expect(trainSae(input, { ...options, learningRate: 2e-3, resumeFrom: checkpoints[0]!, onCheckpoint: () => {} })).rejects.toThrow(
      /resumeFrom was written by a run with learningRate 0\.001; this run has learningRate 0\.002/,
    );
    await expect(trainSae(input, { ...options })).rejects.toThrow(/checkpointEvery needs options\.onCheckpoint/);
    await expect(trainSae(input, { ...options, architecture: { type: 'jumprelu' }, onCheckpoint: () => {} })).rejects.toThrow(/support topk, batchtopk, matryoshka and relu .* got jumprelu/);
    await expect(trainSae(input, { ...options, resumeFrom: { format: 'x' } as never, onCheckpoint: () => {} })).rejects.toThrow(/not an interp SAE checkpoint/);
  });
});
