import type { MlpData } from './mlpData';

/**
 * A tiny local generator of the index-arithmetic task for tests (models must not
 * depend on @interp/dataset): rows `[c1_0..c1_3, p1, c2_0..c2_3, p2]`, digits 0-9,
 * pointers 0-3, target `|c1[p1] - c2[p2]|`. Internal; not exported.
 */
export function generateTestTask(rows: number, seed: number): MlpData {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const inputs = new Float32Array(rows * 10);
  const targets = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * 10;
    for (let i = 0; i < 10; i++) inputs[o + i] = Math.floor(next() * (i === 4 || i === 9 ? 4 : 10));
    const p1 = inputs[o + 4] as number;
    const p2 = inputs[o + 9] as number;
    targets[r] = Math.abs((inputs[o + p1] as number) - (inputs[o + 5 + p2] as number));
  }
  return { inputs, targets, rows };
}
