import { selectBackend } from '@interp/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSae } from './Sae';
import { evaluateSae } from './evaluateSae';
import { makeSparseData } from './__tests__/testData';
import { trainSae } from './trainSae';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

const width = 8;
const rows = 200;
const input = { data: makeSparseData(rows, width, 12, 2, 5), rows, width };

describe('options objects reject unknown keys', () => {
  it('a misspelt epochs is an error naming it and the likely option, not a silent 30-epoch run', async () => {
    await expect(trainSae(input, { epoch: 1 } as never)).rejects.toThrow(/unknown key "epoch" \(did you mean "epochs"\?\) \(known: dSae, architecture, epochs/);
  });

  it('names every unknown key, also inside the architecture options', async () => {
    await expect(trainSae(input, { epoch: 1, zzz: 2 } as never)).rejects.toThrow(/unknown keys "epoch" \(did you mean "epochs"\?\), "zzz"/);
    await expect(trainSae(input, { architecture: { type: 'topk', kk: 4 } as never })).rejects.toThrow(
      /options\.architecture: unknown key "kk" \(did you mean "k"\?\)/,
    );
    await expect(trainSae(input, { architecture: { type: 'relu', l1: 1 } as never })).rejects.toThrow(/options\.architecture: unknown key "l1"/);
  });
});

describe('metrics that cannot be computed are errors, not NaN', () => {
  const sae = () =>
    createSae(
      { W_enc: new Float32Array(width * 4).fill(0.1), W_dec: new Float32Array(4 * width).fill(0.1), b_enc: new Float32Array(4), b_dec: new Float32Array(width) },
      { dIn: width, dSae: 4, activation: { type: 'relu' }, applyBDecToInput: true },
    );

  it('evaluateSae on all-zero rows or on one row throws saying why', async () => {
    const s = sae();
    await expect(evaluateSae(s, { data: new Float32Array(10 * width), rows: 10, width })).rejects.toThrow(/zero variance.*all-zero/);
    await expect(evaluateSae(s, { data: input.data.subarray(0, width), rows: 1, width })).rejects.toThrow(/1 row; .*needs at least 2/);
    const ok = await evaluateSae(s, input);
    expect(Number.isFinite(ok.fve)).toBe(true);
    s.dispose();
  });

  it('trainSae fails before training on all-zero data and on a one-row held-out set', async () => {
    await expect(trainSae({ data: new Float32Array(50 * width), rows: 50, width }, { epochs: 1 })).rejects.toThrow(/all the same row.*zero variance/);
    await expect(trainSae(input, { epochs: 1, validation: { data: input.data.subarray(0, width), rows: 1, width } })).rejects.toThrow(
      /held-out rows \(options\.validation\) hold 1 row\(s\).*at least 2/,
    );
  });
});
