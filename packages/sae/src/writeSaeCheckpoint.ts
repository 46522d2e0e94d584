import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@interp/core/node';
import { parseSafetensors, serializeSafetensors } from '@interp/safetensors';
import type { SaeCheckpoint } from './SaeCheckpoint';

const ARRAYS = ['parameters', 'adamM', 'adamV', 'lastFired', 'dead', 'trainOrder'] as const;

/** JSON with Float32Arrays kept (the history's metrics hold some) as `{ "$f32": [...] }`. */
const replacer = (_key: string, value: unknown): unknown => (value instanceof Float32Array ? { $f32: Array.from(value) } : value);
const reviver = (_key: string, value: unknown): unknown =>
  value !== null && typeof value === 'object' && '$f32' in value ? Float32Array.from((value as { $f32: number[] }).$f32) : value;

/**
 * Writes a {@link SaeCheckpoint} to one safetensors file, atomically (a temp file renamed into place, so a crash
 * leaves the previous checkpoint intact): the parameters, Adam moments, `lastFired` (F64), `dead` and the row
 * order (I32) as tensors, everything else as JSON in the `__metadata__` entry `checkpoint`.
 *
 * @example
 * ```ts
 * import { trainSae } from '@interp/sae';
 * import { readSaeCheckpoint, writeSaeCheckpoint } from '@interp/sae/node';
 * const options = { epochs: 30, seed: 1, checkpointEvery: 500, onCheckpoint: (c) => writeSaeCheckpoint(c, 'run.ckpt') };
 * await trainSae(data, options); // killed half way...
 * await trainSae(data, { ...options, resumeFrom: await readSaeCheckpoint('run.ckpt') }); // ...and finished
 * ```
 */
export async function writeSaeCheckpoint(checkpoint: SaeCheckpoint, file: string): Promise<void> {
  const { parameters, adamM, adamV, lastFired, dead, trainOrder, ...rest } = checkpoint;
  const tensors = {
    parameters: { dtype: 'F32' as const, shape: [parameters.length], data: parameters },
    adamM: { dtype: 'F32' as const, shape: [adamM.length], data: adamM },
    adamV: { dtype: 'F32' as const, shape: [adamV.length], data: adamV },
    lastFired: { dtype: 'F64' as const, shape: [lastFired.length], data: lastFired },
    dead: { dtype: 'I32' as const, shape: [dead.length], data: dead },
    ...(trainOrder ? { trainOrder: { dtype: 'I32' as const, shape: [trainOrder.length], data: trainOrder } } : {}),
  };
  await writeFileAtomic(file, serializeSafetensors(tensors, { checkpoint: JSON.stringify(rest, replacer) }));
}

/**
 * Reads a checkpoint written by {@link writeSaeCheckpoint}, for `trainSae(input, { resumeFrom })`.
 *
 * @example
 * ```ts
 * const resumeFrom = await readSaeCheckpoint('run.ckpt');
 * ```
 */
export async function readSaeCheckpoint(file: string): Promise<SaeCheckpoint> {
  const parsed = parseSafetensors(new Uint8Array(await readFile(file)), { source: file });
  const json = parsed.metadata.checkpoint;
  if (json === undefined) throw new Error(`readSaeCheckpoint: ${file} has no "checkpoint" metadata entry (not written by writeSaeCheckpoint)`);
  const rest = JSON.parse(json, reviver) as Omit<SaeCheckpoint, (typeof ARRAYS)[number]>;
  const get = (name: (typeof ARRAYS)[number]) => parsed.tensors[name]?.data;
  const need = <T>(name: (typeof ARRAYS)[number], type: new (...a: never[]) => T): T => {
    const data = get(name);
    if (!(data instanceof type)) throw new Error(`readSaeCheckpoint: ${file} lacks the ${name} tensor of the right dtype`);
    return data;
  };
  const trainOrder = get('trainOrder');
  return {
    ...rest,
    parameters: need('parameters', Float32Array),
    adamM: need('adamM', Float32Array),
    adamV: need('adamV', Float32Array),
    lastFired: need('lastFired', Float64Array),
    dead: need('dead', Int32Array),
    ...(trainOrder instanceof Int32Array ? { trainOrder } : {}),
  };
}
