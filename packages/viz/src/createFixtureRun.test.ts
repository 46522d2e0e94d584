import { describe, expect, it } from 'vitest';
import { createFixtureRun } from './createFixtureRun';

describe('createFixtureRun', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = JSON.stringify(createFixtureRun({ features: 64, seed: 5 }));
    const b = JSON.stringify(createFixtureRun({ features: 64, seed: 5 }));
    const c = JSON.stringify(createFixtureRun({ features: 64, seed: 6 }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('produces JSON-serialisable data of the requested size and the reference input names', () => {
    const data = createFixtureRun({ features: 300, seed: 2, deadFraction: 0.1 });
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
    expect(data.features).toHaveLength(300);
    expect(data.features.map((f) => f.id)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(data.trace.inputNames).toEqual(['c1_0', 'c1_1', 'c1_2', 'c1_3', 'p1', 'c2_0', 'c2_1', 'c2_2', 'c2_3', 'p2']);
    const dead = data.features.filter((f) => f.frequency === 0).length;
    expect(data.run.sae.deadFraction).toBeCloseTo(dead / 300, 4);
    expect(dead).toBeGreaterThan(5);
    const { rows, columns, values } = data.trace.heatmap;
    expect(values).toHaveLength(rows.length);
    for (const row of values) expect(row).toHaveLength(columns.length);
  });

  it('gives top rows whose pointers match their inputs and labels only to features firing on >= 20 rows', () => {
    const data = createFixtureRun({ features: 200, seed: 9 });
    for (const f of data.features) {
      if (f.label !== null) expect(f.firingCount).toBeGreaterThanOrEqual(20);
      for (const r of f.topRows) {
        expect(r.inputs[4]).toBe(r.p1);
        expect(r.inputs[9]).toBe(r.p2);
        expect(r.target).toBe(Math.abs((r.inputs[r.p1] as number) - (r.inputs[5 + r.p2] as number)));
      }
    }
  });

  it('rejects a bad size naming the option', () => {
    expect(() => createFixtureRun({ features: 0 })).toThrow(/features/);
    expect(() => createFixtureRun({ deadFraction: 1 })).toThrow(/deadFraction/);
  });
});
