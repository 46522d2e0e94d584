// sweep (topk k=8,16,32 + relu) vs four separate trainSae runs on one in-memory activations matrix
import { selectBackend } from '@interp/backend';
import { trainSae, trainSaes } from '@interp/sae';
await selectBackend({ onWarning: () => {} });
const rows = Number(process.env.ROWS ?? 20000), width = 64;
let s = 1;
const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const dirs = Array.from({ length: 256 }, () => Array.from({ length: width }, () => rand() - 0.5));
const data = new Float32Array(rows * width);
for (let r = 0; r < rows; r++) for (let a = 0; a < 4; a++) { const f = dirs[Math.floor(rand() * 256)], c = rand(); for (let d = 0; d < width; d++) data[r * width + d] += c * f[d]; }
const shared = { dSae: 256, epochs: 5, batchSize: 256, seed: 1, threads: 1 };
const entries = [8, 16, 32].map((k) => ({ architecture: { type: 'topk', k } })).concat([{ architecture: { type: 'relu', l1Coefficient: 0.5 } }]);
// count the batches gathered: wrap the input in a stream that counts rows read
let rowsRead = 0;
const stream = () => (async function* () { for (let r = 0; r < rows; r += 4096) { const n = Math.min(4096, rows - r); rowsRead += n; yield { data: data.subarray(r * width, (r + n) * width), rows: n, width }; } })();
const mode = process.argv[2];
const t0 = performance.now();
if (mode === 'sweep') {
  const { rows: out, batchesRead } = await trainSaes(process.env.STREAM ? stream : { data, rows, width }, entries, shared);
  console.log(JSON.stringify({ mode, seconds: (performance.now() - t0) / 1000, batchesRead, rowsRead, rows: out.map((r) => ({ label: r.label, fve: +r.fve.toFixed(4), l0: +r.l0.toFixed(2), dead: +r.deadFraction.toFixed(3) })) }));
} else {
  const res = [];
  for (const e of entries) {
    const { history } = await trainSae(process.env.STREAM ? stream : { data, rows, width }, { ...shared, ...e });
    const m = history.evaluations.at(-1).metrics;
    res.push({ arch: history.architecture.type, steps: history.totalSteps, fve: +m.fve.toFixed(4), l0: +m.l0.toFixed(2) });
  }
  console.log(JSON.stringify({ mode, seconds: (performance.now() - t0) / 1000, rowsRead, res }));
}
