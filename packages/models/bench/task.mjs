// Rows of the index-arithmetic task for the benches, from @interp/dataset (a dev-only dependency).
import { generateDataset } from '@interp/dataset';

export function generateTask(rows, seed) {
  return generateDataset({ rows, seed });
}
