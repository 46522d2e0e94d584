import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { runFeatureActivations } from './computeFeatureActivations';
import { createKernels } from '@interp/kernels';
import { computeStepMeans, traceCircuit } from './traceCircuit';
import { createRng } from '@interp/dataset';
import { makeIdentitySae, makeModel, makeRandomSae, makeSplit } from './__tests__/testFixtures';

describe('traceCircuit', () => {
  beforeAll(async () => {
    await selectBackend({ onWarning: () => {} });
  });
  const data = makeSplit(120, 21);

  it('ranks the neurons of a position by the mean |change| of their activation as the input steps through its values', () => {
    const model = makeModel(12, 6);
    const sae = makeIdentitySae(12);
    const trace = traceCircuit(model, sae, data, { sampleRows: 8, neuronsPerPosition: 3 });
    // By hand for position 4 (p1, values 0..3) over the first 8 rows.
    const hs: number[][][] = [];
    for (let v = 0; v < 4; v++) {
      const rows = Array.from({ length: 8 }, (_, r) => {
        const row = Array.from(data.inputs.subarray(r * 10, r * 10 + 10));
        row[4] = v;
        return row;
      });
      const { output, cache } = model.runWithCache(tf.tensor2d(rows), ['hidden.post']);
      hs.push(cache['hidden.post']!.arraySync());
      tf.dispose([output, cache['hidden.post']!]);
    }
    const strength = Array.from({ length: 12 }, (_, n) => {
      let s = 0;
      for (let v = 0; v < 3; v++) for (let r = 0; r < 8; r++) s += Math.abs(hs[v + 1]![r]![n]! - hs[v]![r]![n]!);
      return s / 24;
    });
    const expected = strength.map((s, n) => ({ n, s })).filter((x) => x.s > 0).sort((p, q) => q.s - p.s || p.n - q.n).slice(0, 3);
    const p = trace.positions[4]!;
    expect(p.name).toBe('p1');
    expect(p.neurons.map((n) => n.neuron)).toEqual(expected.map((e) => e.n));
    expect(Math.abs(p.neurons[0]!.weight)).toBeCloseTo(expected[0]!.s, 4);
    // Identity SAE: a neuron's strongest feature is itself, with encoder weight 1.
    const first = p.neurons[0]!;
    expect(first.features[0]).toMatchObject({ feature: first.neuron, weight: 1 });
    model.dispose();
    sae.dispose();
  });

  it('fills the heatmap with mean activations per input value, labels from the scores, in the viz shape', () => {
    const model = makeModel(12, 6);
    const sae = makeRandomSae(12, 30, 3);
    const acts = runFeatureActivations(model, sae, data);
    const labels = Array.from({ length: 30 }, (_, j) => (j % 2 === 0 ? `c1_0=${j % 10}` : null));
    const trace = traceCircuit(model, sae, data, { activations: acts, labels, heatmapNeurons: 4, heatmapFeatures: 5 });
    expect(trace.inputNames).toEqual(['c1_0', 'c1_1', 'c1_2', 'c1_3', 'p1', 'c2_0', 'c2_1', 'c2_2', 'c2_3', 'p2']);
    expect(trace.positions).toHaveLength(10);
    expect(trace.heatmap.rows).toHaveLength(8 * 10 + 2 * 4);
    expect(trace.heatmap.columns.filter((c) => c.kind === 'neuron').length).toBeLessThanOrEqual(4);
    expect(trace.heatmap.values).toHaveLength(trace.heatmap.rows.length);
    // One cell by hand: the first feature column on the row "c2_1 = 3".
    const hr = trace.heatmap.rows.findIndex((r) => r.name === 'c2_1' && r.value === 3);
    const hc = trace.heatmap.columns.findIndex((c) => c.kind === 'feature');
    const col = trace.heatmap.columns[hc]!;
    let sum = 0;
    let n = 0;
    for (let r = 0; r < data.rows; r++) {
      if (data.inputs[r * 10 + 6] === 3) {
        sum += acts.features[r * 30 + col.index]!;
        n++;
      }
    }
    expect(trace.heatmap.values[hr]![hc]).toBeCloseTo(n > 0 ? sum / n : 0, 5);
    expect(col.label).toBe(labels[col.index]);
    for (const p of trace.positions) for (const nr of p.neurons) for (const f of nr.features) expect(f.label).toBe(labels[f.feature]);
    expect(JSON.parse(JSON.stringify(trace))).toEqual(trace);
    expect(() => traceCircuit(model, sae, data, { sampleRows: 0 })).toThrow(/options.sampleRows/);
    expect(() => traceCircuit(model, sae, data, { hook: 'output' })).toThrow(/SAE reads 12-wide activations/);
    model.dispose();
    sae.dispose();
  });
});

describe('computeStepMeans', () => {
  it("equals tfjs' wasm tf.mean(tf.abs(diff), [0, 1]) and tf.mean(diff, [0, 1]) bit for bit", async () => {
    await selectBackend({ backend: 'wasm', onWarning: () => {} });
    const rng = createRng(3);
    for (const [V, rows, width] of [[10, 256, 40], [4, 33, 9], [2, 1, 5]] as const) {
      // relu-like values: many exact zeros, some large, so the float32 sums round often
      const hs = Float32Array.from({ length: V * rows * width }, () => (rng.next() < 0.4 ? 0 : rng.next() * (rng.next() < 0.1 ? 1000 : 1)));
      const [st, sl] = tf.tidy(() => {
        const H = tf.tensor3d(hs, [V, rows, width]);
        const diff = tf.sub(tf.slice(H, [1, 0, 0], [V - 1, rows, width]), tf.slice(H, [0, 0, 0], [V - 1, rows, width]));
        return [tf.mean(tf.abs(diff), [0, 1]), tf.mean(diff, [0, 1])];
      });
      // the kernels' sums, wasm SIMD and JavaScript, on a heap with the activations at an offset
      for (const prefer of ['auto', 'js'] as const) {
        const k = createKernels(7 + hs.length + 2 * width + 3, prefer);
        k.heap.fill(5);
        k.heap.set(hs, 7);
        const [a, b] = computeStepMeans(k, 7, 7 + hs.length, V, rows, width);
        expect(Buffer.from(a.buffer).equals(Buffer.from((st.dataSync() as Float32Array).buffer)), prefer).toBe(true);
        expect(Buffer.from(b.buffer).equals(Buffer.from((sl.dataSync() as Float32Array).buffer)), prefer).toBe(true);
      }
      tf.dispose([st, sl]);
    }
    const one = createKernels(6 + 6, 'auto');
    one.heap.fill(5);
    expect(computeStepMeans(one, 0, 6, 1, 2, 3).map((x) => Array.from(x))).toEqual([[0, 0, 0], [0, 0, 0]]);
  });
});
