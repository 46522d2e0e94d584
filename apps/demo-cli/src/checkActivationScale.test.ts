import { describe, expect, it } from 'vitest';
import { checkActivationScale } from './checkActivationScale';

const acts = (values: number[], width: number) => ({ data: Float32Array.from(values), rows: values.length / width, width });

describe('checkActivationScale', () => {
  it('accepts ordinary activations, including constant (dead) columns', () => {
    expect(() => checkActivationScale(acts([0, 1, 0, 2, 0, 3], 2), 'a.safetensors')).not.toThrow();
  });

  it('names the row and column of a value beyond 1e15 or non-finite', () => {
    expect(() => checkActivationScale(acts([0, 1, 0, 2e16, 0, 3], 2), 'a.safetensors')).toThrow(/^a\.safetensors: row 1, column 1 is 2\d{16}; activations must be finite/);
    expect(() => checkActivationScale(acts([0, 1, Number.NaN, 2], 2), 'a.safetensors')).toThrow('a.safetensors: row 1, column 0 is NaN');
  });

  it('rejects zero variance', () => {
    expect(() => checkActivationScale(acts([5, 5, 5, 5, 5, 5], 2), 'a.safetensors')).toThrow('a.safetensors: every column is constant over all 3 rows (zero variance');
  });
});
