// Scoring time for 2048 features x 8000 rows of synthetic sparse activations.
// Run after `pnpm --filter @interp/probe... build`: node bench/scoreFeatures.mjs [features] [rows]
import { generateDataset } from '@interp/dataset';
import { createRng } from '@interp/dataset';
import { buildConcepts, scoreFeatures } from '../dist/index.js';

const dSae = Number(process.argv[2] ?? 2048);
const rows = Number(process.argv[3] ?? 8000);
const data = generateDataset({ rows, seed: 1 });
const rng = createRng(7);
const { p1, p2, a, b, target } = data.latents;
// A mix: a quarter of the features follow a (noisy) concept, the rest fire at random with
// log-uniform frequencies between 0.05% and 20% (about 60 active features per row).
const acts = new Float32Array(rows * dSae);
for (let j = 0; j < dSae; j++) {
  const kind = j % 4;
  const freq = 10 ** (-3.3 + 2.6 * rng.next());
  const k = rng.nextInt(4);
  const v = 1 + rng.nextInt(9);
  for (let r = 0; r < rows; r++) {
    let on;
    if (kind === 0) on = (p1[r] === k && a[r] >= v) !== rng.next() < 0.01;
    else if (kind === 1) on = p2[r] === k && (b[r] < v || rng.next() < 0.1);
    else on = rng.next() < freq;
    if (on) acts[r * dSae + j] = 0.1 + rng.next();
  }
}
let l0 = 0;
for (let k = 0; k < acts.length; k++) if (acts[k] > 0) l0++;
const t0 = performance.now();
const concepts = buildConcepts(data);
const t1 = performance.now();
const scores = scoreFeatures(acts, data, { concepts });
const t2 = performance.now();
console.log(
  `scoreFeatures: ${dSae} features x ${rows} rows (L0 ${(l0 / rows).toFixed(1)}), ${concepts.names.length} singles, ` +
    `${scores.eligiblePairs} eligible pairs: concepts ${(t1 - t0).toFixed(0)} ms, scoring ${((t2 - t1) / 1000).toFixed(2)} s; ` +
    `scored ${scores.scoredCount}, monosemantic ${scores.monosemanticCount} (${(100 * scores.monosemanticShare).toFixed(1)}%)`,
);
