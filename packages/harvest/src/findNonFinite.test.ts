import { describe, expect, it } from 'vitest';
import { findNonFinite } from './findNonFinite';

describe('findNonFinite', () => {
  it('returns -1 for finite values, including extremes and negative zero', () => {
    expect(findNonFinite(new Float32Array([0, -0, 3.4e38, -3.4e38, 1e-45]))).toBe(-1);
    expect(findNonFinite(new Float32Array(0))).toBe(-1);
  });

  it('returns the index of the first NaN or infinity', () => {
    expect(findNonFinite(new Float32Array([1, 2, NaN, Infinity]))).toBe(2);
    expect(findNonFinite(new Float32Array([1, -Infinity, NaN]))).toBe(1);
  });
});
