import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { createMlp, hashMlpConfig, defaultMlpConfig, isMlp, resolveMlpConfig, type Mlp } from './index';

const X = [
  [8, 9, 5, 1, 3, 2, 9, 4, 7, 1],
  [0, 1, 2, 3, 0, 9, 8, 7, 6, 3],
  [5, 5, 5, 5, 2, 1, 1, 1, 1, 2],
];

/** Plain-JS forward pass of the hidden layer from the model's own weights (float64). */
function manualHidden(model: Mlp, row: number[]): number[] {
  const w = model.getWeights();
  const W1 = w['hidden.weight']!;
  const b1 = w['hidden.bias']!;
  const { inputSize, hiddenSize, inputScale, inputShift } = model.config;
  const out: number[] = [];
  for (let j = 0; j < hiddenSize; j++) {
    let s = b1.data[j]!;
    for (let i = 0; i < inputSize; i++) s += (row[i]! * inputScale[i]! + inputShift[i]!) * W1.data[i * hiddenSize + j]!;
    out.push(Math.max(0, s));
  }
  return out;
}

describe('createMlp', () => {
  beforeAll(async () => {
    await selectBackend({ onWarning: () => {} });
  });

  it("a read hook on 'hidden.post' sees relu(scaled x @ W1 + b1), computed by hand", () => {
    const model = createMlp({ hiddenSize: 32, bottleneckSize: 8 }, { seed: 3 });
    let seen: number[][] = [];
    const x = tf.tensor2d(X);
    const y = model.forward(x, {
      hooks: {
        'hidden.post': (a, name) => {
          expect(name).toBe('hidden.post');
          seen = a.arraySync();
        },
      },
    });
    expect(seen.length).toBe(3);
    X.forEach((row, r) => {
      const want = manualHidden(model, row);
      seen[r]!.forEach((v, j) => expect(v).toBeCloseTo(want[j]!, 4));
    });
    tf.dispose([x, y]);
    model.dispose();
  });

  it("replacing 'hidden.post' with zeros leaves only the bias path relu(b2) @ W3 + b3", () => {
    const model = createMlp({ hiddenSize: 16, bottleneckSize: 6 }, { seed: 5 });
    const w = model.getWeights();
    const b2 = w['bottleneck.bias']!.data;
    const W3 = w['output.weight']!.data;
    let biasPath = w['output.bias']!.data[0]!;
    for (let k = 0; k < 6; k++) biasPath += Math.max(0, b2[k]!) * W3[k]!;
    const x = tf.tensor2d(X);
    const plain = model.forward(x).arraySync();
    const ablated = model.forward(x, { hooks: { 'hidden.post': (a) => tf.zerosLike(a) } }).arraySync();
    ablated.forEach((row) => expect(row[0]).toBeCloseTo(biasPath, 5));
    expect(plain.some((row) => Math.abs(row[0]! - biasPath) > 1e-3)).toBe(true);
    x.dispose();
    model.dispose();
  });

  it('forward without hooks equals runWithCache output bit for bit, and the cache holds every requested hook', () => {
    const model = createMlp({ hiddenSize: 64, bottleneckSize: 16 }, { seed: 7 });
    const x = tf.tensor2d(X);
    const plain = model.forward(x);
    const { output, cache } = model.runWithCache(x, model.hookPoints);
    expect(Array.from(output.dataSync())).toEqual(Array.from(plain.dataSync()));
    for (const name of model.hookPoints) {
      expect(cache[name]!.shape).toEqual([3, model.hookWidth(name)]);
    }
    expect(Array.from(cache.output!.dataSync())).toEqual(Array.from(plain.dataSync()));
    // hidden.post is relu(hidden.pre)
    const pre = cache['hidden.pre']!.dataSync();
    const post = cache['hidden.post']!.dataSync();
    pre.forEach((v, k) => expect(post[k]).toBe(Math.max(0, v)));
    tf.dispose([x, plain, output, ...Object.values(cache)]);
    model.dispose();
  });

  it('a forward pass with hooks leaks no tensors', () => {
    const model = createMlp({ hiddenSize: 16, bottleneckSize: 4 }, { seed: 1 });
    const x = tf.tensor2d(X);
    const before = tf.memory().numTensors;
    const y = model.forward(x, { hooks: { 'bottleneck.pre': (a) => tf.mul(a, 2) as tf.Tensor2D, 'hidden.post': () => {} } });
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('an unknown hook name is rejected with the list of valid hook points', () => {
    const model = createMlp({ hiddenSize: 8, bottleneckSize: 4 });
    const x = tf.tensor2d(X);
    expect(() => model.forward(x, { hooks: { 'hidden.mid': () => {} } })).toThrow(/hidden\.mid.*hidden\.pre, hidden\.post/);
    expect(() => model.hookWidth('nope')).toThrow(/valid hook points/);
    x.dispose();
    model.dispose();
  });

  it('a hook returning the wrong shape is rejected naming the hook and the expected shape', () => {
    const model = createMlp({ hiddenSize: 8, bottleneckSize: 4 });
    const x = tf.tensor2d(X);
    expect(() => model.forward(x, { hooks: { 'hidden.post': () => tf.zeros([3, 7]) as tf.Tensor2D } })).toThrow(/'hidden\.post'.*\[3, 8\]/);
    x.dispose();
    model.dispose();
  });

  it('inputs of the wrong width are rejected with both widths', () => {
    const model = createMlp();
    const x = tf.zeros([2, 9]) as tf.Tensor2D;
    expect(() => model.forward(x)).toThrow(/input width mismatch.*10 columns, got 9/);
    x.dispose();
    model.dispose();
  });

  it('a disposed model refuses to run, naming the reason', () => {
    const model = createMlp({ hiddenSize: 8, bottleneckSize: 4 });
    model.dispose();
    const x = tf.tensor2d(X);
    expect(() => model.forward(x)).toThrow(/disposed/);
    expect(() => model.getWeights()).toThrow(/disposed/);
    x.dispose();
  });

  it("a hook on 'output' replaces what forward returns", () => {
    const model = createMlp({ hiddenSize: 8, bottleneckSize: 4 });
    const x = tf.tensor2d(X);
    const y = model.forward(x, { hooks: { output: (a) => tf.fill(a.shape, 7) as tf.Tensor2D } });
    expect(Array.from(y.dataSync())).toEqual([7, 7, 7]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('forwardFrom a hook point continues from given activations: as forward with that hook replacing them, bit for bit', () => {
    for (const act of ['relu', 'gelu'] as const) {
      const model = createMlp({ hiddenSize: 16, bottleneckSize: 6, bottleneckActivation: act }, { seed: 5 });
      const x = tf.tensor2d(X);
      const points = ['input', 'hidden.pre', 'hidden.post', 'bottleneck.pre', 'bottleneck.post', 'output'];
      const { output, cache } = model.runWithCache(x, points);
      for (const p of points) {
        const replacement = tf.add(cache[p]!, tf.randomUniform(cache[p]!.shape, -0.5, 0.5, 'float32', 3)) as tf.Tensor2D;
        const expected = model.forward(x, { hooks: { [p]: () => replacement } });
        const got = model.forwardFrom(p, replacement);
        expect(Array.from(got.dataSync())).toEqual(Array.from(expected.dataSync()));
        expect(Array.from(model.forwardFrom(p, cache[p]!).dataSync())).toEqual(Array.from(output.dataSync()));
        tf.dispose([replacement, expected, got]);
      }
      expect(() => model.forwardFrom('hidden.post', tf.zeros([2, 15]))).toThrow(/activations must be a 2-D tensor \[rows, 16\] \(the width of 'hidden.post'\), got \[2, 15\]/);
      expect(() => model.forwardFrom('hiden.post', tf.zeros([2, 16]))).toThrow(/unknown hook point 'hiden.post'/);
      tf.dispose([x, output, ...Object.values(cache)]);
      model.dispose();
    }
  });

  it('forwardTo a hook point returns what runWithCache caches there, bit for bit, for every point and activation', () => {
    for (const [hidden, bottleneck] of [['relu', 'relu'], ['gelu', 'linear'], ['tanh', 'gelu']] as const) {
      const model = createMlp({ hiddenSize: 16, bottleneckSize: 6, hiddenActivation: hidden, bottleneckActivation: bottleneck }, { seed: 7 });
      const x = tf.tensor2d(X);
      for (const p of ['input', 'hidden.pre', 'hidden.post', 'bottleneck.pre', 'bottleneck.post', 'output']) {
        const { output, cache } = model.runWithCache(x, [p]);
        const before = tf.memory().numTensors;
        const got = model.forwardTo(x, p);
        expect(tf.memory().numTensors).toBe(before + 1);
        expect(got.shape).toEqual([X.length, model.hookWidth(p)]);
        expect(Array.from(got.dataSync())).toEqual(Array.from(cache[p]!.dataSync()));
        tf.dispose([got, output, ...Object.values(cache)]);
      }
      expect(() => model.forwardTo(x, 'hiden.post')).toThrow(/forwardTo: unknown hook point 'hiden.post'/);
      expect(() => model.forwardTo(tf.zeros([2, 3]), 'hidden.post')).toThrow(/forwardTo: input width mismatch/);
      x.dispose();
      model.dispose();
    }
  });

  it('the same seed gives the same weights, another seed different ones', () => {
    const a = createMlp({}, { seed: 11 }).getWeights();
    const b = createMlp({}, { seed: 11 }).getWeights();
    const c = createMlp({}, { seed: 12 }).getWeights();
    expect(a['hidden.weight']!.data).toEqual(b['hidden.weight']!.data);
    expect(a['output.bias']!.data).toEqual(b['output.bias']!.data);
    expect(a['hidden.weight']!.data).not.toEqual(c['hidden.weight']!.data);
  });

  it('weights of the wrong shape are rejected naming the weight and both shapes', () => {
    const weights = createMlp({ hiddenSize: 8, bottleneckSize: 4 }).getWeights();
    expect(() => createMlp({ hiddenSize: 8, bottleneckSize: 5 }, { weights })).toThrow(/'bottleneck\.weight' has shape \[8, 4\].*needs \[8, 5\]/);
  });

  it('gelu and tanh models run and their hooks match the activation of the pre-activation', () => {
    for (const act of ['gelu', 'tanh'] as const) {
      const model = createMlp({ hiddenSize: 8, bottleneckSize: 4, hiddenActivation: act, bottleneckActivation: act }, { seed: 2 });
      const x = tf.tensor2d(X);
      const { output, cache } = model.runWithCache(x, ['bottleneck.pre', 'bottleneck.post']);
      const pre = cache['bottleneck.pre']!.dataSync();
      const post = cache['bottleneck.post']!.dataSync();
      pre.forEach((z, k) => {
        const want = act === 'tanh' ? Math.tanh(z) : 0.5 * z * (1 + erf(z / Math.SQRT2));
        expect(post[k]).toBeCloseTo(want, 4);
      });
      tf.dispose([x, output, ...Object.values(cache)]);
      model.dispose();
    }
  });
});

describe('MLP config', () => {
  it('hashMlpConfig is a stable 16-hex-digit hash that changes with the config', () => {
    const h = hashMlpConfig(resolveMlpConfig());
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(hashMlpConfig({ ...defaultMlpConfig, inputScale: [...defaultMlpConfig.inputScale] })).toBe(h);
    expect(hashMlpConfig(resolveMlpConfig({ bottleneckSize: 3 }))).not.toBe(h);
  });

  it('a bad config field is rejected naming the field and its allowed values', () => {
    expect(() => resolveMlpConfig({ hiddenSize: 0 })).toThrow(/hiddenSize must be an integer in \[1, 65536\]/);
    expect(() => resolveMlpConfig({ hiddenActivation: 'sigmoid' as never })).toThrow(/relu, gelu, tanh/);
    expect(() => resolveMlpConfig({ inputScale: [1, 2] })).toThrow(/inputScale must have inputSize = 10 entries, got 2/);
  });
});

/** Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const s = Math.sign(x);
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return s * y;
}

describe('isMlp', () => {
  it('is true for a model of createMlp (also a copy) and false for a look-alike with the same fields', () => {
    const model = createMlp({}, { seed: 1 });
    const copy = createMlp(model.config, { weights: model.getWeights() });
    const lookAlike = { ...model };
    expect([isMlp(model), isMlp(copy), isMlp(lookAlike), isMlp(null), isMlp(undefined)]).toEqual([true, true, false, false, false]);
    model.dispose();
    copy.dispose();
  });
});
