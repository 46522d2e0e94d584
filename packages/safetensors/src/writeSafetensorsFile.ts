import { checkTensorInput, type TensorInput, type TensorLayout } from './serializeSafetensors';
import { createSafetensorsWriter } from './createSafetensorsWriter';

/**
 * Writes tensors (and optional string metadata) to a safetensors file atomically: the data go to a temp
 * file in the same folder, which is renamed onto `path` only once complete, so readers never see a
 * half-written file. The bytes equal `serializeSafetensors`'s (from `@interp/safetensors`).
 *
 * @example
 * ```ts
 * import { writeSafetensorsFile } from '@interp/safetensors/node';
 * await writeSafetensorsFile('model.safetensors', { w: { shape: [2, 2], data: new Float32Array(4) } }, { step: '100' });
 * ```
 */
export async function writeSafetensorsFile(
  path: string,
  tensors: Record<string, TensorInput>,
  metadata: Record<string, string> = {},
): Promise<void> {
  const layout: Record<string, TensorLayout> = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    layout[name] = { dtype: checkTensorInput(name, tensor, path), shape: tensor.shape };
  }
  const writer = await createSafetensorsWriter(path, layout, metadata);
  try {
    for (const [name, tensor] of Object.entries(tensors)) {
      if (tensor.data.length > 0) await writer.write(name, tensor.data);
    }
    await writer.close();
  } catch (e) {
    await writer.abort();
    throw e;
  }
}
