// Time to build a workbook shaped like interp's circuit_trace_detailed.xlsx (six sheets, ~31,000 cells, most of
// them numbers with a 4-decimal format): buildXlsx stored and deflated (node:zlib), writeXlsx, and exceljs
// writing the same workbook for comparison. Run after `pnpm --filter @interp/xlsx build`:
//   pnpm --filter @interp/xlsx bench        (node bench/write.mjs [--reps N])
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { buildXlsx } from '../dist/index.js';
import { writeXlsx } from '../dist/node.js';

const repsArg = process.argv.indexOf('--reps');
const reps = repsArg > 0 ? Number(process.argv[repsArg + 1]) : 5;
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;

/** [name, rows, columns, text columns]: the reference run's sheets. */
const shapes = [
  ['Input->Neuron', 50, 5, [1]],
  ['Neuron->Feature', 1000, 8, [1, 7]],
  ['Heatmap', 100, 42, [0]],
  ['Features', 2048, 10, [1, 2]],
  ['Probe', 5, 24, [0]],
  ['Summary', 12, 2, [0]],
];
const styles = [{ bold: true, horizontal: 'center', vertical: 'center', borderBottom: 'thin' }, { horizontal: 'center' }, { horizontal: 'center', numFmt: '0.0000' }];
const sheets = shapes.map(([name, rows, cols, text]) => {
  const header = Array.from({ length: cols }, (_, c) => `Column ${c + 1}`);
  const body = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => (text.includes(c) ? `p${(r * 7 + c) % 10}=${r % 10}` : rand())));
  return {
    name,
    rows: [header, ...body],
    cellStyles: [header.map(() => 0), ...body.map((row) => row.map((v) => (typeof v === 'number' ? 2 : 1)))],
    columnWidths: header.map(() => 12),
    freezeFirstRow: true,
  };
});
const workbook = { sheets, styles };
const cells = sheets.reduce((a, s) => a + s.rows.length * (s.rows[0]?.length ?? 0), 0);
const date = new Date(0);

async function time(label, fn) {
  await fn();
  const ms = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(40)} median ${ms[Math.floor(ms.length / 2)].toFixed(0).padStart(5)} ms  (min ${ms[0].toFixed(0)}, max ${ms[ms.length - 1].toFixed(0)})`);
}

const dir = await mkdtemp(join(tmpdir(), 'xlsx-bench-'));
try {
  console.log(`${sheets.length} sheets, ${cells} cells, node ${process.version}, ${reps} reps, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await time('buildXlsx, stored', () => buildXlsx(workbook, { date }));
  await time('buildXlsx, deflated (node:zlib)', () => buildXlsx(workbook, { date, deflateRaw: (b) => deflateRawSync(b) }));
  const path = join(dir, 'ours.xlsx');
  await time('writeXlsx (deflated, atomic)', () => writeXlsx(path, workbook, { date }));
  const theirs = join(dir, 'exceljs.xlsx');
  await time('exceljs writeFile, same workbook', async () => {
    const wb = new ExcelJS.Workbook();
    for (const s of sheets) {
      const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
      s.rows.forEach((row, r) => {
        const added = ws.addRow(row);
        added.eachCell((cell, c) => {
          const id = s.cellStyles[r][c - 1];
          const st = styles[id];
          cell.style = { ...(st.bold ? { font: { bold: true } } : {}), alignment: { horizontal: 'center' }, ...(st.numFmt ? { numFmt: st.numFmt } : {}) };
        });
      });
      s.columnWidths.forEach((w, c) => (ws.getColumn(c + 1).width = w));
    }
    await wb.xlsx.writeFile(theirs);
  });
  console.log(`file size: ours ${(await stat(path)).size} bytes, exceljs ${(await stat(theirs)).size} bytes; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
