import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@interp/backend';
import { createMlp, resolveMlpConfig, trainMlp, type MlpConfig, type TrainMlpOptions } from './index';
import { createMlpKernelTrainer } from './createMlpKernelTrainer';
import { createMlpParameterLayout } from './mlpParameterLayout';
import { generateTestTask } from './__tests__/generateTestTask';

// the independent implementation is tfjs' own ops (trainMlp with engine 'tfjs') on the wasm backend, whose
// XNNPACK kernels the threaded step is written to round as; sizes that are not multiples of the kernels'
// 4 x 8 tiles exercise the scalar edges
const odd: Partial<MlpConfig> = { hiddenSize: 36, bottleneckSize: 6 };
const train = generateTestTask(700, 1);
const val = generateTestTask(100, 2);

async function weightsAfter(options: TrainMlpOptions): Promise<{ flat: Float32Array; trainMse: number[]; threads: number; note?: string }> {
  const { model, history } = await trainMlp({ train, val }, { seed: 3, epochs: 2, logEvery: 1, ...options });
  const w = model.getWeights();
  const flat = new Float32Array(Object.values(w).reduce((n, x) => n + x.data.length, 0));
  let o = 0;
  for (const x of Object.values(w)) {
    flat.set(x.data, o);
    o += x.data.length;
  }
  model.dispose();
  return { flat, trainMse: history.epochs.map((e) => e.trainMse), threads: history.threads, ...(history.threadsNote ? { note: history.threadsNote } : {}) };
}

/** The odd model's initial parameters (seed `seed`), the test task's scaled inputs with their ones column, and kernel trainer options for batches of 60 rows. */
function kernelTrainerSetup(seed: number) {
  const config = resolveMlpConfig(odd);
  const layout = createMlpParameterLayout(config);
  const init = createMlp(config, { seed });
  const flat = layout.flatten(init.getWeights());
  init.dispose();
  const ka = config.inputSize + 1;
  const inputs = new Float32Array(train.rows * ka);
  for (let r = 0; r < train.rows; r++) {
    for (let c = 0; c < config.inputSize; c++) inputs[r * ka + c] = train.inputs[r * config.inputSize + c]! / 10;
    inputs[r * ka + config.inputSize] = 1;
  }
  const batchSize = 60;
  const steps = Math.floor(train.rows / batchSize);
  return { config, flat, inputs, steps, options: { batchSize, epochRows: steps * batchSize, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } };
}

function expectBitIdentical(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differing++;
  expect(differing).toBe(0);
}

