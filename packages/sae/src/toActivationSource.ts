import * as tf from '@tensorflow/tfjs-core';

/**
 * A row-major activation matrix: `data[r * width + c]`.
 *
 * @example
 * ```ts
 * import { evaluateSae, type ActivationMatrix } from '@interp/sae';
 * const heldOut: ActivationMatrix = { data: acts.data.subarray(0, 500 * acts.width), rows: 500, width: acts.width };
 * const metrics = await evaluateSae(sae, heldOut);
 * ```
 */
export interface ActivationMatrix {
  data: Float32Array;
  rows: number;
  width: number;
}

/**
 * One batch of a stream of activations (e.g. `@interp/harvest`'s `readActivationBatches`).
 *
 * @example
 * ```ts
 * import { trainSae, type ActivationBatch } from '@interp/sae';
 * async function* batches(): AsyncIterable<ActivationBatch> {
 *   for (let r = 0; r < 10_000; r += 1000) yield { data: loadRows(r, 1000), rows: 1000, width: 64 };
 * }
 * await trainSae(() => batches(), { epochs: 3 }); // a function: re-opened for every epoch
 * ```
 */
export type ActivationBatch = ActivationMatrix;

/**
 * What {@link trainSae} and {@link evaluateSae} accept: a matrix (`{ data, rows, width }` or
 * `{ data, shape: [rows, width] }`), a tfjs `Tensor2D`, or a stream of batches. A stream is an
 * `AsyncIterable` that starts over each time it is iterated, or a function returning a fresh one.
 *
 * @example
 * ```ts
 * import { trainSae, type SaeInput } from '@interp/sae';
 * const inMemory: SaeInput = { data: new Float32Array(1000 * 64), rows: 1000, width: 64 };
 * const shaped: SaeInput = { data: new Float32Array(1000 * 64), shape: [1000, 64] };
 * const streamed: SaeInput = () => readActivationBatches('out/shards/', 1024); // @interp/harvest/node: one pass per epoch
 * await trainSae(inMemory);
 * ```
 */
export type SaeInput =
  | ActivationMatrix
  | { data: Float32Array; shape: readonly [number, number] | readonly number[] }
  | tf.Tensor2D
  | AsyncIterable<ActivationBatch>
  | (() => AsyncIterable<ActivationBatch>);

/**
 * An input brought to one of two shapes: a matrix in memory, or a re-openable stream.
 *
 * @example
 * ```ts
 * import { toActivationSource, type ActivationSource } from '@interp/sae';
 * const source: ActivationSource = toActivationSource({ data: new Float32Array(20), shape: [5, 4] });
 * if (source.kind === 'memory') console.log(source.matrix.rows, source.matrix.width); // 5 4
 * ```
 */
export type ActivationSource =
  | { kind: 'memory'; matrix: ActivationMatrix }
  | { kind: 'stream'; open: () => AsyncIterable<ActivationBatch> };

/** Throws naming row and column of the first non-finite value of a matrix. */
export function checkFinite(data: Float32Array, width: number, what: string, rowOffset = 0): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) {
      const row = Math.floor(i / width) + rowOffset;
      throw new Error(`${what}: value at row ${row}, column ${i % width} is ${v}; activations must be finite numbers`);
    }
  }
}

/** Checks a matrix's shape and values; `what` names the input in errors. */
export function checkMatrix(m: ActivationMatrix, what: string, rowOffset = 0): void {
  if (!(m.data instanceof Float32Array)) throw new TypeError(`${what}: data must be a Float32Array`);
  if (!Number.isInteger(m.width) || m.width < 1) throw new Error(`${what}: width must be an integer >= 1, got ${m.width}`);
  if (!Number.isInteger(m.rows) || m.rows < 0) throw new Error(`${what}: rows must be an integer >= 0, got ${m.rows}`);
  if (m.data.length !== m.rows * m.width) {
    throw new Error(
      `${what}: data holds ${m.data.length} floats but rows * width = ${m.rows} * ${m.width} = ${m.rows * m.width}`,
    );
  }
  checkFinite(m.data, m.width, what, rowOffset);
}

/**
 * Brings any {@link SaeInput} to an {@link ActivationSource}, checking shapes and values of
 * in-memory inputs (streams are checked batch by batch as they are read).
 *
 * @example
 * ```ts
 * const src = toActivationSource({ data: new Float32Array(6), shape: [2, 3] }, 'input');
 * // src.kind === 'memory', src.matrix.rows === 2
 * ```
 */
export function toActivationSource(input: SaeInput, what = 'input'): ActivationSource {
  if (input == null) throw new TypeError(`${what}: expected activations, got ${String(input)}`);
  if (typeof input === 'function') return { kind: 'stream', open: input };
  if (input instanceof tf.Tensor) {
    if (input.rank !== 2) throw new Error(`${what}: a tensor input must be 2-D [rows, width], got shape [${input.shape.join(', ')}]`);
    const [rows, width] = input.shape as [number, number];
    const matrix = { data: Float32Array.from(input.dataSync() as ArrayLike<number>), rows, width };
    checkMatrix(matrix, what);
    return { kind: 'memory', matrix };
  }
  if (typeof (input as AsyncIterable<ActivationBatch>)[Symbol.asyncIterator] === 'function') {
    const iterable = input as AsyncIterable<ActivationBatch>;
    return { kind: 'stream', open: () => iterable };
  }
  const obj = input as { data?: unknown; rows?: unknown; width?: unknown; shape?: unknown };
  let matrix: ActivationMatrix;
  if (Array.isArray(obj.shape)) {
    const shape = obj.shape as number[];
    if (shape.length !== 2) throw new Error(`${what}: shape must be [rows, width], got [${shape.join(', ')}]`);
    matrix = { data: obj.data as Float32Array, rows: shape[0]!, width: shape[1]! };
  } else if (typeof obj.rows === 'number' && typeof obj.width === 'number') {
    matrix = { data: obj.data as Float32Array, rows: obj.rows, width: obj.width };
  } else {
    throw new TypeError(
      `${what}: expected { data, rows, width }, { data, shape: [rows, width] }, a tf.Tensor2D or an AsyncIterable of batches`,
    );
  }
  checkMatrix(matrix, what);
  return { kind: 'memory', matrix };
}
