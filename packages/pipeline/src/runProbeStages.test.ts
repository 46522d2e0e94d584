import { selectBackend } from '@interp/backend';
import { generateSplits } from '@interp/dataset';
import { createMlp } from '@interp/models';
import { createSae } from '@interp/sae';
import { beforeAll, describe, expect, it } from 'vitest';
import { runProbeStages } from './runProbeStages';

describe('runProbeStages', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm', onWarning: () => {} });
  });

  it('rejects options.threads outside [1, 256], naming it, before any stage runs', async () => {
    const model = createMlp({ hiddenSize: 16, bottleneckSize: 4 }, { seed: 1 });
    const sae = createSae(
      { W_enc: new Float32Array(16 * 8), W_dec: new Float32Array(8 * 16), b_enc: new Float32Array(8), b_dec: new Float32Array(16) },
      { dIn: 16, dSae: 8, activation: { type: 'topk', k: 2 }, applyBDecToInput: true },
    );
    const { train, test } = generateSplits({ seed: 1, train: 20, val: 5, test: 5 });
    const stages: string[] = [];
    try {
      for (const threads of [0, 257, 1.5, Number.NaN]) {
        await expect(runProbeStages(model, sae, train, test, 'hidden.post', (_, name) => void stages.push(name), { threads })).rejects.toThrow(
          /^runProbeStages: options\.threads must be an integer in \[1, 256\], got /,
        );
      }
      expect(stages).toEqual([]);
    } finally {
      model.dispose();
      sae.dispose();
    }
  });
});
