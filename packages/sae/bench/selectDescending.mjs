// The k-th largest of a row of floats as the SAE initialisation selects it (selectDescending: a heap pass from 8192
// floats on, else the quickselect) against the quickselect alone, interleaved, on normal floats: the TopK threshold of a
// sample row over dSae 2048 and 16384 (rank 31), a quantile bias (2048 rows, rank 4). Every sum is printed so that the
// two give the same values. Usage: node bench/selectDescending.mjs
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, '../node_modules/.cache/bench-select-descending.mjs');
await build({ stdin: { contents: `export { selectDescending, quickselectDescending } from './selectDescending'; export { createRandom } from './createRandom';`, resolveDir: join(here, '../src'), loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'error' });
const { selectDescending, quickselectDescending, createRandom } = await import(pathToFileURL(outfile).href);
const rng = createRandom(3);
for (const [n, rank, reps] of [[2048, 31, 2048], [16384, 31, 2048], [2048, 4, 16384]]) {
  const xs = Float32Array.from({ length: n * 8 }, () => rng.normal());
  const work = new Float32Array(n);
  for (const [name, f] of [['quickselect', quickselectDescending], ['selectDescending', selectDescending], ['quickselect', quickselectDescending], ['selectDescending', selectDescending]]) {
    let s = 0;
    const t = performance.now();
    for (let r = 0; r < reps; r++) s += f(xs, (r % 8) * n, n, rank, work);
    const ms = performance.now() - t;
    console.log(`n ${n} rank ${rank} x${reps}: ${name.padEnd(16)} ${ms.toFixed(0)} ms, ${((1000 * ms) / reps).toFixed(1)} us per call (sum ${s.toFixed(2)})`);
  }
}
