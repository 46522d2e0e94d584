import * as tf from '@tensorflow/tfjs-core';
import { applyActivation, fusableActivation, type Activation } from './activations';
import { createMulberry32 } from '@interp/core';
import { resolveMlpConfig, type MlpConfig } from './mlpConfig';
import { checkMlpWeights, getMlpWeightShapes, mlpWeightNames, type MlpWeights } from './mlpWeights';

/**
 * A hook: called with an activation during one forward pass; return a tensor of the
 * same shape to replace it (ablate, patch, splice), or nothing to leave it as is.
 * The activation is disposed when the pass ends; `tf.keep(activation.clone())` to hold on to it
 * (or use {@link Mlp.runWithCache}).
 *
 * @example
 * ```ts
 * const ablate: HookFn = (a) => tf.zerosLike(a);                  // replace
 * const log: HookFn = (a, name) => console.log(name, a.shape);   // read only
 * model.forward(x, { hooks: { 'hidden.post': ablate, 'bottleneck.pre': log } });
 * ```
 */
export type HookFn = (activation: tf.Tensor2D, hookName: string) => tf.Tensor2D | void;

/**
 * The hook points of every MLP, in the order a forward pass visits them.
 *
 * @example
 * ```ts
 * mlpHookPoints.includes('hidden.post'); // true
 * ```
 */
export const mlpHookPoints = [
  'input',
  'hidden.pre',
  'hidden.post',
  'bottleneck.pre',
  'bottleneck.post',
  'output',
] as const;

/**
 * The hook point the SAE reads unless told otherwise: the MLP's hidden layer after its activation
 * (the default of harvest, probe and the CLI).
 *
 * @example
 * ```ts
 * import { DEFAULT_HOOK_POINT } from '@interp/models';
 * model.hookWidth(DEFAULT_HOOK_POINT); // the hidden width, e.g. 512
 * ```
 */
export const DEFAULT_HOOK_POINT = 'hidden.post' satisfies (typeof mlpHookPoints)[number];

/**
 * One of {@link mlpHookPoints}.
 *
 * @example
 * ```ts
 * import { createMlp, mlpHookPoints, type MlpHookPoint } from '@interp/models';
 * const model = createMlp({}, { seed: 1 });
 * const widths = mlpHookPoints.map((p: MlpHookPoint) => [p, model.hookWidth(p)]); // [['input', 10], ...]
 * ```
 */
export type MlpHookPoint = (typeof mlpHookPoints)[number];

/**
 * Options of {@link Mlp.forward}.
 *
 * @example
 * ```ts
 * const options: ForwardOptions = { hooks: { 'hidden.post': (a) => tf.zerosLike(a) } };
 * ```
 */
export interface ForwardOptions {
  /** Hooks by hook point name, e.g. `{ 'hidden.post': (a) => tf.zerosLike(a) }`. */
  hooks?: Record<string, HookFn>;
}

/**
 * A bottleneck MLP with named hook points (create with {@link createMlp}, train with
 * {@link trainMlp}, load with `loadMlp`).
 *
 * @example
 * ```ts
 * const { output, cache } = model.runWithCache(x, ['hidden.post']);
 * cache['hidden.post'].shape; // [n, 512]
 * tf.dispose([output, ...Object.values(cache)]);
 * ```
 */
export interface Mlp {
  /** The configuration (a frozen copy). */
  readonly config: MlpConfig;
  /**
   * Hook points: `input` (after scaling), `hidden.pre`, `hidden.post`,
   * `bottleneck.pre`, `bottleneck.post`, `output`.
   */
  readonly hookPoints: readonly string[];
  /** The width of the activation at a hook point, e.g. 512 for `hidden.post`. */
  hookWidth(hookName: string): number;
  /** Runs the model on raw (unscaled) inputs `[n, inputSize]`; returns `[n, outputSize]`. */
  forward(inputs: tf.Tensor2D, options?: ForwardOptions): tf.Tensor2D;
  /**
   * Runs the rest of the model from a hook point: `activations` (`[n, hookWidth(hookName)]`) stand in for the
   * activation at `hookName` (its own hook, and every hook before it, does not run) and the layers after it run
   * as in {@link Mlp.forward}, with the same ops, so the output is what `forward` gives when a hook at
   * `hookName` returns these activations. Returns `[n, outputSize]`.
   *
   * @example
   * ```ts
   * const { output, cache } = model.runWithCache(x, ['hidden.post']);
   * const again = model.forwardFrom('hidden.post', cache['hidden.post']); // same values as output
   * ```
   */
  forwardFrom(hookName: string, activations: tf.Tensor2D, options?: ForwardOptions): tf.Tensor2D;
  /**
   * Runs the model on raw inputs `[n, inputSize]` up to `hookName` and returns the activation there
   * (`[n, hookWidth(hookName)]`, the caller disposes it); the layers after it do not run. The values are the ones
   * `runWithCache(inputs, [hookName])` caches, bit for bit (the same ops), in less time when only the hook is needed.
   *
   * @example
   * ```ts
   * const h = model.forwardTo(x, 'hidden.post'); // [n, 512]
   * h.dispose();
   * ```
   */
  forwardTo(inputs: tf.Tensor2D, hookName: string): tf.Tensor2D;
  /** Runs the model and returns clones of the activations at `hookNames` (the caller disposes them). */
  runWithCache(inputs: tf.Tensor2D, hookNames: readonly string[]): { output: tf.Tensor2D; cache: Record<string, tf.Tensor2D> };
  /** Copies of the weights (`[in, out]` matrices, `[out]` biases), by name. */
  getWeights(): MlpWeights;
  /** Frees the weight tensors; the model cannot run afterwards. */
  dispose(): void;
}

