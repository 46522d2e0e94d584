import { saeFileNames, serializeSae, type Sae } from '@interp/sae';

/**
 * An SAE's files in the SAELens layout, as `[file name, content]` pairs (weights, then sparsity when there are
 * firing frequencies, then cfg.json), with `provenance` recorded in cfg.json under `interp.provenance`.
 *
 * @example
 * ```ts
 * const files = serializeSaeFiles(sae, { featureFrequency, provenance: { seed: 1, backend: 'wasm' } });
 * files.map(([name]) => name); // ['sae_weights.safetensors', 'sparsity.safetensors', 'cfg.json']
 * ```
 */
export function serializeSaeFiles(
  sae: Sae,
  options: { featureFrequency: Float32Array; provenance: Record<string, unknown>; datasetPath?: string },
): Array<[string, string | Uint8Array]> {
  const files = serializeSae(sae, { featureFrequency: options.featureFrequency, ...(options.datasetPath === undefined ? {} : { metadata: { dataset_path: options.datasetPath } }) });
  const cfgFile = files[saeFileNames.config];
  const cfg = JSON.parse(typeof cfgFile === 'string' ? cfgFile : new TextDecoder().decode(cfgFile)) as { interp?: Record<string, unknown> };
  cfg.interp = { ...cfg.interp, provenance: options.provenance };
  const out: Array<[string, string | Uint8Array]> = [[saeFileNames.weights, files[saeFileNames.weights]]];
  const sparsity = files[saeFileNames.sparsity];
  if (sparsity) out.push([saeFileNames.sparsity, sparsity]);
  out.push([saeFileNames.config, `${JSON.stringify(cfg, null, 2)}\n`]);
  return out;
}
