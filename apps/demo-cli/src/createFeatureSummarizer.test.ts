import type { Sae, SparseFeatures } from '@interp/sae';
import { describe, expect, it } from 'vitest';
import { createFeatureSummarizer } from './createFeatureSummarizer';
import type { LabelTable } from './readLabelsCsv';

const D_IN = 6;
const D_SAE = 10;
const K = 3;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A TopK SAE in plain JS: codes = top-k of relu(x W_enc), values rounded to 1/8 so that ties happen. */
function makeSae(seed: number): { sae: Sae; encodeRow: (x: ArrayLike<number>) => Float32Array } {
  const rand = rng(seed);
  const W_enc = Float32Array.from({ length: D_IN * D_SAE }, () => rand() - 0.3);
  const W_dec = Float32Array.from({ length: D_SAE * D_IN }, () => rand() - 0.5);
  const encodeRow = (x: ArrayLike<number>): Float32Array => {
    const pre = new Float32Array(D_SAE);
    for (let j = 0; j < D_SAE; j += 1) {
      let s = 0;
      for (let d = 0; d < D_IN; d += 1) s += x[d]! * W_enc[d * D_SAE + j]!;
      pre[j] = Math.max(0, Math.round(s * 8) / 8);
    }
    const keep = Array.from(pre.keys()).sort((a, b) => pre[b]! - pre[a]! || a - b).slice(0, K);
    const out = new Float32Array(D_SAE);
    for (const j of keep) out[j] = pre[j]!;
    return out;
  };
  const sae = {
    config: { dIn: D_IN, dSae: D_SAE },
    getWeights: () => ({ W_dec }),
    encodeSparse(data: Float32Array, rows: number): SparseFeatures {
      const indices = new Int32Array(rows * K).fill(-1);
      const values = new Float32Array(rows * K);
      for (let r = 0; r < rows; r += 1) {
        const dense = encodeRow(data.subarray(r * D_IN, (r + 1) * D_IN));
        let t = 0;
        dense.forEach((v, j) => {
          if (v > 0) {
            indices[r * K + t] = j;
            values[r * K + t] = v;
            t += 1;
          }
        });
      }
      return { rows, k: K, dSae: D_SAE, indices, values };
    },
  } as unknown as Sae;
  return { sae, encodeRow };
}

describe('createFeatureSummarizer', () => {
  it('matches a brute-force count, top rows (ties: earlier row first), histogram and label scoring, whatever the block size', () => {
    const rows = 300;
    const rand = rng(9);
    // Rows repeat (row r and r + 100 are the same for r < 60), so that activations tie across the blocks.
    const data = new Float32Array(rows * D_IN);
    for (let r = 0; r < rows; r += 1) for (let d = 0; d < D_IN; d += 1) data[r * D_IN + d] = r >= 100 && r < 160 ? data[(r - 100) * D_IN + d]! : rand();
    const names = ['a', 'b', 'c'];
    const values = new Uint8Array(names.length * rows);
    for (let i = 0; i < values.length; i += 1) values[i] = rand() < [0.1, 0.2, 0.5][Math.floor(i / rows)]! ? 1 : 0;
    const labels: LabelTable = { names, rows, values };
    const { sae, encodeRow } = makeSae(4);
    // Brute force: every row's dense code.
    const codes = Array.from({ length: rows }, (_, r) => encodeRow(data.subarray(r * D_IN, (r + 1) * D_IN)));
    for (const block of [1, 7, 64, 300]) {
      const s = createFeatureSummarizer(sae, rows, { labels, minFiring: 5 });
      const kept = [];
      for (let r = 0; r < rows; r += block) kept.push(s.add({ data: data.subarray(r * D_IN, Math.min(rows, r + block) * D_IN), rows: Math.min(block, rows - r) }));
      for (const c of kept.reverse()) s.addHistogram(c);
      const { features, labels: scored } = s.finish();
      let scoredCount = 0;
      for (let j = 0; j < D_SAE; j += 1) {
        const firing = codes.map((c, r) => ({ row: r, activation: c[j]! })).filter((x) => x.activation > 0);
        const f = features[j]!;
        expect(f.firingCount, `feature ${j}, block ${block}`).toBe(firing.length);
        const top = [...firing].sort((a, b) => b.activation - a.activation || a.row - b.row).slice(0, 8);
        expect(f.topRows, `feature ${j}, block ${block}`).toEqual(top.map((x) => ({ inputs: [x.row], activation: x.activation })));
        const max = Math.max(0, ...firing.map((x) => x.activation));
        const hist = new Array<number>(20).fill(0);
        for (const x of firing) hist[Math.min(19, Math.floor((x.activation / max) * 20))]! += 1;
        expect(f.histogram.counts).toEqual(hist);
        // Labels: eligible concepts hold on 1 .. 25% of the rows; best by precision.
        const support = names.map((_, c) => values.subarray(c * rows, (c + 1) * rows).reduce((a, v) => a + v, 0));
        const precision = names.map((_, c) => (support[c]! / rows > 0.25 ? -1 : firing.filter((x) => values[c * rows + x.row]).length / firing.length));
        if (firing.length >= 5) {
          scoredCount += 1;
          const best = precision.indexOf(Math.max(...precision));
          expect(f.bestConcept).toBe(names[best]);
          expect(f.precision).toBeCloseTo(precision[best]!, 12);
        }
      }
      expect(scored?.scoredCount).toBe(scoredCount);
    }
  });

  it('says so when more rows are added than announced, or finish comes early', () => {
    const { sae } = makeSae(1);
    const s = createFeatureSummarizer(sae, 2);
    expect(() => s.add({ data: new Float32Array(3 * D_IN), rows: 3 })).toThrow('createFeatureSummarizer: more than the 2 rows announced');
    expect(() => s.finish()).toThrow('createFeatureSummarizer: 0 rows added of the 2 announced');
  });
});