describe('the threaded MLP step (createMlpKernelTrainer)', () => {
  beforeAll(async () => {
    const info = await selectBackend({ backend: 'wasm', onWarning: () => {} });
    expect(info.name).toBe('wasm');
  });

  it('the kernels on 1 and 2 threads give bit-identical weights and train MSEs to tfjs (odd sizes, relu and linear bottleneck, weight decay)', async () => {
    for (const extra of [
      { config: odd, batchSize: 30 },
      { config: { ...odd, bottleneckActivation: 'linear' as const }, batchSize: 64, weightDecay: 0.01 },
    ]) {
      const tfjs = await weightsAfter({ ...extra, engine: 'tfjs', threads: 1 });
      const one = await weightsAfter({ ...extra, threads: 1 });
      const two = await weightsAfter({ ...extra, threads: 2 });
      expect([tfjs.threads, one.threads, two.threads]).toEqual([1, 1, 2]);
      expectBitIdentical(one.flat, tfjs.flat);
      expectBitIdentical(two.flat, tfjs.flat);
      expect(two.trainMse).toEqual(tfjs.trainMse);
      expect(one.trainMse).toEqual(tfjs.trainMse);
    }
  });

  it('3 threads give the same weights as 2 with the default model (batch 256)', async () => {
    const two = await weightsAfter({ threads: 2, batchSize: 128, epochs: 1 });
    const three = await weightsAfter({ threads: 3, batchSize: 128, epochs: 1 });
    expect(three.threads).toBe(3);
    expectBitIdentical(three.flat, two.flat);
  });

  it('a gelu or tanh model trains on 1 thread and says why', async () => {
    const r = await weightsAfter({ config: { ...odd, hiddenActivation: 'tanh' }, threads: 2, epochs: 1 });
    expect(r.threads).toBe(1);
    expect(r.note).toMatch(/relu hidden layer.*tanh.*running on 1 thread/);
  });

  it("engine 'tfjs' runs on 1 thread and says so", async () => {
    const r = await weightsAfter({ config: odd, engine: 'tfjs', threads: 2, epochs: 1 });
    expect(r.threads).toBe(1);
    expect(r.note).toBe("engine 'tfjs' runs on 1 thread");
  });

  it('rejects an unknown engine, naming the option', async () => {
    await expect(trainMlp({ train, val }, { engine: 'gpu' as 'tfjs' })).rejects.toThrow(/trainMlp: engine must be one of auto, tfjs, got "gpu"/);
  });

  it('rejects an adaptThreads that is not a boolean, naming the option', async () => {
    await expect(trainMlp({ train, val }, { adaptThreads: 'yes' as unknown as boolean })).rejects.toThrow('trainMlp: adaptThreads must be true or false, got yes');
  });

  it('rejects a thread count outside [1, 256], naming the option', async () => {
    await expect(trainMlp({ train, val }, { threads: 0 })).rejects.toThrow(/trainMlp: threads must be an integer in \[1, 256\], got 0/);
  });

  it('gives the floats of a 1-thread trainer on any rows and units splits in whole blocks, and measures both threads for the balancers', async () => {
    const { config, flat, inputs, steps, options } = kernelTrainerSetup(5);
    const split = await createMlpKernelTrainer(config, flat, { ...options, threads: 2 });
    const single = await createMlpKernelTrainer(config, flat, { ...options, threads: 1 });
    try {
      expect(single.balancers).toBeUndefined();
      const { rows, units } = split.balancers!;
      // the even splits to start with, in whole blocks (rows of 4, hidden units of 8)
      expect(Array.from(rows.bounds)).toEqual([0, 32, 60]);
      expect(Array.from(units.bounds)).toEqual([0, 24, 36]);
      const perm = Array.from({ length: train.rows }, (_, i) => (i * 11) % train.rows);
      split.loadEpoch(inputs, train.targets, perm, options.epochRows);
      single.loadEpoch(inputs, train.targets, perm, options.epochRows);
      // (a thread without rows or units included; the small layers stay on the last thread)
      const splits: [number[], number[]][] = [[[0, 4, 60], [0, 32, 36]], [[0, 56, 60], [0, 8, 36]], [[0, 0, 60], [0, 36, 36]], [[0, 60, 60], [0, 0, 36]]];
      for (let s = 0; s < steps; s++) {
        const [r, u] = splits[s % splits.length]!;
        rows.bounds.set(r);
        units.bounds.set(u);
        expect(await split.step(s, 1e-3, 1)).toBe(await single.step(s, 1e-3, 1));
      }
      expectBitIdentical(split.parameters(), single.parameters());
      // every thread's speed is measured in both phases (the balancers record every 16 steps on all threads): two
      // windows on the even splits
      rows.bounds.set([0, 32, 60]);
      units.bounds.set([0, 24, 36]);
      for (let s = 0; s < 32; s++) await split.step(s % steps, 1e-3, 1);
      expect(Array.from(rows.speeds).every((v) => v > 0)).toBe(true);
      expect(Array.from(units.speeds).every((v) => v > 0)).toBe(true);
    } finally {
      split.dispose();
      single.dispose();
    }
  });

  it('steps on 1, 2 or 3 threads of a 3-thread pool, in any mix, give the floats of a 1-thread trainer', async () => {
    const { config, flat, inputs, steps, options } = kernelTrainerSetup(4);
    const mixed = await createMlpKernelTrainer(config, flat, { ...options, threads: 3 });
    const single = await createMlpKernelTrainer(config, flat, { ...options, threads: 1 });
    try {
      const perm = Array.from({ length: train.rows }, (_, i) => (i * 7) % train.rows);
      mixed.loadEpoch(inputs, train.targets, perm, options.epochRows);
      single.loadEpoch(inputs, train.targets, perm, options.epochRows);
      const counts = [1, 2, 3, 3, 1, 2, 2, 1, 3];
      for (let s = 0; s < steps; s++) {
        const a = await mixed.step(s, 1e-3, 1, counts[s % counts.length]);
        const b = await single.step(s, 1e-3, 1);
        expect(a).toBe(b);
      }
      expectBitIdentical(mixed.parameters(), single.parameters());
    } finally {
      mixed.dispose();
      single.dispose();
    }
  });
});
