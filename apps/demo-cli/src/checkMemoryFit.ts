import type { PipelineConfig } from './pipelineConfig';
import { UsageError } from './UsageError';

/** What one process can address: the wasm backend's 32-bit heap (4 GiB), shared by every tensor. */
export const MEMORY_LIMIT_BYTES = 4 * 2 ** 30;

/** Width of the harvested activations at the configured hook. */
export function getHookWidth(config: PipelineConfig): number {
  const hook = config.harvest.hook;
  if (hook === 'input') return 10;
  if (hook === 'output') return 1;
  return hook.startsWith('hidden.') ? config.mlp.hiddenSize : config.mlp.bottleneckSize;
}

/** Bytes the largest steps need at least, from the configuration alone (float32 everywhere). */
export function estimateMemory(config: PipelineConfig): Array<{ step: string; bytes: number; what: string }> {
  const dIn = getHookWidth(config);
  const { dSae } = config.sae;
  const rows = config.data.train;
  const paramsOf = (n: number) => 2 * dIn * n + n + dIn;
  const params = paramsOf(dSae);
  // a sweep holds every SAE of its list at once
  const saes = config.sweep?.saes ?? [config.sae];
  const trainBytes = saes.reduce((sum, s) => sum + 4 * (4 * paramsOf(s.dSae) + 3 * (s.batchSize === 'auto' ? 4096 : s.batchSize) * s.dSae), 0);
  const batch = config.sae.batchSize === 'auto' ? 4096 : config.sae.batchSize;
  return [
    {
      step: 'train-sae',
      // weights, gradients and two Adam moments, plus a batch's pre-activations, activations and their gradients
      bytes: trainBytes,
      what:
        saes.length > 1
          ? `${saes.length} SAEs at once (dSae ${saes.map((s) => s.dSae).join(', ')}), each with gradients, Adam moments and its batch latents`
          : `${dIn} x ${dSae} encoder and decoder with gradients and Adam moments, and ${batch}-row batches of ${dSae} latents`,
    },
    {
      step: 'probe',
      // computed in the backend's heap and copied out to JavaScript: two copies at once
      bytes: 4 * (2 * rows * dSae + params),
      what: `the feature activations of ${rows} rows x ${dSae} features, in the backend and in JavaScript`,
    },
  ];
}

const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GB`;

/**
 * Fails before step 1 when a size cannot fit: the error names the field, the memory the step would
 * need and the limit.
 *
 * @example
 * ```ts
 * checkMemoryFit(presets.reference); // fine
 * ```
 * @throws UsageError naming `sae.dSae` (or `data.train`) and the memory it would need.
 */
export function checkMemoryFit(config: PipelineConfig, limit = MEMORY_LIMIT_BYTES): void {
  for (const need of estimateMemory(config)) {
    if (need.bytes > limit) {
      const field = need.step === 'probe' && config.data.train * 4 > limit / config.sae.dSae ? 'sae.dSae and data.train' : 'sae.dSae';
      throw new UsageError(
        `config field ${field}: sae.dSae ${config.sae.dSae} needs about ${gb(need.bytes)} in the ${need.step} step (${need.what}); the wasm backend addresses at most ${gb(limit)}. Use a smaller sae.dSae.`,
      );
    }
  }
}
