import { describe, expect, it } from 'vitest';
import { generateFeatureDirections, generateSuperposition } from './index';

describe('generateSuperposition', () => {
  it('is deterministic per seed and exposes unit directions that reconstruct every row from its codes', () => {
    const a = generateSuperposition({ rows: 300, dimensions: 16, features: 40, activeFeatures: 3, seed: 5 });
    const b = generateSuperposition({ rows: 300, dimensions: 16, features: 40, activeFeatures: 3, seed: 5 });
    const c = generateSuperposition({ rows: 300, dimensions: 16, features: 40, activeFeatures: 3, seed: 6 });
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(Array.from(c.data)).not.toEqual(Array.from(a.data));
    expect(Array.from(a.directions)).toEqual(Array.from(generateFeatureDirections(40, 16, 5)));
    for (let j = 0; j < 40; j++) {
      let n2 = 0;
      for (let i = 0; i < 16; i++) n2 += a.directions[j * 16 + i]! ** 2;
      expect(n2).toBeCloseTo(1, 5);
    }
    const { offsets, indices, values } = a.codes;
    for (let r = 0; r < a.rows; r++) {
      const x = new Float64Array(16);
      for (let t = offsets[r]!; t < offsets[r + 1]!; t++) {
        expect(values[t]).toBeGreaterThanOrEqual(0);
        expect(values[t]).toBeLessThanOrEqual(1);
        if (t > offsets[r]!) expect(indices[t]).toBeGreaterThan(indices[t - 1]!);
        for (let i = 0; i < 16; i++) x[i]! += values[t]! * a.directions[indices[t]! * 16 + i]!;
      }
      for (let i = 0; i < 16; i++) expect(a.data[r * 16 + i]).toBeCloseTo(x[i]!, 5);
    }
  });

  it('has the requested expected number of active features and magnitude range', () => {
    const s = generateSuperposition({ rows: 4000, dimensions: 8, features: 64, activeFeatures: 5, magnitude: { min: 2, max: 3 }, seed: 1 });
    const meanActive = s.codes.indices.length / s.rows;
    expect(meanActive).toBeGreaterThan(4.8);
    expect(meanActive).toBeLessThan(5.2);
    expect(Math.min(...s.codes.values)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...s.codes.values)).toBeLessThanOrEqual(3);
    expect(s.options).toMatchObject({ dimensions: 8, features: 64, activeFeatures: 5, correlation: 0, groupSize: 4, noise: 0 });
  });

  it('correlates features within a group by the requested amount and leaves others independent', () => {
    const rows = 20000;
    const s = generateSuperposition({ rows, dimensions: 4, features: 8, activeFeatures: 2, correlation: 0.5, groupSize: 4, seed: 2 });
    const fires = Array.from({ length: 8 }, () => new Uint8Array(rows));
    for (let r = 0; r < rows; r++) for (let t = s.codes.offsets[r]!; t < s.codes.offsets[r + 1]!; t++) fires[s.codes.indices[t]!]![r] = 1;
    const corr = (a: Uint8Array, b: Uint8Array): number => {
      let ma = 0, mb = 0, ab = 0;
      for (let r = 0; r < rows; r++) { ma += a[r]!; mb += b[r]!; ab += a[r]! * b[r]!; }
      ma /= rows; mb /= rows; ab /= rows;
      return (ab - ma * mb) / Math.sqrt(ma * (1 - ma) * mb * (1 - mb));
    };
    expect(corr(fires[0]!, fires[1]!)).toBeGreaterThan(0.45);
    expect(corr(fires[0]!, fires[1]!)).toBeLessThan(0.55);
    expect(Math.abs(corr(fires[0]!, fires[5]!))).toBeLessThan(0.05);
    // marginal firing rate unchanged: 2 / 8
    const rate = fires[2]!.reduce((a, b) => a + b, 0) / rows;
    expect(rate).toBeGreaterThan(0.23);
    expect(rate).toBeLessThan(0.27);
  });

  it('adds noise of the requested scale', () => {
    const clean = generateSuperposition({ rows: 500, dimensions: 32, features: 64, seed: 3 });
    const noisy = generateSuperposition({ rows: 500, dimensions: 32, features: 64, noise: 0.1, seed: 3 });
    let s2 = 0;
    for (let i = 0; i < clean.data.length; i++) s2 += (noisy.data[i]! - clean.data[i]!) ** 2;
    expect(Math.sqrt(s2 / clean.data.length)).toBeCloseTo(0.1, 1);
  });

  it.each([
    [{ rows: 0 }, /rows must be an integer in \[1, 10000000\], got 0/],
    [{ rows: 10, dimensions: 1.5 }, /dimensions must be an integer in \[1, 65536\], got 1.5/],
    [{ rows: 10, features: 0 }, /features must be an integer in \[1, 1000000\], got 0/],
    [{ rows: 10, features: 16, activeFeatures: 17 }, /activeFeatures must be a finite number in \(0, features=16\], got 17/],
    [{ rows: 10, correlation: 1 }, /correlation must be a finite number in \[0, 1\), got 1/],
    [{ rows: 10, features: 16, groupSize: 17 }, /groupSize must be an integer in \[1, features=16\], got 17/],
    [{ rows: 10, magnitude: { max: 0 } }, /magnitude.max must be a finite number > 0, got 0/],
    [{ rows: 10, magnitude: { min: 2, max: 1 } }, /magnitude.min must be a finite number in \[0, magnitude.max=1\], got 2/],
    [{ rows: 10, noise: -1 }, /noise must be a finite number >= 0, got -1/],
    [{ rows: 10, seed: 0.5 }, /seed must be an integer, got 0.5/],
    [{ rows: 10, sparsity: 3 }, /unknown key "sparsity"/],
  ])('rejects %j naming the option', (options, message) => {
    expect(() => generateSuperposition(options as never)).toThrow(message);
  });
});
