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
    for (const ws of wb.worksheets) {
      const head = ws.getRow(1);
      head.eachCell((cell) => {
        expect(cell.font?.bold).toBe(true);
        expect(cell.alignment?.horizontal).toBe('center');
      });
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      // exceljs writes equal neighbouring widths as one <col min max> range and reads the width back on its first column only.
      let width: number | undefined;
      for (let c = 1; c <= ws.columnCount; c++) {
        width = ws.getColumn(c).width ?? width;
        expect(width).toBeGreaterThanOrEqual(8);
      }
    }
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

  it('leaves no file behind when the target cannot be written', async () => {
    const trace = { inputNames: [], positions: [], heatmap: { rows: [], columns: [], values: [] } };
    const blocked = join(dir, 'blocked.xlsx');
    await (await import('node:fs/promises')).mkdir(blocked);
    await expect(writeCircuitTraceXlsx(blocked, trace)).rejects.toThrow(/writeCircuitTraceXlsx .*blocked\.xlsx/);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
