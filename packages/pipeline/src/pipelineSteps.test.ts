import { generateSplits } from '@interp/dataset';
import { describe, expect, it } from 'vitest';
import { buildMlpTrainingSet } from './buildMlpTrainingSet';
import { presets } from './presets';
import { splitHeldOutRows } from './splitHeldOutRows';
import { summarizeProbe } from './summarizeProbe';
import type { ProbeStages } from './runProbeStages';

describe('buildMlpTrainingSet', () => {
  it('is the train split, then generated rows that are neither validation nor test rows', () => {
    const config = { ...presets.quick, seed: 3, data: { train: 50, val: 40, test: 40, mlpExtraRows: 300 } };
    const splits = generateSplits({ seed: 3, train: 50, val: 40, test: 40 });
    const set = buildMlpTrainingSet(config, splits);
    const width = splits.train.inputs.length / splits.train.rows;
    expect(set.rows).toBe(350);
    expect(set.extraRows).toBe(300);
    expect(set.inputs.length).toBe(350 * width);
    expect(Array.from(set.inputs.subarray(0, 50 * width))).toEqual(Array.from(splits.train.inputs));
    expect(Array.from(set.targets.subarray(0, 50))).toEqual(Array.from(splits.train.targets));
    const row = (a: Float32Array, i: number) => Array.from(a.subarray(i * width, (i + 1) * width)).join(',');
    const heldOut = new Set<string>();
    for (const split of [splits.val, splits.test]) for (let i = 0; i < split.rows; i++) heldOut.add(row(split.inputs, i));
    for (let i = 50; i < 350; i++) expect(heldOut.has(row(set.inputs, i))).toBe(false);
    // the same config gives the same rows
    expect(buildMlpTrainingSet(config, splits).inputs).toEqual(set.inputs);
  });
});

describe('splitHeldOutRows', () => {
  it('holds out the last rows, as views of the same data', () => {
    const data = Float32Array.from({ length: 30 }, (_, i) => i);
    const { train, heldOut } = splitHeldOutRows({ data, rows: 10, width: 3 }, 4);
    expect([train.rows, heldOut.rows, train.width, heldOut.width]).toEqual([6, 4, 3, 3]);
    expect(Array.from(train.data)).toEqual(Array.from({ length: 18 }, (_, i) => i));
    expect(Array.from(heldOut.data)).toEqual(Array.from({ length: 12 }, (_, i) => 18 + i));
    expect(heldOut.data.buffer).toBe(data.buffer);
  });
});

describe('summarizeProbe', () => {
  it('gives the monosemantic share as a fraction of the scored features, 0 when none was scored', () => {
    const splice = { mseClean: 1, mseSpliced: 2, mseZeroAblated: 5, mseRecovered: 75 };
    const stages = (scoredCount: number, monosemanticCount: number) =>
      ({ scores: { scoredCount, monosemanticCount, labellingSingles: ['c1_0'] }, features: [], splice, trace: {} }) as unknown as ProbeStages;
    const { result, content } = summarizeProbe(stages(40, 10), []);
    expect(result.monosemanticShare).toBe(0.25);
    expect(result).toMatchObject({ mseRecovered: 75, scoredFeatures: 40, monosemanticFeatures: 10, labellingConcepts: ['c1_0'] });
    expect(Object.keys(content)).toEqual(['probes', 'features', 'trace', 'splice', 'scoredCount', 'monosemanticCount', 'monosemanticShare', 'labellingConcepts']);
    expect(summarizeProbe(stages(0, 0), []).result.monosemanticShare).toBe(0);
  });
});
