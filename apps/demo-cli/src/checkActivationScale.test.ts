import { describe, expect, it } from 'vitest';
import { checkActivationScale, createActivationScaleCheck } from './checkActivationScale';

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

describe('createActivationScaleCheck', () => {
  const blocks = (values: number[], width: number, rowsPerBlock: number) => {
    const check = createActivationScaleCheck('b.npy', values.length / width, width);
    for (let r = 0; r * width < values.length; r += rowsPerBlock) check(Float32Array.from(values.slice(r * width, (r + rowsPerBlock) * width)), r);
  };
  it('names the global row of a bad value in a later block', () => {
    expect(() => blocks([0, 1, 0, 2, 0, 3, 4, Number.POSITIVE_INFINITY], 2, 2)).toThrow('b.npy: row 3, column 1 is Infinity');
  });
  it('rejects zero variance at the last block only, whatever the blocks', () => {
    for (const n of [1, 2, 3]) expect(() => blocks([5, 6, 5, 6, 5, 6], 2, n)).toThrow('b.npy: every column is constant over all 3 rows (zero variance, e.g. column 0 is 5 in every row)');
    for (const n of [1, 2, 3]) expect(() => blocks([5, 6, 5, 6, 5, 7], 2, n)).not.toThrow();
  });
  it('rejects fewer than 2 rows', () => {
    expect(() => createActivationScaleCheck('b.npy', 1, 4)).toThrow('b.npy: 1 row(s); an SAE needs at least 2 rows of activations');
  });
});
