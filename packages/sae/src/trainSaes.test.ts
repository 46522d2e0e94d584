import { selectBackend } from '@interp/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSae } from './evaluateSae';
import { makeSparseData } from './__tests__/testData';
import type { ActivationBatch } from './toActivationSource';
import type { TrainSaeOptions } from './TrainSaeOptions';
import { trainSae } from './trainSae';
import { trainSaes, type SaeSweepProgress } from './trainSaes';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

const width = 12;
const rows = 400;
const data = makeSparseData(rows, width, 20, 3, 5);
const input = { data, rows, width };
const base: TrainSaeOptions = { dSae: 32, epochs: 3, batchSize: 32, learningRate: 1e-2, seed: 2, threads: 1 };

/** A re-openable stream of 50-row batches that counts how often it is opened and how many rows it yields. */
function countingStream() {
  const counts = { opens: 0, rows: 0 };
  const open = () =>
    (async function* (): AsyncGenerator<ActivationBatch> {
      counts.opens++;
      for (let r = 0; r < rows; r += 50) {
        const n = Math.min(50, rows - r);
        counts.rows += n;
        yield { data: data.slice(r * width, (r + n) * width), rows: n, width };
      }
    })();
  return { open, counts };
}

describe('trainSaes', () => {
  it('a one-SAE sweep gives bit-identical weights, history losses and metrics to trainSae (topk, relu with resampling)', async () => {
    const cases: TrainSaeOptions[] = [
      { ...base, architecture: { type: 'topk', k: 3 } },
      { ...base, architecture: { type: 'relu', l1Coefficient: 0.5, resampleAtFractions: [0.5] } },
    ];
    for (const options of cases) {
      const single = await trainSae(input, options);
      const { saes } = await trainSaes(input, [options]);
      const swept = saes[0]!;
      expect(swept.sae.getWeights()).toEqual(single.sae.getWeights());
      expect(swept.history.steps.map((s) => s.loss)).toEqual(single.history.steps.map((s) => s.loss));
      expect(swept.metrics).toEqual(single.history.evaluations.at(-1)!.metrics);
      single.sae.dispose();
      swept.sae.dispose();
    }
  });

  it('the first SAE of a larger sweep trains as trainSae alone; an identical second entry starts and steps the same', async () => {
    const topk: TrainSaeOptions = { ...base, architecture: { type: 'topk', k: 3 } };
    const single = await trainSae(input, topk);
    const { saes, rows: summary, batchesRead } = await trainSaes(input, [topk, { architecture: { type: 'topk', k: 6 } }, topk, { architecture: 'relu' }], base);
    expect(saes[0]!.sae.getWeights()).toEqual(single.sae.getWeights());
    // topk draws nothing after init, so the copy of the seed's stream gives entry 2 the same weights
    expect(saes[2]!.sae.getWeights()).toEqual(single.sae.getWeights());
    expect(saes[1]!.sae.getWeights()).not.toEqual(single.sae.getWeights());
    // one pass per epoch: ceil(360 training rows / 32) batches, and every SAE stepped on each of them
    expect(batchesRead).toBe(3 * Math.ceil(360 / 32));
    for (const s of saes) expect(s.history.totalSteps).toBe(batchesRead);
    expect(summary.map((r) => [r.label, r.architecture, r.k, r.dSae])).toEqual([
      ['topk k=3 dSae=32', 'topk', 3, 32],
      ['topk k=6 dSae=32', 'topk', 6, 32],
      ['topk k=3 dSae=32', 'topk', 3, 32],
      [expect.stringMatching(/^relu /), 'relu', null, 32],
    ]);
    for (const s of saes) s.sae.dispose();
    single.sae.dispose();
  });

  it('a stream is read once per epoch for the whole sweep, and the first SAE matches trainSae on the same stream', async () => {
    const options: TrainSaeOptions = { ...base, architecture: { type: 'topk', k: 3 }, shuffleBufferRows: 128, validation: { data: data.slice(0, 40 * width), rows: 40, width } };
    const alone = countingStream();
    const single = await trainSae(alone.open, options);
    const swept = countingStream();
    const { saes } = await trainSaes(swept.open, [options, { ...options, architecture: { type: 'topk', k: 6 } }, { ...options, dSae: 48 }]);
    // one scan (row count, sample) plus one pass per epoch, whether one SAE trains or three
    expect(alone.counts).toEqual({ opens: 1 + 3, rows: 4 * rows });
    expect(swept.counts).toEqual(alone.counts);
    expect(saes[0]!.sae.getWeights()).toEqual(single.sae.getWeights());
    for (const s of saes) s.sae.dispose();
    single.sae.dispose();
  });

  it('summary rows hold the held-out FVE and L0 that evaluateSae measures, and the dead fraction on the training rows', async () => {
    const heldOut = { data: makeSparseData(80, width, 20, 3, 9), rows: 80, width };
    const { saes, rows: summary } = await trainSaes(input, [{ architecture: { type: 'topk', k: 2 }, label: 'narrow' }, { architecture: { type: 'topk', k: 5 } }], { ...base, validation: heldOut });
    for (const [i, s] of saes.entries()) {
      const m = await evaluateSae(s.sae, heldOut);
      expect(summary[i]!.split).toBe('validation');
      expect(summary[i]!.fve).toBeCloseTo(m.fve, 4);
      expect(summary[i]!.l0).toBeCloseTo(m.l0, 6);
      const train = await evaluateSae(s.sae, input);
      expect(summary[i]!.deadFraction).toBeCloseTo(train.deadFraction, 6);
    }
    expect(summary[0]!.label).toBe('narrow');
    for (const s of saes) s.sae.dispose();
  });

  it('onProgress: an entry sees its own progress, the shared one every SAE with index and label; a signal cancels', async () => {
    const own: number[] = [];
    const all = new Set<string>();
    await trainSaes(
      input,
      [{ architecture: { type: 'topk', k: 2 }, onProgress: (p) => void own.push(p.step) }, { architecture: { type: 'topk', k: 4 }, label: 'four' }],
      { ...base, epochs: 1, onProgress: (p: SaeSweepProgress) => void all.add(`${p.index}:${p.label}`) },
    ).then(({ saes }) => saes.forEach((s) => s.sae.dispose()));
    expect(own.at(-1)).toBe(Math.ceil(360 / 32));
    expect([...all].sort()).toEqual(['0:topk k=2 dSae=32', '1:four']);
    const controller = new AbortController();
    const run = trainSaes(input, [{ architecture: { type: 'topk', k: 2 } }, { architecture: 'relu' }], {
      ...base,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step >= 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  const errors: [string, () => Promise<unknown>, RegExp][] = [
    ['an empty list', () => trainSaes(input, []), /trainSaes: optionsList must be a non-empty array/],
    ['batchSize that differs', () => trainSaes(input, [{ batchSize: 32 }, { batchSize: 32 }, { batchSize: 64 }]), /trainSaes: options\[2\]\.batchSize \(64\) differs from options\[0\]\.batchSize \(32\); a sweep reads each batch once/],
    ['resolved default batch sizes that differ (topk 512, relu 256)', () => trainSaes(input, [{ architecture: 'topk' }, { architecture: 'relu' }]), /options\[1\]\.batchSize \(\d+\) differs from options\[0\]\.batchSize \(\d+\)/],
    ['epochs that differ', () => trainSaes(input, [{}, { epochs: 2 }], { epochs: 3 }), /options\[1\]\.epochs \(2\) differs from options\[0\]\.epochs \(3\)/],
    ['a seed that differs', () => trainSaes(input, [{ seed: 1 }, {}]), /options\[1\]\.seed \(0\) differs from options\[0\]\.seed \(1\); a sweep splits and shuffles the rows once/],
    ['validation that differs', () => trainSaes(input, [{ validation: { fraction: 0.2 } }, { validation: { fraction: 0.1 } }]), /options\[1\]\.validation \(another value\) differs/],
    ['a bad option of one entry', () => trainSaes(input, [{}, { architecture: { type: 'topk', k: 0 } }]), /^trainSaes: options\[1\]\.architecture\.k must be/],
    ['a bad seed', () => trainSaes(input, [{ seed: -1 }]), /^trainSaes: options\[0\]\.seed must be an integer in \[0, 4294967295\]/],
    ['checkpoints', () => trainSaes(input, [{}, { checkpointEvery: 2 }]), /trainSaes: options\[1\]\.checkpointEvery is not supported in a sweep/],
    ['a label that is not a string', () => trainSaes(input, [{ label: 3 as unknown as string }]), /trainSaes: options\[0\]\.label must be a string/],
    ['an unknown option', () => trainSaes(input, [{}, { dsae: 3 } as TrainSaeOptions]), /^trainSaes: options\[1\]/],
  ];
  for (const [what, run, message] of errors) {
    it(`rejects ${what}, naming the index and field`, async () => {
      await expect(run()).rejects.toThrow(message);
    });
  }
});
