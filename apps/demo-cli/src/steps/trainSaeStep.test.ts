import { describe, expect, it } from 'vitest';
import { createLogger } from '../createLogger';
import { mergeConfig, presets, type PipelineConfig } from '../pipelineConfig';
import type { PipelineContext } from '../pipelineContext';
import { getTrainSaeKey } from './trainSaeStep';

const ctx = (config: PipelineConfig): PipelineContext => ({ config, preset: 'quick', out: '/tmp/x', now: () => new Date(0), log: createLogger({ quiet: true }), force: false, quiet: true });
const key = (patch: unknown) => getTrainSaeKey(ctx(mergeConfig(presets.quick, patch, 'test')), 'harvest-key');

describe('getTrainSaeKey', () => {
  it('ignores the parameters of the architecture that is not selected', () => {
    expect(key({ sae: { architecture: 'topk', l1Coefficient: 3 } })).toBe(key({ sae: { architecture: 'topk' } }));
    expect(key({ sae: { architecture: 'relu', l1Coefficient: 1, k: 3 } })).toBe(key({ sae: { architecture: 'relu', l1Coefficient: 1 } }));
    expect(key({ sae: { architecture: 'batchtopk', l1Coefficient: 3 } })).toBe(key({ sae: { architecture: 'batchtopk' } }));
  });

  it('changes with every option that changes the SAE', () => {
    const base = key({});
    for (const patch of [
      { sae: { k: 8 } },
      { sae: { dSae: 128 } },
      { sae: { epochs: 3 } },
      { sae: { batchSize: 64 } },
      { sae: { learningRate: 0.001 } },
      { sae: { evalRows: 100 } },
      { sae: { architecture: 'relu' } },
      { sae: { architecture: 'batchtopk' } },
      { sae: { architecture: 'jumprelu' } },
      { sae: { architecture: 'matryoshka' } },
      { sae: { architecture: 'gated' } },
      { seed: 1 },
    ]) {
      expect(key(patch), JSON.stringify(patch)).not.toBe(base);
    }
    expect(key({ sae: { architecture: 'relu', l1Coefficient: 1 } })).not.toBe(key({ sae: { architecture: 'relu', l1Coefficient: 2 } }));
    // k is the target L0 of relu (with l1Coefficient 'auto'), jumprelu and gated
    for (const architecture of ['relu', 'jumprelu', 'gated']) expect(key({ sae: { architecture, k: 3 } })).not.toBe(key({ sae: { architecture } }));
    expect(getTrainSaeKey(ctx(presets.quick), 'other')).not.toBe(base);
  });
});
