import { describe, expect, it } from 'vitest';
import { computeLatents, computeTarget, getInputColumns, getNumInputs, resolveTaskConfig } from './index';

const fixtures: Array<[number[], number]> = [
  [[8, 9, 5, 1, 3, 2, 9, 4, 7, 1], 8],
  [[8, 9, 5, 2, 3, 2, 8, 4, 7, 1], 6],
  [[8, 9, 5, 3, 3, 2, 7, 4, 7, 1], 4],
  [[8, 9, 5, 4, 3, 2, 5, 4, 7, 1], 1],
  [[8, 9, 5, 5, 3, 2, 4, 4, 7, 1], 1],
];

describe('computeTarget', () => {
  it.each(fixtures)('the reference row %j has target %i', (row, target) => {
    expect(computeTarget(row)).toBe(target);
  });

  it('exposes the latents p1, p2, a = c1[p1], b = c2[p2], a - b and the target', () => {
    expect(computeLatents([8, 9, 5, 1, 3, 2, 9, 4, 7, 1])).toEqual({ p1: 3, p2: 1, a: 1, b: 9, diff: -8, target: 8 });
    expect(computeLatents([0, 7, 0, 0, 1, 3, 0, 0, 0, 0])).toEqual({ p1: 1, p2: 0, a: 7, b: 3, diff: 4, target: 4 });
  });

  it('follows the configured column length and digit range', () => {
    const cfg = { columnLength: 3, digitMax: 20 };
    expect(getInputColumns(cfg)).toEqual(['c1_0', 'c1_1', 'c1_2', 'p1', 'c2_0', 'c2_1', 'c2_2', 'p2']);
    expect(getNumInputs(cfg)).toBe(8);
    expect(computeTarget([20, 1, 2, 0, 3, 4, 15, 2], cfg)).toBe(5);
  });

  it('rejects a pointer out of range, naming the pointer range', () => {
    expect(() => computeTarget([8, 9, 5, 1, 4, 2, 9, 4, 7, 1])).toThrow(/pointer must be an integer in \[0, 3\], got 4/);
  });

  it('rejects a digit out of range and a row of the wrong length', () => {
    expect(() => computeTarget([10, 9, 5, 1, 3, 2, 9, 4, 7, 1])).toThrow(/digit must be an integer in \[0, 9\], got 10/);
    expect(() => computeTarget([1, 2, 3])).toThrow(/row has 3 values, expected 10/);
  });

  it('rejects a nonsensical task config, naming the parameter', () => {
    expect(() => resolveTaskConfig({ columnLength: 0 })).toThrow(/columnLength must be an integer in \[1, 1000\]/);
    expect(() => resolveTaskConfig({ digitMax: 2.5 })).toThrow(/digitMax/);
  });
});
