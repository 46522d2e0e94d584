import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@interp/backend';
import { combineFeatureSummaries } from './combineFeatureSummaries';
import { runFeatureActivations } from './computeFeatureActivations';
import { computeFeatureStats } from './computeFeatureStats';
import { writeCircuitTraceXlsx } from './node';
import { probeInputs } from './probeInput';
import { scoreFeatures } from './scoreFeatures';
import { makeModel, makeRandomSae, makeSplit } from './__tests__/testFixtures';
import { traceCircuit } from './traceCircuit';

describe('writeCircuitTraceXlsx', () => {
  let dir = '';
  beforeAll(async () => {
    await selectBackend({ onWarning: () => {} });
    dir = await mkdtemp(join(tmpdir(), 'probe-xlsx-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one sheet per view with bold centred frozen headers and numeric cells, read back by exceljs', async () => {
    const data = makeSplit(100, 2);
    const model = makeModel(12, 1);
    const sae = makeRandomSae(12, 20, 1);
    const acts = runFeatureActivations(model, sae, data);
    const scores = scoreFeatures(acts.features, data);
    const trace = traceCircuit(model, sae, data, { activations: acts, labels: scores });
    const features = combineFeatureSummaries(computeFeatureStats(model, sae, data, { activations: acts }), scores);
    const probes = probeInputs(model, sae, [[8, 9, 5, 1, 3, 2, 9, 4, 7, 1]]);
    const path = join(dir, 'out', 'circuit_trace_detailed.xlsx');
    await writeCircuitTraceXlsx(path, trace, { features, probes, summary: { 'MSE recovered (%)': 97.5 } });
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['circuit_trace_detailed.xlsx']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Input->Neuron', 'Neuron->Feature', 'Heatmap', 'Features', 'Probe', 'Summary']);
    expect(wb.creator).toBe('@interp/probe');
    for (const ws of wb.worksheets) {
      const head = ws.getRow(1);
      expect(head.cellCount).toBe(ws.columnCount);
      head.eachCell((cell) => {
        expect(cell.font?.bold).toBe(true);
        expect(cell.alignment).toEqual({ horizontal: 'center', vertical: 'middle' });
        expect(cell.border?.bottom?.style).toBe('thin');
      });
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      for (let r = 2; r <= ws.rowCount; r++) {
        ws.getRow(r).eachCell((cell) => {
          expect(cell.alignment).toEqual({ horizontal: 'center' });
          expect(cell.font?.bold).toBeFalsy();
          expect(cell.border?.bottom).toBeUndefined();
        });
      }
      for (let c = 1; c <= ws.columnCount; c++) {
        const column = ws.getColumn(c);
        let text = String(ws.getRow(1).getCell(c).value).length;
        for (let r = 2; r <= ws.rowCount; r++) {
          const cell = ws.getRow(r).getCell(c);
          const v = cell.value;
          const decimals = typeof v === 'number' && cell.numFmt ? (cell.numFmt.split('.')[1]?.length ?? 0) : undefined;
          text = Math.max(text, decimals === undefined ? String(v ?? '').length : (v as number).toFixed(decimals).length);
        }
        expect(column.width, `${ws.name} column ${c}`).toBe(Math.min(60, Math.max(8, text + 3)));
      }
    }
    // Number formats: 4 decimals for weights and activations, 6 for frequencies, none for counts and indices.
    const formats = (name: string, row = 2) => {
      const ws = wb.getWorksheet(name)!;
      return Array.from({ length: ws.columnCount }, (_, c) => ws.getRow(row).getCell(c + 1).numFmt ?? null);
    };
    expect(formats('Input->Neuron')).toEqual([null, null, null, null, '0.0000']);
    expect(formats('Neuron->Feature')).toEqual([null, null, null, '0.0000', null, null, '0.0000', null]);
    expect(formats('Heatmap')).toEqual([null, null, ...trace.heatmap.columns.map(() => '0.0000')]);
    expect(formats('Features')).toEqual([null, null, null, '0.0000', '0.0000', '0.0000', '0.000000', null, '0.0000', '0.0000']);
    expect(formats('Summary')).toEqual([null, null]);
    // Every value as written, in every sheet.
    const heat = wb.getWorksheet('Heatmap')!;
    trace.heatmap.rows.forEach((r, i) => {
      expect(heat.getRow(i + 2).values).toEqual([undefined, r.name, r.value, ...(trace.heatmap.values[i] ?? [])]);
    });
    const nf = wb.getWorksheet('Neuron->Feature')!;
    let nfRow = 2;
    for (const p of trace.positions) {
      for (const n of p.neurons) {
        for (const [k, f] of n.features.entries()) {
          expect(nf.getRow(nfRow++).values).toEqual([undefined, p.position, p.name, n.neuron, n.weight, k + 1, f.feature, f.weight, f.label ?? '']);
        }
      }
    }
    expect(nf.rowCount).toBe(nfRow - 1);
    features.forEach((f, i) => {
      const row = wb.getWorksheet('Features')!.getRow(i + 2);
      expect(row.getCell(1).value).toBe(f.id);
      expect(row.getCell(7).value).toBe(f.frequency);
    });
    expect(wb.getWorksheet('Summary')!.getRow(2).values).toEqual([undefined, 'MSE recovered (%)', 97.5]);
    const inNeuron = wb.getWorksheet('Input->Neuron')!;
    expect(inNeuron.getRow(1).values).toEqual([undefined, 'Position', 'Input', 'Rank', 'Neuron', 'Weight']);
    const first = trace.positions[0]!.neurons[0]!;
    expect(inNeuron.getRow(2).getCell(4).value).toBe(first.neuron);
    expect(typeof inNeuron.getRow(2).getCell(5).value).toBe('number');
    expect(inNeuron.getRow(2).getCell(5).value as number).toBeCloseTo(first.weight, 6);
    expect(inNeuron.rowCount).toBe(1 + trace.positions.reduce((s, p) => s + p.neurons.length, 0));
    const feats = wb.getWorksheet('Features')!;
    expect(feats.rowCount).toBe(1 + 20);
    expect(typeof feats.getRow(2).getCell(7).value).toBe('number');
    const probe = wb.getWorksheet('Probe')!;
    expect(probe.getRow(2).getCell(2).value).toBe(8);
    expect(probe.getRow(2).getCell(3).value as number).toBeCloseTo(probes[0]!.output, 6);
    model.dispose();
    sae.dispose();
  });

  it('stamps SOURCE_DATE_EPOCH as created and modified, and writes the same bytes twice', async () => {
    const trace = { inputNames: ['a'], positions: [{ position: 0, name: 'a', neurons: [{ neuron: 3, weight: 0.5, features: [{ feature: 1, weight: 0.25, label: 'p1=3' }] }] }], heatmap: { rows: [{ position: 0, name: 'a', value: 1 }], columns: [{ kind: 'neuron' as const, index: 3 }], values: [[0.5]] } };
    const before = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      await writeCircuitTraceXlsx(join(dir, 'a.xlsx'), trace, { summary: { Seed: 7, 'MSE recovered (%)': Number.NaN, Ratio: -Infinity } });
      await writeCircuitTraceXlsx(join(dir, 'b.xlsx'), trace, { summary: { Seed: 7, 'MSE recovered (%)': Number.NaN, Ratio: -Infinity } });
    } finally {
      if (before === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = before;
    }
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(join(dir, 'a.xlsx'))).toEqual(await readFile(join(dir, 'b.xlsx')));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'a.xlsx'));
    expect(wb.created?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(wb.modified?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(wb.getWorksheet('Neuron->Feature')!.getRow(2).values).toEqual([undefined, 0, 'a', 3, 0.5, 1, 1, 0.25, 'p1=3']);
    // NaN and infinite numbers have no xlsx number form: written as text.
    expect(wb.getWorksheet('Summary')!.getSheetValues().slice(3).map((r) => (r as unknown[]).slice(1))).toEqual([
      ['MSE recovered (%)', 'NaN'],
      ['Ratio', '-Infinity'],
    ]);
  });

  it('leaves no file behind when the target cannot be written', async () => {
    const trace = { inputNames: [], positions: [], heatmap: { rows: [], columns: [], values: [] } };
    const blocked = join(dir, 'blocked.xlsx');
    await (await import('node:fs/promises')).mkdir(blocked);
    await expect(writeCircuitTraceXlsx(blocked, trace)).rejects.toThrow(/writeCircuitTraceXlsx .*blocked\.xlsx/);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
