/**
 * A stable 16-hex-digit fingerprint of model weights (two 32-bit FNV-1a hashes over names, shapes and the
 * float bytes), so an activations file records exactly which weights produced it.
 *
 * @example
 * ```ts
 * import { hashModelWeights } from '@interp/harvest';
 * hashModelWeights(model.getWeights()); // e.g. '9c1f03d2a4b7e610'
 * ```
 */
export function hashModelWeights(weights: Record<string, { shape: readonly number[]; data: Float32Array }>): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const mix = (byte: number) => {
    a = Math.imul(a ^ byte, 0x01000193);
    b = Math.imul(b ^ byte, 0x01000193) ^ (b >>> 15);
  };
  const text = new TextEncoder();
  for (const name of Object.keys(weights).sort()) {
    const w = weights[name] as { shape: readonly number[]; data: Float32Array };
    for (const byte of text.encode(`${name}:${w.shape.join('x')};`)) mix(byte);
    const bytes = new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength);
    for (let i = 0; i < bytes.length; i++) mix(bytes[i] as number);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
