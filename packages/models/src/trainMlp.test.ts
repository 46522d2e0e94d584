import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { evaluateMlp, trainMlp, createMlp, type TrainProgress, type MlpConfig } from './index';
import { generateTestTask } from './__tests__/generateTestTask';

const small: Partial<MlpConfig> = { hiddenSize: 32, bottleneckSize: 8 };
const train = generateTestTask(2048, 1);
const val = generateTestTask(256, 2);

describe('trainMlp', () => {
  beforeAll(async () => {
    await selectBackend({ onWarning: () => {} });
  });

  it('training on a small task (|c1_0 - c2_0|) brings validation MSE far below predicting the mean', async () => {
    const easy = (d: typeof train) => {
      const targets = new Float32Array(d.rows);
      for (let r = 0; r < d.rows; r++) targets[r] = Math.abs(d.inputs[r * 10]! - d.inputs[r * 10 + 5]!);
      return { ...d, targets };
    };
    const [tr, va] = [easy(train), easy(val)];
    const mean = va.targets.reduce((a, b) => a + b, 0) / va.rows;
    const variance = va.targets.reduce((a, b) => a + (b - mean) ** 2, 0) / va.rows;
    const { model, history } = await trainMlp({ train: tr, val: va }, { config: small, seed: 4, epochs: 10, batchSize: 64, learningRate: 0.01 });
    const after = evaluateMlp(model, va).mse;
    expect(after).toBeLessThan(variance * 0.1);
    expect(history.epochs.length).toBe(10);
    expect(history.epochs[9]!.trainMse).toBeLessThan(history.epochs[0]!.trainMse);
    model.dispose();
  });

  it('gelu and tanh models train on the selected backend too (validation MSE finite and falling)', async () => {
    for (const act of ['gelu', 'tanh'] as const) {
      const config = { ...small, hiddenActivation: act, bottleneckActivation: act };
      const { model, history } = await trainMlp({ train, val }, { config, epochs: 3, batchSize: 128, learningRate: 0.01 });
      expect(model.config.hiddenActivation).toBe(act);
      expect(Number.isFinite(history.bestValMse)).toBe(true);
      expect(history.epochs[2]!.trainMse).toBeLessThan(history.epochs[0]!.trainMse);
      model.dispose();
    }
  });

  it('the same seed gives bit-identical weights; another seed does not', async () => {
    const run = (seed: number) => trainMlp({ train, val }, { config: small, seed, epochs: 2, batchSize: 256 });
    const a = (await run(3)).model.getWeights();
    const b = (await run(3)).model.getWeights();
    const c = (await run(5)).model.getWeights();
    expect(a['hidden.weight']!.data).toEqual(b['hidden.weight']!.data);
    expect(a['output.bias']!.data).toEqual(b['output.bias']!.data);
    expect(a['hidden.weight']!.data).not.toEqual(c['hidden.weight']!.data);
  });

  it('logs "Epoch N | Val MSE: x" every logEvery epochs and reports progress with step counts', async () => {
    const lines: string[] = [];
    const progress: TrainProgress[] = [];
    const { history } = await trainMlp(
      { train, val },
      { config: small, epochs: 4, batchSize: 256, logEvery: 2, progressEvery: 3, onLog: (l) => lines.push(l), onProgress: (p) => progress.push(p) },
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Epoch 2 \| Val MSE: \d+\.\d{6}$/);
    expect(lines[1]).toMatch(/^Epoch 4 \| Val MSE: \d+\.\d{6}$/);
    expect(Number(lines[1]!.split(': ')[1])).toBeCloseTo(history.epochs[3]!.valMse!, 5);
    const steps = 2048 / 256;
    expect(progress.filter((p) => p.step === steps)).toHaveLength(4);
    expect(progress.some((p) => p.step === 3 && p.epoch === 1 && p.valMse === undefined)).toBe(true);
    for (const p of progress) {
      expect(p.steps).toBe(steps);
      expect(p.epochs).toBe(4);
      expect(Number.isFinite(p.trainMse)).toBe(true);
    }
  });

  it('keeps the checkpoint with the best validation MSE', async () => {
    const { model, history } = await trainMlp({ train, val }, { config: small, epochs: 6, batchSize: 128, learningRate: 0.05, seed: 2 });
    const best = Math.min(...history.epochs.map((e) => e.valMse!));
    expect(history.bestValMse).toBe(best);
    expect(history.epochs[history.bestEpoch - 1]!.valMse).toBe(best);
    expect(evaluateMlp(model, val).mse).toBeCloseTo(best, 4);
    model.dispose();
  });

  it('stops early after `patience` evaluations without improvement', async () => {
    const lines: string[] = [];
    const { history } = await trainMlp(
      { train, val },
      { config: small, epochs: 20, batchSize: 256, patience: 2, minDelta: 1e9, onLog: (l) => lines.push(l), logEvery: 100 },
    );
    expect(history.stoppedEarly).toBe(true);
    expect(history.epochs).toHaveLength(3);
    expect(history.bestEpoch).toBe(1);
    expect(lines.at(-1)).toMatch(/Early stopping at epoch 3.*keeping epoch 1/);
  });

  it('an abort signal stops training with an AbortError and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = trainMlp(
      { train, val },
      {
        config: small,
        epochs: 50,
        batchSize: 64,
        progressEvery: 2,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.epoch === 2) controller.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a NaN in the data is rejected naming the split, row and column', async () => {
    const inputs = train.inputs.slice();
    inputs[3 * 10 + 2] = NaN;
    await expect(trainMlp({ train: { ...train, inputs }, val }, { config: small })).rejects.toThrow(/train: inputs row 3, column 2 is NaN/);
  });

  it('inputs of the wrong width are rejected with both widths', async () => {
    const narrow = { inputs: new Float32Array(9 * 4), targets: new Float32Array(4), rows: 4 };
    await expect(trainMlp({ train, val: narrow }, { config: small })).rejects.toThrow(/val: input width mismatch: the model takes 10 columns.*9 per row/);
  });

  it('bad options are rejected naming the option and its range', async () => {
    await expect(trainMlp({ train, val }, { epochs: 0 })).rejects.toThrow(/epochs must be an integer in \[1/);
    await expect(trainMlp({ train, val }, { learningRate: -1 })).rejects.toThrow(/learningRate must be in \(0, 10\]/);
    await expect(trainMlp({ train, val }, { schedule: { kind: 'step', everyEpochs: 0, gamma: 0.5 } })).rejects.toThrow(/everyEpochs/);
  });
});
