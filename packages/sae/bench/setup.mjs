// The fixed costs of trainSae: what one epoch of TopK training costs outside its training loop (the
// checks and split, the worker threads' start, the initialisation of the parameters, the final train-row
// metrics and the SAE's construction), per dictionary size, beside the loop itself, with the page faults of
// the call (Linux: minor faults from /proc/self/stat; a fault is a fresh 4 KB page, about 3 ms per MB on this
// VM on first touch against 0.04 ms per MB when the memory is touched again). Usage (after
// `pnpm --filter @interp/sae... build`):
//   node bench/setup.mjs [--dsae 2048,16384] [--threads 2] [--rounds 2] [--activations file.safetensors]
// --activations: a safetensors file with a 2-D F32 tensor [rows, width] (a reference run's
// mlp_activations.safetensors); its last 800 rows are held out. Without it, a synthetic stand-in of the
// reference MLP's hidden layer (8000 x 512).
import { readFileSync } from 'node:fs';
import { selectBackend } from '@interp/backend';
import { readSafetensorsFile } from '@interp/safetensors/node';
import { makeSyntheticActivations, readArg } from './benchHelpers.mjs';
import { createRandom, trainSae } from '../dist/index.js';

const sizes = readArg('dsae', '2048,16384').split(',').map(Number);
const threads = Number(readArg('threads', '2'));
const rounds = Number(readArg('rounds', '2'));
/** Minor page faults of this process so far (undefined where /proc is missing). */
const minorFaults = () => {
  try {
    return Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[7]);
  } catch {
    return undefined;
  }
};

const info = await selectBackend({ backend: 'wasm' });
console.log(`backend: ${info.description}; node ${process.version}; trainSae threads ${threads}`);
let data;
let width = 512;
let rows = 8000;
const file = readArg('activations');
if (file) {
  const { tensors } = await readSafetensorsFile(file);
  const t = tensors.activations ?? Object.values(tensors).find((x) => x.shape.length === 2 && x.dtype === 'F32');
  if (!t) throw new Error(`${file}: no 2-D F32 tensor`);
  [rows, width] = t.shape;
  data = t.data;
  console.log(`activations: ${file} [${rows}, ${width}]`);
} else {
  data = makeSyntheticActivations(createRandom(7), rows, width);
  console.log(`activations: synthetic [${rows}, ${width}]`);
}
const held = 800;
const train = { data: data.subarray(0, (rows - held) * width), rows: rows - held, width };
const validation = { data: data.subarray((rows - held) * width, rows * width), rows: held, width };

for (let round = 1; round <= rounds; round++) {
  for (const dSae of sizes) {
    const faults = minorFaults();
    const started = performance.now();
    const { sae, history } = await trainSae(train, { dSae, architecture: { type: 'topk', k: 32 }, epochs: 1, batchSize: 256, seed: 42, threads, validation, adaptThreads: false });
    const wall = (performance.now() - started) / 1000;
    const faulted = faults === undefined ? undefined : minorFaults() - faults;
    sae.dispose();
    console.log(
      `round ${round}, dSae ${dSae}: ${wall.toFixed(2)} s in all; the training loop (1 epoch, ${history.totalSteps} steps) ${history.seconds.toFixed(2)} s; ` +
        `outside it ${(wall - history.seconds).toFixed(2)} s; page faults ${faulted ?? 'n/a'}${faulted === undefined ? '' : ` (${((faulted * 4) / 1024).toFixed(0)} MB)`}`,
    );
  }
}
