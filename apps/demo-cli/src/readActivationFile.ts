import { stat } from 'node:fs/promises';
import { readActivations, readActivationsInfo, type ActivationsInfo } from '@interp/harvest/node';

/** Activations read from a file or folder, with where they came from. */
export interface ActivationFile {
  data: Float32Array;
  rows: number;
  width: number;
  /** The hook recorded in a harvest file, or the `--hook` that selected the tensor. */
  hook?: string;
  /** `FILE (npy f4 [rows, width])` or `DIR (n shards)`, for logs. */
  describe: string;
  info: ActivationsInfo;
}

/**
 * Picks what to read: `tensor` when given; else `hook` when the file holds a tensor (or `.npz` array)
 * of that name; else the file's activations tensor (or its only float tensor).
 */
async function readInfo(path: string, tensor: string | undefined, hook: string | undefined): Promise<{ info: ActivationsInfo; tensor?: string }> {
  if (tensor !== undefined) return { info: await readActivationsInfo(path, { tensor }), tensor };
  if (hook !== undefined) {
    try {
      return { info: await readActivationsInfo(path, { tensor: hook }), tensor: hook };
    } catch {
      // no tensor named after the hook: the hook only names what the activations are
    }
  }
  return { info: await readActivationsInfo(path) };
}

/**
 * Reads any activations path for the CLI (a safetensors, `.npy` or `.npz` file, or a folder of shards),
 * rejecting an empty file or one without rows with an error that names it.
 *
 * @example
 * ```ts
 * const acts = await readActivationFile('acts.npy', undefined, 'blocks.0.hook_resid_post');
 * ```
 * @throws Error naming the file and the problem (empty, no rows, unknown type, NaN at row and column, ...).
 */
export async function readActivationFile(path: string, tensor?: string, hook?: string): Promise<ActivationFile> {
  const described = await describeActivationPath(path, tensor, hook);
  const acts = await readActivations(path, described.tensor === undefined ? {} : { tensor: described.tensor });
  return { data: acts.data, rows: acts.rows, width: acts.width, ...(described.hook ? { hook: described.hook } : {}), describe: described.describe, info: described.info };
}

/** What {@link describeActivationPath} finds: the activations' size and source, without their data. */
export interface ActivationPathInfo {
  rows: number;
  width: number;
  /** The tensor (or `.npz` array) read, when chosen by name. */
  tensor?: string;
  hook?: string;
  describe: string;
  info: ActivationsInfo;
}

/**
 * Checks an activations path and reads its headers only (see {@link readActivationFile}): for streaming a
 * folder larger than memory.
 *
 * @example
 * ```ts
 * const { rows, width } = await describeActivationPath('shards/');
 * ```
 * @throws Error naming the file and the problem (empty, no rows, unknown type, ...).
 */
export async function describeActivationPath(path: string, tensor?: string, hook?: string): Promise<ActivationPathInfo> {
  let size: number;
  let isDir: boolean;
  try {
    const s = await stat(path);
    size = s.size;
    isDir = s.isDirectory();
  } catch (error) {
    throw new Error(`${path}: cannot read activations: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message}`);
  }
  if (!isDir && size === 0) throw new Error(`${path}: the file is empty (0 bytes); expected activations in safetensors, .npy or .npz`);
  const picked = await readInfo(path, tensor, hook);
  const { info } = picked;
  if (info.rows === 0) {
    const shape = info.shards?.[0]?.shape ?? [0, info.width];
    throw new Error(`${path}: holds no activation rows (shape [${shape.join(', ')}]); an SAE needs at least 2`);
  }
  const shards = info.shards ?? [];
  const first = shards[0];
  const describe =
    shards.length > 1
      ? `${path} (${shards.length} shards)`
      : `${path}${first ? ` (${first.format}${first.tensor === undefined ? '' : ` ${JSON.stringify(first.tensor)}`} ${first.dtype} [${first.shape.join(', ')}])` : ''}`;
  const found = hook ?? (info.hook || undefined) ?? picked.tensor;
  return { rows: info.rows, width: info.width, ...(picked.tensor === undefined ? {} : { tensor: picked.tensor }), ...(found ? { hook: found } : {}), describe, info };
}