/**
 * Options of {@link createMlp}.
 *
 * @example
 * ```ts
 * const copy = createMlp(model.config, { weights: model.getWeights() });
 * ```
 */
export interface CreateMlpOptions {
  /** Seed of the weight initialisation (default 0). */
  seed?: number;
  /** Use these weights instead of a random initialisation (checked against the config). */
  weights?: MlpWeights;
}

function initialWeights(config: MlpConfig, seed: number): MlpWeights {
  const rng = createMulberry32(seed);
  const shapes = getMlpWeightShapes(config);
  const layers: [string, Activation][] = [
    ['hidden', config.hiddenActivation],
    ['bottleneck', config.bottleneckActivation],
    ['output', 'linear'],
  ];
  const out: MlpWeights = {};
  for (const [layer, act] of layers) {
    const wShape = shapes[`${layer}.weight` as keyof typeof shapes];
    const bShape = shapes[`${layer}.bias` as keyof typeof shapes];
    const fanIn = wShape[0] as number;
    // He-uniform for rectifiers, Glorot-style (gain 1) otherwise; PyTorch-style bias.
    const bound = Math.sqrt((act === 'relu' || act === 'gelu' ? 6 : 3) / fanIn);
    const w = new Float32Array(fanIn * (wShape[1] as number));
    for (let k = 0; k < w.length; k++) w[k] = (2 * rng.next() - 1) * bound;
    const b = new Float32Array(bShape[0] as number);
    const bBound = 1 / Math.sqrt(fanIn);
    for (let k = 0; k < b.length; k++) b[k] = (2 * rng.next() - 1) * bBound;
    out[`${layer}.weight`] = { shape: wShape, data: w };
    out[`${layer}.bias`] = { shape: bShape, data: b };
  }
  return out;
}

function isIdentityScaling(config: MlpConfig): boolean {
  return config.inputScale.every((s) => s === 1) && config.inputShift.every((s) => s === 0);
}

/**
 * Creates a bottleneck MLP (`inputSize -> hiddenSize -> bottleneckSize -> outputSize`)
 * with seeded random weights, or with given ones. Without hooks a forward pass is three
 * fused matMul+bias+activation ops; hooks add only the ops they need.
 *
 * @example
 * ```ts
 * const model = createMlp({ bottleneckSize: 32 }, { seed: 1 });
 * const y = model.forward(tf.tensor2d([[8, 9, 5, 1, 3, 2, 9, 4, 7, 1]]));
 * const ablated = model.forward(x, { hooks: { 'hidden.post': (a) => tf.zerosLike(a) } });
 * ```
 * @throws RangeError naming a bad config field; Error naming a missing or mis-shaped weight.
 */
