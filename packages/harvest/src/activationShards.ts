import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { readNpyChunks, readNpyInfo } from '@interp/npy/node';
import { decodeBFloat16, decodeFloat16, type SafetensorsEntry, type TypedArray } from '@interp/safetensors';
import { readSafetensorsHeader, readTensorChunks } from '@interp/safetensors/node';
import { ACTIVATIONS_TENSOR } from './activationsFile';

/**
 * One file of activations: a safetensors tensor, a `.npy` array or an array of an `.npz`.
 *
 * @example
 * ```ts
 * import { readActivationsInfo, type ActivationShard } from '@interp/harvest/node';
 * const { shards } = await readActivationsInfo('out/shards/');
 * for (const s of shards ?? []) {
 *   const shard: ActivationShard = s;
 *   console.log(shard.path, shard.format, shard.dtype, `${shard.rows} x ${shard.width}`);
 * }
 * ```
 */
export interface ActivationShard {
  path: string;
  format: 'safetensors' | 'npy' | 'npz';
  /** The tensor (safetensors) or array (`.npz`) read; `undefined` for a `.npy` file. */
  tensor: string | undefined;
  /** The file's element type as written (`F32`, `f2`, ...); values are read as float32. */
  dtype: string;
  /** The stored shape; every dimension but the last is flattened into rows. */
  shape: number[];
  rows: number;
  width: number;
  /** The safetensors metadata (empty for NumPy files). */
  metadata: Record<string, string>;
}

/**
 * The file extensions read as activation shards.
 *
 * @example
 * ```ts
 * import { ACTIVATION_FILE_EXTENSIONS } from '@interp/harvest/node';
 * const isShard = (name: string) => ACTIVATION_FILE_EXTENSIONS.some((ext) => name.endsWith(ext)); // .safetensors, .npy, .npz
 * ```
 */
export const ACTIVATION_FILE_EXTENSIONS: readonly string[] = ['.safetensors', '.npy', '.npz'];

function fail(path: string, message: string): never {
  throw new Error(`harvest: ${path}: ${message}`);
}

function shapeToRows(path: string, shape: readonly number[], what: string): { rows: number; width: number } {
  if (shape.length < 2) fail(path, `${what} has shape [${shape.join(', ')}]; activations need at least 2 dimensions ([rows, width] or [batch, positions, width])`);
  const width = shape[shape.length - 1]!;
  if (width < 1) fail(path, `${what} has width 0`);
  return { rows: shape.slice(0, -1).reduce((a, d) => a * d, 1), width };
}

const FLOAT_DTYPES = ['F32', 'F16', 'BF16', 'F64'];

/**
 * Describes one activation file: a safetensors file (tensor `activations`, or its only float tensor, or
 * `tensor`), a `.npy` file, or an `.npz` (array `activations`, its only array, or `tensor`). Arrays of
 * more than 2 dimensions (`[batch, positions, width]`) are flattened to rows.
 *
 * @example
 * ```ts
 * import { describeActivationFile } from '@interp/harvest/node';
 * const { rows, width, format } = await describeActivationFile('acts.npy');
 * ```
 */
