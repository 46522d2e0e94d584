import { describe, expect, it } from 'vitest';
import { transposeInto } from './transposeInto';

describe('transposeInto', () => {
  it('writes element (r, c) of the source to (c, r) of the destination, for shapes that are not multiples of the 32 x 32 tiles', () => {
    for (const [rows, cols] of [[1, 1], [3, 70], [70, 3], [33, 65], [64, 32]] as const) {
      const src = Float32Array.from({ length: rows * cols + 5 }, (_, i) => i * 0.5 - 7);
      const dst = new Float32Array(rows * cols + 9).fill(Number.NaN);
      transposeInto(src, 5, rows, cols, dst, 4);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expect(dst[4 + c * rows + r]).toBe(src[5 + r * cols + c]);
    }
  });

  it('leaves the destination outside [dO, dO + rows * cols) untouched', () => {
    const dst = new Float32Array(2 + 6 + 3).fill(-1);
    transposeInto(Float32Array.of(1, 2, 3, 4, 5, 6), 0, 2, 3, dst, 2);
    expect(Array.from(dst)).toEqual([-1, -1, 1, 4, 2, 5, 3, 6, -1, -1, -1]);
  });
});
