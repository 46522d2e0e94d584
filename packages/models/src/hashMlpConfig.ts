import type { MlpConfig } from './mlpConfig';

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/**
 * A stable 16-hex-digit hash (FNV-1a 64 over canonical JSON) of an MLP
 * configuration; harvest metadata uses it to tie activations to a model shape.
 *
 * @example
 * ```ts
 * hashMlpConfig(defaultMlpConfig); // e.g. '3f6c0c1a9e2b4d17', the same everywhere
 * ```
 */
export function hashMlpConfig(config: MlpConfig): string {
  const canonical = JSON.stringify({
    inputSize: config.inputSize,
    hiddenSize: config.hiddenSize,
    bottleneckSize: config.bottleneckSize,
    outputSize: config.outputSize,
    hiddenActivation: config.hiddenActivation,
    bottleneckActivation: config.bottleneckActivation,
    inputScale: config.inputScale,
    inputShift: config.inputShift,
  });
  let h = FNV_OFFSET;
  const bytes = new TextEncoder().encode(canonical);
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * FNV_PRIME) & MASK;
  }
  return h.toString(16).padStart(16, '0');
}
