import { describe, expect, it } from 'vitest';
// no backend is imported in this file (vitest runs each file in its own process)
import { createSae, evaluateSae, trainSae } from './index';

describe('without a tfjs backend', () => {
  it('says which package to install instead of "No backend found"', async () => {
    const weights = { W_enc: new Float32Array(4), W_dec: new Float32Array(4), b_enc: new Float32Array(2), b_dec: new Float32Array(2) };
    expect(() => createSae(weights, { dIn: 2, dSae: 2, activation: { type: 'relu' }, applyBDecToInput: true })).toThrow(
      /createSae: no TensorFlow\.js backend is registered\. Install one .*npm install @interp\/backend/,
    );
    await expect(trainSae({ data: new Float32Array(4), rows: 2, width: 2 })).rejects.toThrow(/trainSae: no TensorFlow\.js backend is registered/);
    await expect(evaluateSae({} as never, { data: new Float32Array(4), rows: 2, width: 2 })).rejects.toThrow(/evaluateSae: no TensorFlow\.js backend/);
  });
});
