import { saeArchitectures } from '@interp/sae';
import { describe, expect, it } from 'vitest';
import { buildTrainMlpOptions } from './buildTrainMlpOptions';
import { buildTrainSaeOptions } from './buildTrainSaeOptions';
import { pipelineConfigSchema, type PipelineConfig } from './pipelineConfigSchema';
import { presetNames, presets } from './presets';
import { selectSaeArchitecture } from './selectSaeArchitecture';

const withSae = (patch: Partial<PipelineConfig['sae']>): PipelineConfig => ({ ...presets.quick, sae: { ...presets.quick.sae, ...patch } });

describe('presets', () => {
  it('every preset is a configuration the schema accepts, and only those are named', () => {
    expect(Object.keys(presets).sort()).toEqual([...presetNames].sort());
    for (const name of presetNames) expect(pipelineConfigSchema.safeParse(presets[name]).success, name).toBe(true);
  });

  it('the schema names a field out of its range', () => {
    const parsed = pipelineConfigSchema.safeParse(withSae({ k: 0 }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['sae', 'k']);
  });
});

describe('the sweep field', () => {
  const sweep = (saes: Array<PipelineConfig['sae']>, primary: number): PipelineConfig => ({ ...presets.quick, sae: saes[primary] ?? presets.quick.sae, sweep: { saes, primary } });
  const k8 = { ...presets.quick.sae, k: 8 };

  it('accepts a list whose primary entry is sae', () => {
    expect(pipelineConfigSchema.safeParse(sweep([presets.quick.sae, k8], 1)).success).toBe(true);
  });

  it('names the entry of a sweep whose k is above its dSae', () => {
    const parsed = pipelineConfigSchema.safeParse(sweep([presets.quick.sae, { ...k8, dSae: 4 }], 0));
    expect(parsed.error?.issues.map((i) => [i.path, i.message])).toEqual([[['sweep', 'saes', 1, 'k'], 'sae[1].k must be an integer in [1, sae[1].dSae = 4], got 8']]);
  });

  it('rejects a primary index outside the list, entries holding out different rows, and a sae that is not the primary entry', () => {
    const outside = pipelineConfigSchema.safeParse({ ...sweep([presets.quick.sae, k8], 0), sweep: { saes: [presets.quick.sae, k8], primary: 2 } });
    expect(outside.error?.issues[0]?.message).toBe('primarySae must be an integer in [0, 1] (an index into the sae list), got 2');
    const evalRows = pipelineConfigSchema.safeParse(sweep([presets.quick.sae, { ...k8, evalRows: 50 }], 0));
    expect(evalRows.error?.issues[0]?.path).toEqual(['sweep', 'saes', 1, 'evalRows']);
    const notPrimary = pipelineConfigSchema.safeParse({ ...sweep([presets.quick.sae, k8], 0), sae: k8 });
    expect(notPrimary.error?.issues[0]?.path).toEqual(['sae']);
  });
});

describe('selectSaeArchitecture', () => {
  it('gives each architecture only its own options, which @interp/sae accepts', () => {
    const cases: Array<[Partial<PipelineConfig['sae']>, object]> = [
      [{ architecture: 'topk', k: 8, l1Coefficient: 3 }, { type: 'topk', k: 8 }],
      [{ architecture: 'batchtopk', k: 8 }, { type: 'batchtopk', k: 8 }],
      [{ architecture: 'matryoshka', k: 8 }, { type: 'matryoshka', k: 8 }],
      [{ architecture: 'relu', k: 8, l1Coefficient: 'auto' }, { type: 'relu', targetL0: 8 }],
      [{ architecture: 'relu', k: 8, l1Coefficient: 2 }, { type: 'relu', l1Coefficient: 2 }],
      [{ architecture: 'gated', k: 8, l1Coefficient: 2 }, { type: 'gated', l1Coefficient: 2 }],
      [{ architecture: 'jumprelu', k: 8, l1Coefficient: 2 }, { type: 'jumprelu', targetL0: 8 }],
    ];
    for (const [patch, expected] of cases) {
      const selected = selectSaeArchitecture(withSae(patch).sae);
      expect(selected, JSON.stringify(patch)).toEqual(expected);
      const { type, ...options } = selected;
      for (const key of Object.keys(options)) expect(saeArchitectures[type].optionKeys).toContain(key);
    }
  });
});

describe('buildTrainSaeOptions and buildTrainMlpOptions', () => {
  it("leave 'auto' fields to the library defaults and carry the seed, hook and threads", () => {
    const auto = buildTrainSaeOptions({ ...withSae({ epochs: 'auto', batchSize: 'auto', learningRate: 'auto' }), threads: 'auto' });
    for (const key of ['epochs', 'batchSize', 'learningRate', 'threads']) expect(auto).not.toHaveProperty(key);
    const fixed = buildTrainSaeOptions({ ...withSae({ epochs: 3, batchSize: 64, learningRate: 0.01 }), seed: 9, threads: 2 });
    expect(fixed).toMatchObject({ dSae: presets.quick.sae.dSae, epochs: 3, batchSize: 64, learningRate: 0.01, seed: 9, threads: 2, hookName: presets.quick.harvest.hook });
  });

  it('passes the MLP sizes and recipe through, with patience only when on', () => {
    const mlp = buildTrainMlpOptions({ seed: 5, mlp: { ...presets.quick.mlp, patience: 0, epochs: 30 } });
    expect(mlp).toEqual({ config: { hiddenSize: 128, bottleneckSize: 32 }, seed: 5, epochs: 30, batchSize: 256, learningRate: 0.02, logEvery: 3 });
    expect(buildTrainMlpOptions({ seed: 5, mlp: { ...presets.quick.mlp, patience: 4 } }).patience).toBe(4);
  });

  it('passes adaptThreads: false to both training steps, and leaves it out otherwise (the libraries default to true)', () => {
    const off = { ...presets.quick, adaptThreads: false };
    expect(buildTrainMlpOptions(off).adaptThreads).toBe(false);
    expect(buildTrainSaeOptions(off).adaptThreads).toBe(false);
    for (const config of [presets.quick, { ...presets.quick, adaptThreads: true }]) {
      expect(buildTrainMlpOptions(config)).not.toHaveProperty('adaptThreads');
      expect(buildTrainSaeOptions(config)).not.toHaveProperty('adaptThreads');
    }
  });

  it("passes threads to the MLP step, leaving 'auto' to trainMlp's default (all cores)", () => {
    expect(buildTrainMlpOptions({ seed: 5, mlp: presets.quick.mlp, threads: 2 }).threads).toBe(2);
    expect(buildTrainMlpOptions({ seed: 5, mlp: presets.quick.mlp, threads: 'auto' })).not.toHaveProperty('threads');
  });
});
