import * as tf from '@tensorflow/tfjs-core';

/**
 * Throws a message that says what to install when no TensorFlow.js backend is registered (instead of tfjs'
 * bare `No backend found in registry`). Called where `@interp/sae` first touches tfjs.
 *
 * @example
 * ```ts
 * import { assertBackend } from '@interp/sae';
 * assertBackend('trainSae'); // throws if neither @interp/backend nor a tfjs backend package is loaded
 * ```
 */
export function assertBackend(where: string): void {
  const registry = (tf.engine() as unknown as { registryFactory?: Record<string, unknown> }).registryFactory ?? {};
  if (Object.keys(registry).length > 0) return;
  throw new Error(
    `${where}: no TensorFlow.js backend is registered. Install one and select it before using @interp/sae: ` +
      "`npm install @interp/backend` then `import { selectBackend } from '@interp/backend'; await selectBackend();` " +
      "(wasm SIMD, multi-threaded), or `npm install @tensorflow/tfjs-backend-wasm` (or `@tensorflow/tfjs-backend-cpu`) and import it.",
  );
}
