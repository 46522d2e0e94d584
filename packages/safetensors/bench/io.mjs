// Throughput of @interp/safetensors on an [8000, 512] F32 tensor (16 MB), the size of a reference harvest.
// Run after `pnpm --filter @interp/safetensors build`:  pnpm --filter @interp/safetensors bench
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSafetensors, serializeSafetensors } from '../dist/index.js';
import {
  createSafetensorsWriter,
  readSafetensorsFile,
  readTensorChunks,
  writeSafetensorsFile,
} from '../dist/node.js';

const rows = 8000;
const width = 512;
const data = Float32Array.from({ length: rows * width }, (_, i) => (i % 997) / 997);
const mb = data.byteLength / 1e6;
const dir = await mkdtemp(join(tmpdir(), 'safetensors-bench-'));

async function time(label, fn, repeats = 5) {
  await fn();
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) await fn();
  const ms = (performance.now() - t0) / repeats;
  console.log(`${label.padEnd(46)} ${ms.toFixed(1).padStart(7)} ms  ${(mb / (ms / 1000)).toFixed(0).padStart(6)} MB/s`);
}

try {
  const path = join(dir, 'acts.safetensors');
  const tensors = { activations: { shape: [rows, width], data } };
  console.log(`tensor [${rows}, ${width}] F32 = ${mb.toFixed(1)} MB, node ${process.version}`);
  await time('serializeSafetensors (memory)', () => serializeSafetensors(tensors));
  const bytes = serializeSafetensors(tensors);
  await time('parseSafetensors (memory, zero-copy)', () => parseSafetensors(bytes));
  await time('writeSafetensorsFile (atomic)', () => writeSafetensorsFile(path, tensors));
  await time('readSafetensorsFile', () => readSafetensorsFile(path));
  await time('createSafetensorsWriter, 16 chunks of 500 rows', async () => {
    const w = await createSafetensorsWriter(path, { activations: { dtype: 'F32', shape: [rows, width] } });
    for (let r = 0; r < rows; r += 500) await w.write('activations', data.subarray(r * width, (r + 500) * width));
    await w.close();
  });
  await time('readTensorChunks, 1024 rows per chunk', async () => {
    for await (const _ of readTensorChunks(path, 'activations', 1024));
  });
} finally {
  await rm(dir, { recursive: true, force: true });
}
