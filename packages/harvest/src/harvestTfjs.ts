import * as tf from '@tensorflow/tfjs-core';
import { findNonFinite } from './findNonFinite';
import type { ActivationBatch } from './HarvestModel';

/**
 * What harvesting needs of a tfjs `LayersModel` (structural: `@tensorflow/tfjs-layers` is not imported).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs'; // tfjs-layers: tf.sequential
 * import { harvestTfjs, type LayersModelLike } from '@interp/harvest';
 * const model: LayersModelLike = tf.sequential({
 *   layers: [tf.layers.dense({ inputShape: [10], units: 32, activation: 'relu', name: 'hidden' }), tf.layers.dense({ units: 1 })],
 * });
 * const acts = await harvestTfjs(model, { data: new Float32Array(100 * 10), shape: [100, 10] }, { layer: 'hidden' }); // 100 x 32
 * ```
 */
export interface LayersModelLike {
  readonly layers: ReadonlyArray<{ readonly name: string; readonly output: unknown }>;
  getLayer(name: string): { readonly name: string; readonly output: unknown };
  execute(inputs: tf.Tensor | tf.Tensor[], outputs: string | string[]): tf.Tensor | tf.Tensor[];
}

/**
 * What harvesting needs of a tfjs `GraphModel` (structural: `@tensorflow/tfjs-converter` is not imported).
 *
 * @example
 * ```ts
 * import { loadGraphModel } from '@tensorflow/tfjs-converter';
 * import { harvestTfjs, type GraphModelLike } from '@interp/harvest';
 * const graph: GraphModelLike = await loadGraphModel('https://example.com/model/model.json');
 * const acts = await harvestTfjs(graph, { data: inputs, shape: [64, 128] }, { node: 'StatefulPartitionedCall/model/dense/Relu' });
 * ```
 */
export interface GraphModelLike {
  readonly inputNodes: string[];
  readonly outputNodes: string[];
  executeAsync(inputs: tf.Tensor | tf.Tensor[], outputs?: string | string[]): Promise<tf.Tensor | tf.Tensor[]>;
}

/**
 * A model to harvest: a `LayersModel` (by layer name), a `GraphModel` (by node name) or a function.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { harvestTfjs, type TfjsModelSource } from '@interp/harvest';
 * const w = tf.randomNormal([10, 16], 0, 1, 'float32', 1);
 * const fn: TfjsModelSource = (x) => tf.relu(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D)); // any function of the inputs
 * const acts = await harvestTfjs(fn, { data: new Float32Array(50 * 10), shape: [50, 10] }); // 50 x 16, hook 'function'
 * ```
 */
export type TfjsModelSource = LayersModelLike | GraphModelLike | ((inputs: tf.Tensor) => tf.Tensor);

/**
 * Inputs of a tfjs harvest: `[examples, ...inputShape]` values (`Int32Array` for token ids).
 *
 * @example
 * ```ts
 * import { harvestTfjs, type TfjsHarvestInput } from '@interp/harvest';
 * const tokens: TfjsHarvestInput = { data: new Int32Array(8 * 32), shape: [8, 32] }; // 8 sequences of 32 token ids
 * const acts = await harvestTfjs(languageModel, tokens, { layer: 'block_2' }); // 8 * 32 rows, token per row
 * ```
 */
export interface TfjsHarvestInput {
  data: Float32Array | Int32Array;
  shape: readonly number[];
}

/**
 * Options of {@link harvestTfjsBatches} and {@link harvestTfjs}.
 *
 * @example
 * ```ts
 * import { harvestTfjs, type TfjsHarvestOptions } from '@interp/harvest';
 * const options: TfjsHarvestOptions = { layer: 'hidden', batchSize: 64, onProgress: (p) => console.log(p.examplesDone, '/', p.examples) };
 * const acts = await harvestTfjs(model, { data: inputs, shape: [1000, 10] }, options);
 * ```
 */
export interface TfjsHarvestOptions {
  /** The layer of a `LayersModel` whose output to harvest (required for a `LayersModel`). */
  layer?: string;
  /** The node of a `GraphModel` to harvest, e.g. `'StatefulPartitionedCall/model/dense/Relu'` (default: its first output). */
  node?: string;
  /** Examples per forward pass (default 256). Affects speed and memory, never the result. */
  batchSize?: number;
  /**
   * Token ids per example position, `[examples, positions]`; default: the inputs themselves when they are an
   * `Int32Array` of shape `[examples, positions]`.
   */
  tokens?: Int32Array;
  /** Called after every batch with examples done and total. */
  onProgress?: (progress: { examplesDone: number; examples: number }) => void;
}

/**
 * A batch of harvested rows with, per row, the example it came from, its position and token id.
 *
 * @example
 * ```ts
 * import { harvestTfjsBatches, type TfjsActivationBatch } from '@interp/harvest';
 * for await (const batch of harvestTfjsBatches(model, { data: tokenIds, shape: [100, 32] }, { layer: 'block_2' })) {
 *   const b: TfjsActivationBatch = batch;
 *   console.log(`row 0 is example ${b.example[0]}, position ${b.position[0]}, token ${b.token?.[0]}`);
 * }
 * ```
 */
