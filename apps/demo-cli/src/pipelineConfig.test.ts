import { describe, expect, it } from 'vitest';
import { mergeConfig, presets } from './pipelineConfig';
import { UsageError } from './UsageError';

describe('mergeConfig', () => {
  it('overrides only the given fields of the preset', () => {
    const c = mergeConfig(presets.reference, { seed: 7, sae: { k: 16 } }, 'test');
    expect(c.seed).toBe(7);
    expect(c.sae.k).toBe(16);
    expect(c.sae.dSae).toBe(presets.reference.sae.dSae);
    expect(presets.reference.sae.k).toBe(32);
  });

  it('names an unknown field and lists the known ones', () => {
    expect(() => mergeConfig(presets.quick, { sae: { kk: 3 } }, 'cfg.json')).toThrow(/cfg\.json: unknown config field sae\.kk \(known: sae\.architecture/);
    expect(() => mergeConfig(presets.quick, { sea: {} }, 'cfg.json')).toThrow(/unknown config field sea/);
  });

  it('names a field with a bad value and its allowed range', () => {
    const err = (() => {
      try {
        mergeConfig(presets.quick, { mlp: { epochs: -3 } }, 'cfg.json');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('config field mlp.epochs must be an integer in [1, 100000], got -3');
    expect(() => mergeConfig(presets.quick, { sae: { learningRate: 0 } }, 'x')).toThrow('config field sae.learningRate must be "auto" or a number in (0, 10], got 0');
    expect(mergeConfig(presets.quick, { sae: { learningRate: 'auto', epochs: 'auto' } }, 'x').sae.epochs).toBe('auto');
    expect(() => mergeConfig(presets.quick, { backend: 'gpu' }, 'x')).toThrow('config field backend must be one of auto, node, wasm, cpu, got "gpu"');
  });

  it('rejects k larger than the dictionary', () => {
    expect(() => mergeConfig(presets.quick, { sae: { k: 300, dSae: 256 } }, 'x')).toThrow(/sae\.k must be an integer in \[1, sae\.dSae = 256\], got 300/);
  });
});
