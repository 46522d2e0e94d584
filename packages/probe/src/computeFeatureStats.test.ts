import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { combineFeatureSummaries } from './combineFeatureSummaries';
import { runFeatureActivations } from './computeFeatureActivations';
import { computeFeatureStats, selectLargestMagnitudes } from './computeFeatureStats';
import { createRng } from '@interp/dataset';
import { scoreFeatures } from './scoreFeatures';
import { makeIdentitySae, makeModel, makeRandomSae, makeSplit } from './__tests__/testFixtures';

describe('computeFeatureStats', () => {
  beforeAll(async () => {
    await selectBackend({ onWarning: () => {} });
  });
  const data = makeSplit(200, 9);

  it('with an identity SAE, feature j is hook unit j: counts, moments, histogram, top rows and alignment', () => {
    const model = makeModel(12, 4);
    const sae = makeIdentitySae(12);
    const acts = runFeatureActivations(model, sae, data);
    const stats = computeFeatureStats(model, sae, data, { activations: acts, bins: 8, topRows: 4, effectRows: 16 });
    expect(stats.features).toHaveLength(12);
    for (const f of stats.features) {
      const vals: number[] = [];
      for (let r = 0; r < data.rows; r++) {
        const v = acts.hookActivations[r * 12 + f.id]!;
        if (v > 0) vals.push(v);
      }
      expect(f.firingCount).toBe(vals.length);
      expect(f.frequency).toBe(vals.length / 200);
      if (vals.length === 0) continue;
      const mean = vals.reduce((s, v) => s + v, 0) / vals.length;
      expect(f.meanActivation).toBeCloseTo(mean, 5);
      expect(f.maxActivation).toBeCloseTo(Math.max(...vals), 6);
      expect(f.histogram.counts.reduce((s, c) => s + c, 0)).toBe(vals.length);
      expect(f.histogram.min).toBeCloseTo(Math.min(...vals), 6);
      const sorted = [...vals].sort((p, q) => q - p).slice(0, 4);
      expect(f.topRows.map((t) => t.activation)).toEqual(sorted.map((v) => expect.closeTo(v, 6)));
      const top = f.topRows[0]!;
      expect(top.p1).toBe(top.inputs[4]);
      expect(top.p2).toBe(top.inputs[9]);
      expect(f.alignedNeurons[0]).toEqual({ neuron: f.id, cosine: 1 });
    }
    model.dispose();
    sae.dispose();
  });

  it('measures the ablation effect as the output change when f_j W_dec[j] is removed on firing rows', () => {
    const model = makeModel(12, 4);
    const sae = makeIdentitySae(12);
    const stats = computeFeatureStats(model, sae, data, { effectRows: 10, batchSize: 50 });
    const f = stats.features.find((s) => s.firingCount >= 10)!;
    // By hand: zero unit f.id (the identity SAE's feature) on its first 10 firing rows.
    const acts = runFeatureActivations(model, sae, data);
    const rows: number[] = [];
    for (let r = 0; r < data.rows && rows.length < 10; r++) if (acts.features[r * 12 + f.id]! > 0) rows.push(r);
    const x = tf.tensor2d(rows.map((r) => Array.from(data.inputs.subarray(r * 10, r * 10 + 10))));
    const mask = tf.sub(1, tf.cast(tf.oneHot([f.id], 12), 'float32'));
    const clean = model.forward(x).dataSync();
    const ablated = model.forward(x, { hooks: { 'hidden.post': (a) => tf.mul(a, mask) as tf.Tensor2D } }).dataSync();
    const expected = rows.reduce((s, _, i) => s + ablated[i]! - clean[i]!, 0) / rows.length;
    expect(f.outputEffect.ablateDelta).toBeCloseTo(expected, 4);
    // Adding the direction at the max activation on the first 10 rows.
    const x2 = tf.tensor2d(Array.from(data.inputs.subarray(0, 100)), [10, 10]);
    const dir = tf.mul(tf.cast(tf.oneHot([f.id], 12), 'float32'), f.maxActivation);
    const c2 = model.forward(x2).dataSync();
    const a2 = model.forward(x2, { hooks: { 'hidden.post': (a) => tf.add(a, dir) as tf.Tensor2D } }).dataSync();
    expect(f.outputEffect.addDelta).toBeCloseTo(Array.from(a2).reduce((s, v, i) => s + v - c2[i]!, 0) / 10, 4);
    tf.dispose([x, mask, x2, dir]);
    model.dispose();
    sae.dispose();
  });

  it('matches a plain dense computation of counts, moments, histograms and top rows on a random SAE, to the bit', () => {
    const model = makeModel(12, 4);
    const sae = makeRandomSae(12, 24, 3);
    const acts = runFeatureActivations(model, sae, data);
    const stats = computeFeatureStats(model, sae, data, { activations: acts, bins: 6, topRows: 5, effectRows: 4 });
    expect(stats.features.filter((f) => f.firingCount >= 10).length).toBeGreaterThan(3);
    const F = acts.features; // dense, from the codes by @interp/sae's toDenseFeatures
    for (let j = 0; j < 24; j++) {
      const fire: { r: number; v: number }[] = [];
      for (let r = 0; r < data.rows; r++) if (F[r * 24 + j]! > 0) fire.push({ r, v: F[r * 24 + j]! });
      const f = stats.features[j]!;
      expect(f.firingCount).toBe(fire.length);
      const sum = fire.reduce((s, e) => s + e.v, 0);
      const sumSq = fire.reduce((s, e) => s + e.v * e.v, 0);
      const mean = fire.length > 0 ? sum / fire.length : 0;
      expect(f.meanActivation).toBe(mean);
      expect(f.stdActivation).toBe(fire.length > 0 ? Math.sqrt(Math.max(0, sumSq / fire.length - mean * mean)) : 0);
      const max = fire.reduce((m, e) => Math.max(m, e.v), 0);
      const min = fire.reduce((m, e) => Math.min(m, e.v), Infinity);
      expect(f.maxActivation).toBe(max);
      expect(f.histogram.min).toBe(fire.length > 0 ? min : 0);
      const counts = new Array<number>(6).fill(0);
      for (const e of fire) counts[max - min > 0 ? Math.min(5, Math.floor(((e.v - min) / (max - min)) * 6)) : 0]!++;
      expect(f.histogram.counts).toEqual(counts);
      const top = [...fire].sort((a, b) => b.v - a.v || a.r - b.r).slice(0, 5);
      expect(f.topRows.map((t) => [Array.from(t.inputs), t.activation])).toEqual(top.map((e) => [Array.from(data.inputs.subarray(e.r * 10, e.r * 10 + 10)), e.v]));
    }
    model.dispose();
    sae.dispose();
  });

  it('combines statistics and scores into viz-ready summaries, JSON round-trippable', () => {
    const model = makeModel(12, 4);
    const sae = makeRandomSae(12, 24, 2);
    const acts = runFeatureActivations(model, sae, data);
    const summaries = combineFeatureSummaries(computeFeatureStats(model, sae, data, { activations: acts }), scoreFeatures(acts.features, data));
    expect(summaries).toHaveLength(24);
    expect(Object.keys(summaries[0]!).sort()).toEqual(
      [
        'id', 'label', 'bestConcept', 'precision', 'recall', 'f1', 'frequency', 'firingCount', 'meanActivation', 'stdActivation',
        'maxActivation', 'histogram', 'topRows', 'alignedNeurons', 'outputEffect', 'correlations',
      ].sort(),
    );
    expect(JSON.parse(JSON.stringify(summaries))).toEqual(summaries);
    expect(() => computeFeatureStats(model, sae, data, { bins: 0 })).toThrow(/options.bins must be an integer >= 1/);
    expect(() => computeFeatureStats(model, sae, data, { hook: 'bottleneck.post' })).toThrow(/SAE reads 12-wide activations/);
    model.dispose();
    sae.dispose();
  });
});

describe('selectLargestMagnitudes', () => {
  it('picks what a stable sort by descending magnitude puts first, ties and short rows included', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.nextInt(40);
      const offset = rng.nextInt(5);
      // few distinct magnitudes of both signs: many ties
      const w = Float32Array.from({ length: offset + n }, () => (rng.nextInt(7) - 3) * 0.25);
      const count = rng.nextInt(8);
      const expected = Array.from({ length: n }, (_, i) => i)
        .sort((x, y) => Math.abs(w[offset + y]!) - Math.abs(w[offset + x]!) || x - y)
        .slice(0, count);
      expect(Array.from(selectLargestMagnitudes(w, offset, n, count, new Int32Array(count)))).toEqual(expected);
      // with a mask: only the kept indices compete
      const keep = Uint8Array.from({ length: n }, () => (rng.nextInt(3) > 0 ? 1 : 0));
      const kept = Array.from({ length: n }, (_, i) => i)
        .filter((i) => keep[i])
        .sort((x, y) => Math.abs(w[offset + y]!) - Math.abs(w[offset + x]!) || x - y)
        .slice(0, count);
      expect(Array.from(selectLargestMagnitudes(w, offset, n, count, new Int32Array(count), keep))).toEqual(kept);
    }
  });
});
