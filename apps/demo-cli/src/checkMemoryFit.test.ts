import { describe, expect, it } from 'vitest';
import { checkMemoryFit, estimateMemory } from './checkMemoryFit';
import { mergeConfig, presets } from './pipelineConfig';

describe('checkMemoryFit', () => {
  it('accepts both presets', () => {
    expect(() => checkMemoryFit(presets.reference)).not.toThrow();
    expect(() => checkMemoryFit(presets.quick)).not.toThrow();
  });

  it('rejects sae.dSae 300000 up front with the memory it would need', () => {
    const config = mergeConfig(presets.reference, { sae: { dSae: 300_000 } }, 'x');
    expect(() => checkMemoryFit(config)).toThrow(/sae\.dSae 300000 needs about \d+\.\d GB in the (train-sae|probe) step .*at most 4\.0 GB/);
    const probe = estimateMemory(config).find((e) => e.step === 'probe');
    expect(probe?.bytes).toBeGreaterThan(8000 * 300_000 * 4);
  });
});
