import { describe, expect, it } from 'vitest';
import { hashModelWeights } from './hashModelWeights';

const weights = () => ({
  'a.weight': { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) },
  'a.bias': { shape: [2], data: new Float32Array([0.5, -0.5]) },
});

describe('hashModelWeights', () => {
  it('is a 16-hex-digit hash that does not depend on key order', () => {
    const w = weights();
    const h = hashModelWeights(w);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(hashModelWeights({ 'a.bias': w['a.bias'], 'a.weight': w['a.weight'] })).toBe(h);
  });

  it('changes when one value, a shape or a name changes', () => {
    const h = hashModelWeights(weights());
    const changed = weights();
    changed['a.weight'].data[3] = 4.000001;
    expect(hashModelWeights(changed)).not.toBe(h);
    const reshaped = weights();
    reshaped['a.weight'].shape = [4, 1];
    expect(hashModelWeights(reshaped)).not.toBe(h);
    const { 'a.bias': bias, 'a.weight': weight } = weights();
    expect(hashModelWeights({ 'b.weight': weight, 'a.bias': bias })).not.toBe(h);
  });
});
