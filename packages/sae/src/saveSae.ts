import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFilesAtomic, type AtomicFileContent } from '@interp/core/node';
import { deserializeSae } from './deserializeSae';
import { saeFileNames } from './saeFileNames';
import type { Sae } from './Sae';
import { serializeSae } from './serializeSae';

/**
 * Saves an SAE to a folder in the SAELens layout (`sae_weights.safetensors`, `cfg.json`,
 * `sparsity.safetensors` when the firing frequencies are known), written atomically together
 * (temp files, renamed into place only when all are complete). Python: `SAE.load_from_disk(dir)` in SAELens.
 *
 * @example
 * ```ts
 * import { saveSae, loadSae } from '@interp/sae/node';
 * await saveSae(sae, 'out/sae');
 * const again = await loadSae('out/sae');
 * ```
 */
export async function saveSae(
  sae: Sae,
  dir: string,
  options: { featureFrequency?: Float32Array; metadata?: Record<string, unknown> } = {},
): Promise<void> {
  const files = serializeSae(sae, options);
  const writes: Array<[string, AtomicFileContent]> = [[join(dir, saeFileNames.weights), files['sae_weights.safetensors']]];
  if (files['sparsity.safetensors']) writes.push([join(dir, saeFileNames.sparsity), files['sparsity.safetensors']]);
  writes.push([join(dir, saeFileNames.config), files['cfg.json']]);
  try {
    await writeFilesAtomic(writes);
  } catch (e) {
    throw new Error(`saveSae: ${(e as Error).message}`, { cause: e });
  }
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
 * Loads an SAE folder: saved by {@link saveSae} or by SAELens (`standard`, `topk`, `jumprelu`, `gated`; see
 * `deserializeSae`), or EleutherAI sparsify's `sae.safetensors` + `cfg.json`.
 *
 * @example
 * ```ts
 * import { loadSae } from '@interp/sae/node';
 * const sae = await loadSae('out/sae');
 * ```
 */
export async function loadSae(dir: string): Promise<Sae> {
  const cfg = await readOptional(join(dir, saeFileNames.config));
  const weights = await readOptional(join(dir, saeFileNames.weights));
  const sparsify = weights ? undefined : await readOptional(join(dir, 'sae.safetensors'));
  if (!weights && !sparsify) {
    throw new Error(`loadSae: ${join(dir, saeFileNames.weights)} does not exist (nor sae.safetensors of a sparsify SAE)`);
  }
  if (!cfg) throw new Error(`loadSae: ${join(dir, saeFileNames.config)} does not exist`);
  const sparsity = await readOptional(join(dir, saeFileNames.sparsity));
  try {
    return deserializeSae({
      'cfg.json': new TextDecoder().decode(cfg),
      ...(weights ? { 'sae_weights.safetensors': weights } : { 'sae.safetensors': sparsify! }),
      ...(sparsity ? { 'sparsity.safetensors': sparsity } : {}),
    });
  } catch (e) {
    throw new Error(`loadSae: ${dir}: ${(e as Error).message}`);
  }
}