export function createMlp(config: Partial<MlpConfig> = {}, options: CreateMlpOptions = {}): Mlp {
  const cfg = resolveMlpConfig(config);
  Object.freeze(cfg.inputScale);
  Object.freeze(cfg.inputShift);
  Object.freeze(cfg);
  const weights = options.weights ?? initialWeights(cfg, options.seed ?? 0);
  checkMlpWeights(cfg, weights, 'createMlp');
  const t = {} as Record<(typeof mlpWeightNames)[number], tf.Tensor>;
  for (const name of mlpWeightNames) {
    const w = weights[name] as { shape: number[]; data: Float32Array };
    t[name] = tf.keep(tf.tensor(w.data.slice(), w.shape, 'float32'));
  }
  const W1 = t['hidden.weight'] as tf.Tensor2D;
  const b1 = t['hidden.bias'] as tf.Tensor1D;
  const W2 = t['bottleneck.weight'] as tf.Tensor2D;
  const b2 = t['bottleneck.bias'] as tf.Tensor1D;
  const W3 = t['output.weight'] as tf.Tensor2D;
  const b3 = t['output.bias'] as tf.Tensor1D;
  const identityScaling = isIdentityScaling(cfg);
  const scale = tf.keep(tf.tensor1d(cfg.inputScale, 'float32'));
  const shift = tf.keep(tf.tensor1d(cfg.inputShift, 'float32'));
  let disposed = false;

  const widths: Record<string, number> = {
    input: cfg.inputSize,
    'hidden.pre': cfg.hiddenSize,
    'hidden.post': cfg.hiddenSize,
    'bottleneck.pre': cfg.bottleneckSize,
    'bottleneck.post': cfg.bottleneckSize,
    output: cfg.outputSize,
  };

  const checkHookName = (name: string, where: string): void => {
    if (!(name in widths)) {
      throw new Error(`${where}: unknown hook point '${name}'; valid hook points: ${mlpHookPoints.join(', ')}`);
    }
  };

  const checkInputs = (inputs: tf.Tensor2D, where: string): void => {
    if (disposed) throw new Error(`${where}: the model has been disposed`);
    if (!(inputs instanceof tf.Tensor) || inputs.rank !== 2) {
      throw new Error(`${where}: inputs must be a 2-D tensor [rows, ${cfg.inputSize}], got rank ${(inputs as tf.Tensor | undefined)?.rank ?? 'none'}`);
    }
    if (inputs.shape[1] !== cfg.inputSize) {
      throw new Error(`${where}: input width mismatch: the model takes ${cfg.inputSize} columns, got ${inputs.shape[1]}`);
    }
    if (inputs.dtype !== 'float32') throw new Error(`${where}: inputs must be float32, got ${inputs.dtype}`);
  };

  const scaleInputs = (x: tf.Tensor2D): tf.Tensor2D => (identityScaling ? x : tf.add(tf.mul(x, scale), shift));

  const layer = (
    x: tf.Tensor2D,
    w: tf.Tensor2D,
    b: tf.Tensor1D,
    act: Activation,
    prefix: string | undefined,
    hooks: Record<string, HookFn> | undefined,
  ): tf.Tensor2D => {
    const fused = fusableActivation(act);
    const preName = `${prefix}.pre`;
    const postName = `${prefix}.post`;
    if (fused && !(hooks && preName in hooks)) {
      const post = tf.fused.matMul({ a: x, b: w, bias: b, activation: fused }) as tf.Tensor2D;
      return prefix ? runHook(postName, post, hooks) : post;
    }
    let pre = tf.fused.matMul({ a: x, b: w, bias: b, activation: 'linear' }) as tf.Tensor2D;
    if (prefix) pre = runHook(preName, pre, hooks);
    const post = applyActivation(act, pre);
    return prefix ? runHook(postName, post, hooks) : post;
  };

  const runHook = (name: string, a: tf.Tensor2D, hooks: Record<string, HookFn> | undefined): tf.Tensor2D => {
    const fn = hooks?.[name];
    if (!fn) return a;
    const r = fn(a, name);
    if (r === undefined) return a;
    if (!(r instanceof tf.Tensor) || r.rank !== 2 || r.shape[0] !== a.shape[0] || r.shape[1] !== a.shape[1]) {
      const got = r instanceof tf.Tensor ? `[${r.shape.join(', ')}]` : typeof r;
      throw new Error(`hook '${name}' returned ${got}; a replacement must have the activation's shape [${a.shape.join(', ')}]`);
    }
    return r.dtype === 'float32' ? r : tf.cast(r, 'float32');
  };

  const forward = (inputs: tf.Tensor2D, opts: ForwardOptions = {}): tf.Tensor2D => {
    checkInputs(inputs, 'forward');
    const hooks = opts.hooks && Object.keys(opts.hooks).length > 0 ? opts.hooks : undefined;
    if (hooks) for (const name of Object.keys(hooks)) checkHookName(name, 'forward');
    return tf.tidy(() => {
      let x = scaleInputs(inputs);
      x = runHook('input', x, hooks);
      const h1 = layer(x, W1, b1, cfg.hiddenActivation, 'hidden', hooks);
      const h2 = layer(h1, W2, b2, cfg.bottleneckActivation, 'bottleneck', hooks);
      const out = layer(h2, W3, b3, 'linear', undefined, hooks);
      return runHook('output', out, hooks);
    });
  };

  const forwardTo = (inputs: tf.Tensor2D, hookName: string): tf.Tensor2D => {
    checkInputs(inputs, 'forwardTo');
    checkHookName(hookName, 'forwardTo');
    if (hookName === 'output') return forward(inputs);
    return tf.tidy(() => {
      // As runWithCache with the one hook: a layer is fused unless its `.pre` activation is asked for.
      const x = scaleInputs(inputs);
      if (hookName === 'input') return tf.clone(x);
      if (hookName === 'hidden.pre') return tf.fused.matMul({ a: x, b: W1, bias: b1, activation: 'linear' }) as tf.Tensor2D;
      const h1 = layer(x, W1, b1, cfg.hiddenActivation, 'hidden', undefined);
      if (hookName === 'hidden.post') return h1;
      if (hookName === 'bottleneck.pre') return tf.fused.matMul({ a: h1, b: W2, bias: b2, activation: 'linear' }) as tf.Tensor2D;
      return layer(h1, W2, b2, cfg.bottleneckActivation, 'bottleneck', undefined);
    });
  };

  const forwardFrom = (hookName: string, activations: tf.Tensor2D, opts: ForwardOptions = {}): tf.Tensor2D => {
    if (disposed) throw new Error('forwardFrom: the model has been disposed');
    checkHookName(hookName, 'forwardFrom');
    const width = widths[hookName] as number;
    if (!(activations instanceof tf.Tensor) || activations.rank !== 2 || activations.shape[1] !== width) {
      const got = activations instanceof tf.Tensor ? `[${activations.shape.join(', ')}]` : typeof activations;
      throw new Error(`forwardFrom: activations must be a 2-D tensor [rows, ${width}] (the width of '${hookName}'), got ${got}`);
    }
    if (activations.dtype !== 'float32') throw new Error(`forwardFrom: activations must be float32, got ${activations.dtype}`);
    const hooks = opts.hooks && Object.keys(opts.hooks).length > 0 ? opts.hooks : undefined;
    if (hooks) for (const name of Object.keys(hooks)) checkHookName(name, 'forwardFrom');
    return tf.tidy(() => {
      let x = activations;
      let at = hookName;
      if (at === 'input') {
        x = layer(x, W1, b1, cfg.hiddenActivation, 'hidden', hooks);
        at = 'hidden.post';
      } else if (at === 'hidden.pre') {
        x = runHook('hidden.post', applyActivation(cfg.hiddenActivation, x), hooks);
        at = 'hidden.post';
      }
      if (at === 'hidden.post') {
        x = layer(x, W2, b2, cfg.bottleneckActivation, 'bottleneck', hooks);
        at = 'bottleneck.post';
      } else if (at === 'bottleneck.pre') {
        x = runHook('bottleneck.post', applyActivation(cfg.bottleneckActivation, x), hooks);
        at = 'bottleneck.post';
      }
      if (at === 'bottleneck.post') return runHook('output', layer(x, W3, b3, 'linear', undefined, hooks), hooks);
      return tf.clone(x);
    });
  };

  const model: Mlp = {
    config: cfg,
    hookPoints: mlpHookPoints,
    hookWidth(hookName: string): number {
      checkHookName(hookName, 'hookWidth');
      return widths[hookName] as number;
    },
    forward,
    forwardFrom,
    forwardTo,
    runWithCache(inputs: tf.Tensor2D, hookNames: readonly string[]) {
      for (const name of hookNames) checkHookName(name, 'runWithCache');
      const cache: Record<string, tf.Tensor2D> = {};
      const hooks: Record<string, HookFn> = {};
      for (const name of hookNames) {
        hooks[name] = (a) => {
          cache[name] = tf.keep(a.clone());
        };
      }
      try {
        const output = forward(inputs, { hooks });
        return { output, cache };
      } catch (err) {
        for (const c of Object.values(cache)) c.dispose();
        throw err;
      }
    },
    getWeights(): MlpWeights {
      if (disposed) throw new Error('getWeights: the model has been disposed');
      const out: MlpWeights = {};
      for (const name of mlpWeightNames) {
        out[name] = { shape: [...t[name].shape], data: new Float32Array(t[name].dataSync() as Float32Array) };
      }
      return out;
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      for (const name of mlpWeightNames) t[name].dispose();
      scale.dispose();
      shift.dispose();
    },
  };
  createdMlps.add(model);
  return model;
}

const createdMlps = new WeakSet<object>();

/**
 * Whether `model` was made by {@link createMlp} (or `loadMlp`, `trainMlp`, which use it): its `forward` is
 * this package's, so a faster path that reproduces it (e.g. {@link createMlpKernelForward}) may stand in for it.
 *
 * @example
 * ```ts
 * import { createMlp, isMlp } from '@interp/models';
 * isMlp(createMlp({}, { seed: 1 })); // true
 * isMlp({ config: { inputSize: 10 }, hookPoints: [], hookWidth: () => 0, forward: (x) => x }); // false
 * ```
 */
export function isMlp(model: unknown): model is Mlp {
  return typeof model === 'object' && model !== null && createdMlps.has(model);
}