export interface TfjsActivationBatch extends ActivationBatch {
  /** Example index of each row. */
  example: Int32Array;
  /** Position of each row in its example (0 for a model with one activation vector per example). */
  position: Int32Array;
  /** Token id at each row's position, where known. */
  token?: Int32Array;
}

/**
 * A whole tfjs harvest: `[rows, width]` rows with per-row example, position and token.
 *
 * @example
 * ```ts
 * import { harvestTfjs, type TfjsActivations } from '@interp/harvest';
 * const acts: TfjsActivations = await harvestTfjs(model, { data: tokenIds, shape: [100, 32] }, { layer: 'block_2' });
 * acts.rows === 100 * acts.positions; // true: one row per (example, position)
 * acts.example[40]; acts.position[40]; // 1, 8
 * ```
 */
export interface TfjsActivations {
  /** `layer:<name>`, `node:<name>` or `function`. */
  hook: string;
  rows: number;
  width: number;
  data: Float32Array;
  /** Positions per example (1 for a 2-D activation). */
  positions: number;
  example: Int32Array;
  position: Int32Array;
  token?: Int32Array;
}

function isLayersModel(m: unknown): m is LayersModelLike {
  return typeof m === 'object' && m !== null && typeof (m as LayersModelLike).getLayer === 'function' && Array.isArray((m as LayersModelLike).layers);
}

function isGraphModel(m: unknown): m is GraphModelLike {
  return typeof m === 'object' && m !== null && typeof (m as GraphModelLike).executeAsync === 'function' && Array.isArray((m as GraphModelLike).outputNodes);
}

/** Resolves the source and options into a function from an input batch to the harvested tensor. */
function resolveRunner(source: TfjsModelSource, options: TfjsHarvestOptions): { hook: string; run: (x: tf.Tensor) => Promise<tf.Tensor> } {
  if (typeof source === 'function') {
    if (options.layer !== undefined || options.node !== undefined) throw new RangeError('harvest: options.layer and options.node apply to tfjs models, not to a function');
    return { hook: 'function', run: async (x) => source(x) };
  }
  if (isLayersModel(source)) {
    const names = source.layers.map((l) => l.name);
    if (options.layer === undefined) throw new RangeError(`harvest: options.layer is required for a LayersModel; its layers: ${names.join(', ')}`);
    if (!names.includes(options.layer)) throw new RangeError(`harvest: unknown layer ${JSON.stringify(options.layer)}; the model's layers: ${names.join(', ')}`);
    const output = source.getLayer(options.layer).output as { name?: string } | Array<{ name?: string }>;
    if (Array.isArray(output)) throw new RangeError(`harvest: layer ${JSON.stringify(options.layer)} has ${output.length} outputs; harvest a layer with one output`);
    const tensorName = output.name!;
    return { hook: `layer:${options.layer}`, run: async (x) => source.execute(x, tensorName) as tf.Tensor };
  }
  if (isGraphModel(source)) {
    const node = options.node ?? source.outputNodes[0];
    if (node === undefined) throw new RangeError('harvest: the GraphModel has no output node; pass options.node');
    return {
      hook: `node:${node}`,
      run: async (x) => {
        try {
          const out = await source.executeAsync(x, node);
          return Array.isArray(out) ? out[0]! : out;
        } catch (e) {
          throw new RangeError(`harvest: cannot execute GraphModel node ${JSON.stringify(node)}: ${(e as Error).message}`);
        }
      },
    };
  }
  throw new TypeError('harvest: expected a tfjs LayersModel, GraphModel or a function (inputs: tf.Tensor) => tf.Tensor');
}