export async function describeActivationFile(path: string, options: { tensor?: string } = {}): Promise<ActivationShard> {
  const ext = extname(path).toLowerCase();
  if (ext === '.npy' || ext === '.npz') {
    const infos = await readNpyInfo(path);
    if (infos.length === 0) fail(path, 'the archive holds no arrays');
    const names = infos.map((i) => JSON.stringify(i.name ?? 'arr_0')).join(', ');
    const pick =
      options.tensor !== undefined
        ? infos.find((i) => i.name === options.tensor)
        : infos.length === 1
          ? infos[0]
          : infos.find((i) => i.name === ACTIVATIONS_TENSOR);
    if (!pick) fail(path, options.tensor !== undefined ? `no array named ${JSON.stringify(options.tensor)}; it has ${names}` : `holds ${names}; name the one to read (e.g. --tensor)`);
    const { rows, width } = shapeToRows(path, pick.header.shape, `array ${JSON.stringify(pick.name ?? 'arr_0')}`);
    return { path, format: ext === '.npy' ? 'npy' : 'npz', tensor: pick.name, dtype: pick.header.dtype, shape: pick.header.shape, rows, width, metadata: {} };
  }
  if (ext !== '.safetensors') fail(path, `unknown activation file type ${JSON.stringify(ext || '(none)')}; expected ${ACTIVATION_FILE_EXTENSIONS.join(', ')} or a folder of them`);
  const header = await readSafetensorsHeader(path);
  const entries = Object.entries(header.entries) as Array<[string, SafetensorsEntry]>;
  if (entries.length === 0) fail(path, 'holds no tensors');
  let name = options.tensor;
  if (name === undefined) {
    const floats = entries.filter(([, e]) => FLOAT_DTYPES.includes(e.dtype));
    name = header.entries[ACTIVATIONS_TENSOR] ? ACTIVATIONS_TENSOR : floats.length === 1 ? floats[0]![0] : undefined;
    if (name === undefined) fail(path, `holds ${entries.map(([n]) => JSON.stringify(n)).join(', ')}; name the tensor to read (e.g. --tensor)`);
  }
  const entry = header.entries[name];
  if (!entry) fail(path, `no tensor named ${JSON.stringify(name)}; it has ${entries.map(([n]) => JSON.stringify(n)).join(', ')}`);
  if (!FLOAT_DTYPES.includes(entry.dtype)) fail(path, `tensor ${JSON.stringify(name)} has dtype ${entry.dtype}; activations must be F32, F16, BF16 or F64`);
  const { rows, width } = shapeToRows(path, entry.shape, `tensor ${JSON.stringify(name)}`);
  for (const [key, value] of [['rows', rows], ['width', width]] as const) {
    if (name === ACTIVATIONS_TENSOR && header.metadata[key] !== undefined && header.metadata[key] !== String(value)) {
      fail(path, `metadata ${key} = ${header.metadata[key]} but the ${ACTIVATIONS_TENSOR} tensor has ${value}`);
    }
  }
  return { path, format: 'safetensors', tensor: name, dtype: entry.dtype, shape: [...entry.shape], rows, width, metadata: { ...header.metadata } };
}

/**
 * The activation shards of a path: the file itself, or every `.safetensors`, `.npy` and `.npz` file of a
 * folder in natural name order (`shard2` before `shard10`; hidden files skipped). Every shard must have
 * the same width; an empty folder is an error.
 *
 * @example
 * ```ts
 * import { listActivationShards } from '@interp/harvest/node';
 * const shards = await listActivationShards('harvest/'); // [{ path: 'harvest/part-0.npy', rows: 4096, width: 512, ... }, ...]
 * ```
 */
export async function listActivationShards(path: string, options: { tensor?: string } = {}): Promise<ActivationShard[]> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (e) {
    fail(path, `cannot open for reading: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message}`);
  }
  if (!isDir) return [await describeActivationFile(path, options)];
  const names = (await readdir(path))
    .filter((n) => !n.startsWith('.') && ACTIVATION_FILE_EXTENSIONS.includes(extname(n).toLowerCase()))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (names.length === 0) fail(path, `the folder holds no activation files (${ACTIVATION_FILE_EXTENSIONS.join(', ')})`);
  const shards: ActivationShard[] = [];
  for (const n of names) {
    const shard = await describeActivationFile(join(path, n), options);
    const first = shards[0];
    if (first && shard.width !== first.width) fail(shard.path, `width ${shard.width} differs from ${first.path}'s ${first.width}; every shard of a folder must have the same width`);
    shards.push(shard);
  }
  return shards;
}

function toFloat32(data: TypedArray, dtype: string): Float32Array {
  if (data instanceof Float32Array) return data;
  if (dtype === 'F16') return decodeFloat16(data as Uint16Array);
  if (dtype === 'BF16') return decodeBFloat16(data as Uint16Array);
  return Float32Array.from(data as Float64Array);
}

/** Streams one shard as `[rows, width]` float32 blocks (one stored first-dimension chunk at a time). */
export async function* readShardBlocks(shard: ActivationShard, rowsPerRead: number): AsyncGenerator<Float32Array> {
  const perFirst = shard.shape.length <= 1 ? 1 : shard.shape.slice(1, -1).reduce((a, d) => a * d, 1);
  const firstRows = Math.max(1, Math.floor(rowsPerRead / perFirst));
  if (shard.format === 'safetensors') {
    for await (const chunk of readTensorChunks(shard.path, shard.tensor!, firstRows)) yield toFloat32(chunk.data, shard.dtype);
  } else {
    for await (const chunk of readNpyChunks(shard.path, firstRows, shard.format === 'npz' ? { name: shard.tensor! } : {})) {
      yield chunk.data instanceof Float32Array ? chunk.data : Float32Array.from(chunk.data);
    }
  }
}
