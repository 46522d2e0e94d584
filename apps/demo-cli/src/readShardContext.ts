import { ROW_CONTEXT_TENSORS, type ActivationShard } from '@interp/harvest/node';
import type { SafetensorsDtype } from '@interp/safetensors';
import { readSafetensorsHeader, readTensorChunks } from '@interp/safetensors/node';
import type { RowContext } from '@interp/viz';

const INTEGER_DTYPES: readonly SafetensorsDtype[] = ['I8', 'I16', 'I32', 'I64', 'U8', 'U16', 'U32', 'U64'];

/** Rows chunked per read of a context tensor (4 MB of I32). */
const CHUNK = 1 << 20;

/**
 * The context of the `wanted` rows (global row indices over all shards) that the activation files
 * themselves give, without reading their activations:
 * - integer tensors `example`, `position`, `token` ({@link ROW_CONTEXT_TENSORS}) of a safetensors shard,
 *   one value per row (shape `[rows]`, or `[batch, positions]` for `[batch, positions, width]` activations);
 * - else, for activations of 3 or more dimensions (`[batch, positions, width]`, from a `.npy` too), the
 *   example and position each row was flattened from (examples counted over the shards in order).
 *
 * @example
 * ```ts
 * const { info } = await describeActivationPath('acts.safetensors');
 * const context = await readShardContext(info.shards ?? [], [17, 4096]); // Map { 17 => { example: 0, position: 17, token: 464 }, ... }
 * ```
 * @throws Error naming the file and tensor when a context tensor is not an integer tensor of one value per row.
 */
export async function readShardContext(shards: readonly ActivationShard[], wanted: readonly number[]): Promise<Map<number, RowContext>> {
  const sorted = [...new Set(wanted)].sort((a, b) => a - b);
  const out = new Map<number, RowContext>();
  const at = (row: number): RowContext => {
    let c = out.get(row);
    if (!c) out.set(row, (c = {}));
    return c;
  };
  let base = 0;
  let exampleBase = 0;
  for (const shard of shards) {
    const here = sorted.filter((r) => r >= base && r < base + shard.rows);
    const positions = shard.shape.length >= 3 ? shard.rows / shard.shape[0]! : 0;
    const found = new Set<string>();
    if (shard.format === 'safetensors' && here.length > 0) {
      const header = await readSafetensorsHeader(shard.path);
      for (const [field, name] of Object.entries(ROW_CONTEXT_TENSORS) as Array<[keyof typeof ROW_CONTEXT_TENSORS, string]>) {
        const entry = header.entries[name];
        if (!entry || name === shard.tensor) continue;
        const count = entry.shape.reduce((a, d) => a * d, 1);
        if (!INTEGER_DTYPES.includes(entry.dtype) || count !== shard.rows) {
          throw new Error(
            `${shard.path}: tensor ${JSON.stringify(name)} is ${entry.dtype} [${entry.shape.join(', ')}]; a row context tensor must be an integer tensor of one value per activation row (${shard.rows})`,
          );
        }
        found.add(field);
        const rowLength = entry.shape.slice(1).reduce((a, d) => a * d, 1);
        let i = 0;
        for await (const chunk of readTensorChunks(shard.path, name, Math.max(1, Math.floor(CHUNK / rowLength)))) {
          const start = chunk.rowStart * rowLength;
          const end = start + chunk.data.length;
          for (; i < here.length && here[i]! - base < end; i += 1) at(here[i]!)[field] = Number(chunk.data[here[i]! - base - start]!);
        }
      }
    }
    if (positions > 0) {
      for (const r of here) {
        const local = r - base;
        const c = at(r);
        if (!found.has('example')) c.example = exampleBase + Math.floor(local / positions);
        if (!found.has('position')) c.position = local % positions;
      }
      exampleBase += shard.shape[0]!;
    }
    base += shard.rows;
  }
  return out;
}