function checkInput(input: TfjsHarvestInput): { examples: number; perExample: number } {
  if (!input || !(input.data instanceof Float32Array || input.data instanceof Int32Array) || !Array.isArray(input.shape)) {
    throw new TypeError('harvest: inputs must be { data: Float32Array | Int32Array, shape: [examples, ...] }');
  }
  const shape = input.shape as number[];
  if (shape.length < 1 || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new RangeError(`harvest: inputs shape must hold non-negative integers, got [${shape.join(', ')}]`);
  const perExample = shape.slice(1).reduce((a, d) => a * d, 1);
  if (input.data.length !== shape[0]! * perExample) {
    throw new RangeError(`harvest: inputs hold ${input.data.length} values; shape [${shape.join(', ')}] needs ${shape[0]! * perExample}`);
  }
  if (input.data instanceof Float32Array) {
    const bad = findNonFinite(input.data);
    if (bad >= 0) throw new RangeError(`harvest: inputs example ${Math.floor(bad / perExample)}, value ${bad % perExample} is ${input.data[bad]} (NaN or infinite values are not allowed)`);
  }
  return { examples: shape[0]!, perExample };
}

/**
 * Harvests the output of any layer of a tfjs `LayersModel` (`layer`), any named node of a `GraphModel`
 * (`node`), or any function `(inputs) => tf.Tensor`, batch by batch, as rows: a `[batch, width]` activation
 * gives one row per example, a `[batch, positions, width]` one (more dimensions: positions flattened) gives
 * one row per example and position, with the example index, position and token id of every row.
 *
 * @example
 * ```ts
 * import { harvestTfjsBatches } from '@interp/harvest';
 * for await (const b of harvestTfjsBatches(model, { data: tokenIds, shape: [100, 32] }, { layer: 'block_2' })) {
 *   console.log(b.rows, b.width, b.example[0], b.position[0], b.token?.[0]);
 * }
 * ```
 */
export async function* harvestTfjsBatches(
  source: TfjsModelSource,
  input: TfjsHarvestInput,
  options: TfjsHarvestOptions = {},
): AsyncGenerator<TfjsActivationBatch> {
  const { hook, run } = resolveRunner(source, options);
  const { examples, perExample } = checkInput(input);
  const batchSize = options.batchSize ?? 256;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`harvest: batchSize must be a positive integer, got ${batchSize}`);
  const tokens = options.tokens ?? (input.data instanceof Int32Array && input.shape.length === 2 ? input.data : undefined);
  const inShape = input.shape.slice(1) as number[];
  let width = -1;
  let positions = -1;
  let rowStart = 0;
  for (let e0 = 0; e0 < examples; e0 += batchSize) {
    const n = Math.min(batchSize, examples - e0);
    const slice = input.data.subarray(e0 * perExample, (e0 + n) * perExample);
    const x = input.data instanceof Int32Array ? tf.tensor(slice, [n, ...inShape], 'int32') : tf.tensor(slice, [n, ...inShape], 'float32');
    let out: tf.Tensor | undefined;
    let data: Float32Array;
    let shape: number[];
    try {
      out = await run(x);
      shape = out.shape;
      const values = await out.data();
      data = values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
    } finally {
      x.dispose();
      out?.dispose();
    }
    if (shape.length < 2 || shape[0] !== n) throw new RangeError(`harvest: ${hook} gave shape [${shape.join(', ')}]; expected [${n}, ..., width]`);
    const w = shape[shape.length - 1]!;
    const p = shape.slice(1, -1).reduce((a, d) => a * d, 1);
    if (width < 0) [width, positions] = [w, p];
    else if (w !== width || p !== positions) throw new RangeError(`harvest: ${hook} changed shape between batches: [${shape.join(', ')}]`);
    const rows = n * p;
    const bad = findNonFinite(data);
    if (bad >= 0) {
      const r = Math.floor(bad / w);
      throw new RangeError(`harvest: ${hook} activation is ${data[bad]} at example ${e0 + Math.floor(r / p)}, position ${r % p}, column ${bad % w}`);
    }
    const example = new Int32Array(rows);
    const position = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      example[r] = e0 + Math.floor(r / p);
      position[r] = r % p;
    }
    let token: Int32Array | undefined;
    if (tokens && p > 1) {
      if (tokens.length !== examples * p) throw new RangeError(`harvest: tokens hold ${tokens.length} ids; ${examples} examples x ${p} positions need ${examples * p}`);
      token = tokens.slice(e0 * p, (e0 + n) * p);
    }
    options.onProgress?.({ examplesDone: e0 + n, examples });
    yield { rowStart, rows, width: w, data, example, position, ...(token ? { token } : {}) };
    rowStart += rows;
  }
}

/**
 * {@link harvestTfjsBatches} collected into one `[rows, width]` matrix with per-row example, position and token.
 *
 * @example
 * ```ts
 * import { harvestTfjs } from '@interp/harvest';
 * const acts = await harvestTfjs(model, { data: inputs, shape: [1000, 10] }, { layer: 'hidden' });
 * // acts.rows = 1000, acts.width = the layer's units
 * ```
 */
export async function harvestTfjs(source: TfjsModelSource, input: TfjsHarvestInput, options: TfjsHarvestOptions = {}): Promise<TfjsActivations> {
  const batches: TfjsActivationBatch[] = [];
  let hook = 'function';
  if (typeof source !== 'function') hook = isLayersModel(source) ? `layer:${options.layer}` : `node:${options.node ?? (source as GraphModelLike).outputNodes[0]}`;
  for await (const b of harvestTfjsBatches(source, input, options)) batches.push(b);
  const rows = batches.reduce((a, b) => a + b.rows, 0);
  const width = batches[0]?.width ?? 0;
  const data = new Float32Array(rows * width);
  const example = new Int32Array(rows);
  const position = new Int32Array(rows);
  const token = batches[0]?.token ? new Int32Array(rows) : undefined;
  for (const b of batches) {
    data.set(b.data, b.rowStart * width);
    example.set(b.example, b.rowStart);
    position.set(b.position, b.rowStart);
    if (token && b.token) token.set(b.token, b.rowStart);
  }
  const positions = batches[0] ? batches[0].rows / Math.max(1, new Set(batches[0].example).size) : 0;
  return { hook, rows, width, data, positions, example, position, ...(token ? { token } : {}) };
}
