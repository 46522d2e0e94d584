// Streaming xlsx throughput: writes N generated rows with writeDatasetXlsx (rows
// produced lazily, never held in memory) and streams them back with
// streamDatasetXlsx. Prints rows/s of both and the peak resident memory.
// Then the reference train split (8000 rows in memory) three ways, interleaved 5 times (best of each): written
// directly (writeDatasetXlsx on a split), the same rows through exceljs' streaming writer (a plain array of rows),
// and read back (readDatasetXlsx, its fast reader).
// Usage: node bench/xlsx.mjs [rows=1000000]
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, generateDataset, getRow } from '../dist/index.js';
import { readDatasetXlsx, streamDatasetXlsx, writeDatasetXlsx } from '../dist/node.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = await mkdtemp(join(tmpdir(), 'interp-xlsx-bench-'));
const path = join(dir, 'bench.xlsx');
let peakRss = 0;
const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

function* generate(n) {
  const rng = createRng(1);
  for (let r = 0; r < n; r++) {
    const row = new Array(10);
    for (let i = 0; i < 10; i++) row[i] = rng.nextInt(i === 4 || i === 9 ? 4 : 10);
    yield row;
  }
}

let t = performance.now();
await writeDatasetXlsx(path, generate(rows));
const writeS = (performance.now() - t) / 1000;
const size = (await stat(path)).size;
t = performance.now();
let read = 0;
let checksum = 0;
for await (const batch of streamDatasetXlsx(path, { batchRows: 8192 })) {
  read += batch.rows;
  for (const v of batch.targets) checksum += v;
}
const readS = (performance.now() - t) / 1000;
clearInterval(sample);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
if (read !== rows) throw new Error(`read ${read} rows, wrote ${rows}`);
console.log(`xlsx rows: ${rows.toLocaleString('en')} (${(size / 1e6).toFixed(1)} MB, target checksum ${checksum})`);
console.log(`write: ${(rows / writeS).toFixed(0)} rows/s (${writeS.toFixed(1)} s)`);
console.log(`read:  ${(rows / readS).toFixed(0)} rows/s (${readS.toFixed(1)} s)`);
console.log(`peak RSS: ${(peakRss / 2 ** 20).toFixed(0)} MiB`);

const split = generateDataset({ rows: 8000, seed: 1 });
const plainRows = Array.from({ length: split.rows }, (_, r) => getRow(split, r));
const best = { direct: Infinity, exceljs: Infinity, read: Infinity };
for (let rep = 0; rep < 5; rep++) {
  t = performance.now();
  await writeDatasetXlsx(join(dir, 'direct.xlsx'), split);
  best.direct = Math.min(best.direct, performance.now() - t);
  t = performance.now();
  await writeDatasetXlsx(join(dir, 'exceljs.xlsx'), plainRows);
  best.exceljs = Math.min(best.exceljs, performance.now() - t);
  t = performance.now();
  const back = await readDatasetXlsx(join(dir, 'direct.xlsx'));
  best.read = Math.min(best.read, performance.now() - t);
  if (back.rows !== split.rows) throw new Error(`read ${back.rows} rows of ${split.rows}`);
}
const kb = async (name) => ((await stat(join(dir, name))).size / 1e3).toFixed(0);
console.log(`8000-row split, best of 5: write directly ${best.direct.toFixed(0)} ms (${await kb('direct.xlsx')} kB), through exceljs ${best.exceljs.toFixed(0)} ms (${await kb('exceljs.xlsx')} kB); read back ${best.read.toFixed(0)} ms`);
await rm(dir, { recursive: true, force: true });
