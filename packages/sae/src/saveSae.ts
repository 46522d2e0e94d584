import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserializeSae } from './deserializeSae';
import type { Sae } from './Sae';
import { serializeSae } from './serializeSae';

async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new Error(`saveSae: could not write ${path}: ${(e as Error).message}`);
  }
}

/**
 * Saves an SAE to a folder in the SAELens layout (`sae_weights.safetensors`, `cfg.json`,
 * `sparsity.safetensors` when the firing frequencies are known), every file written atomically
 * (temp file, then rename). Python: `SAE.load_from_disk(dir)` in SAELens.
 *
 * @example
 * ```ts
 * import { saveSae, loadSae } from '@interp/sae/node';
 * await saveSae(sae, 'out/sae');
 * const again = await loadSae('out/sae');
 * ```
 */
export async function saveSae(sae: Sae, dir: string, options: { featureFrequency?: Float32Array } = {}): Promise<void> {
  const files = serializeSae(sae, options);
  await mkdir(dir, { recursive: true });
  await writeAtomic(join(dir, 'sae_weights.safetensors'), files['sae_weights.safetensors']);
  if (files['sparsity.safetensors']) await writeAtomic(join(dir, 'sparsity.safetensors'), files['sparsity.safetensors']);
  await writeAtomic(join(dir, 'cfg.json'), files['cfg.json']);
}

async function readOptional(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`loadSae: could not read ${path}: ${(e as Error).message}`);
  }
}

/**
 * Loads an SAE saved by {@link saveSae} (or by SAELens: standard/ReLU and TopK SAEs) from a folder.
 *
 * @example
 * ```ts
 * import { loadSae } from '@interp/sae/node';
 * const sae = await loadSae('out/sae');
 * ```
 */
export async function loadSae(dir: string): Promise<Sae> {
  const weights = await readOptional(join(dir, 'sae_weights.safetensors'));
  if (!weights) throw new Error(`loadSae: ${join(dir, 'sae_weights.safetensors')} does not exist`);
  const cfg = await readOptional(join(dir, 'cfg.json'));
  if (!cfg) throw new Error(`loadSae: ${join(dir, 'cfg.json')} does not exist`);
  const sparsity = await readOptional(join(dir, 'sparsity.safetensors'));
  try {
    return deserializeSae({
      'sae_weights.safetensors': weights,
      'cfg.json': new TextDecoder().decode(cfg),
      ...(sparsity ? { 'sparsity.safetensors': sparsity } : {}),
    });
  } catch (e) {
    throw new Error(`loadSae: ${dir}: ${(e as Error).message}`);
  }
}
