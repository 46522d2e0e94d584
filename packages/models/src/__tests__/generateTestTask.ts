import { generateDataset } from '@interp/dataset';
import type { MlpData } from '../mlpData';

/**
 * Rows of the index-arithmetic task for tests, from `@interp/dataset` (a dev-only
 * dependency: the published package does not depend on it). Internal; not exported.
 */
export function generateTestTask(rows: number, seed: number): MlpData {
  return generateDataset({ rows, seed });
}
