import type { SaeArchitectureOptions } from '@interp/sae';
import type { PipelineConfig } from './pipelineConfigSchema';

/**
 * The SAE architecture options the config selects: only the parameters of that architecture (`k` is the
 * k of topk/batchtopk/matryoshka and the target L0 of relu/jumprelu/gated, unless relu or gated get a fixed
 * `l1Coefficient`).
 *
 * @example
 * ```ts
 * import { presets, selectSaeArchitecture } from '@interp/pipeline';
 * selectSaeArchitecture(presets.quick.sae);                              // { type: 'topk', k: 16 }
 * selectSaeArchitecture({ ...presets.quick.sae, architecture: 'gated' }); // { type: 'gated', targetL0: 16 }
 * ```
 */
export function selectSaeArchitecture(sae: PipelineConfig['sae']): SaeArchitectureOptions {
  const a = sae.architecture;
  if (a === 'topk' || a === 'batchtopk' || a === 'matryoshka') return { type: a, k: sae.k };
  if ((a === 'relu' || a === 'gated') && sae.l1Coefficient !== 'auto') return { type: a, l1Coefficient: sae.l1Coefficient };
  return { type: a, targetL0: sae.k };
}
