import { describe, expect, it } from 'vitest';
import { mergeConfig, pipelineConfigSchema, presets } from './pipelineConfig';
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
    expect(() => mergeConfig(presets.quick, { threads: 0 }, 'x')).toThrow('config field threads must be "auto" or an integer in [1, 256], got 0');
    expect(() => mergeConfig(presets.quick, { threads: 1.5 }, 'x')).toThrow('config field threads must be "auto" or an integer in [1, 256], got 1.5');
    expect(mergeConfig(presets.quick, { threads: 2 }, 'x').threads).toBe(2);
    expect(() => mergeConfig(presets.quick, { adaptThreads: 'no' }, 'x')).toThrow('config field adaptThreads must be true or false, got "no"');
    expect(mergeConfig(presets.quick, { adaptThreads: false }, 'x').adaptThreads).toBe(false);
    expect(presets.reference).not.toHaveProperty('adaptThreads');
    expect(presets.reference.threads).toBe('auto');
  });

  it('rejects k larger than the dictionary', () => {
    expect(() => mergeConfig(presets.quick, { sae: { k: 300, dSae: 256 } }, 'x')).toThrow(/sae\.k must be an integer in \[1, sae\.dSae = 256\], got 300/);
  });
});

describe('mergeConfig: fields declared once in the schema', () => {
  it('rejects __proto__ and constructor keys as unknown fields without touching built-ins', () => {
    for (const text of ['{"__proto__": {"polluted": 1}}', '{"constructor": {"keys": 1}}', '{"sae": {"__proto__": {"k": 3}}}', '{"sae": {"constructor": 1}}']) {
      expect(() => mergeConfig(presets.quick, JSON.parse(text), 'cfg.json')).toThrow(/cfg\.json: unknown config field (sae\.)?(__proto__|constructor) \(known: /);
    }
    expect(typeof Object.keys).toBe('function');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lists the valid hook points for an unknown harvest.hook', () => {
    expect(() => mergeConfig(presets.quick, { harvest: { hook: 'hidden.postt' } }, 'x')).toThrow(
      'config field harvest.hook must be one of input, hidden.pre, hidden.post, bottleneck.pre, bottleneck.post, output, got "hidden.postt"',
    );
  });

  it('rejects probe rows of the wrong width or with out-of-range values, naming the row', () => {
    expect(() => mergeConfig(presets.quick, { probe: { inputs: [[8, 9, 5, 1, 3, 2, 9, 4, 7, 1], [1, 2, 3]] } }, 'x')).toThrow(
      /config field probe\.inputs must be a non-empty array of rows of 10 integers \[c1_0\.\.c1_3 in 0-9, p1 in 0-3, .*\(row 2: \[1,2,3\]\)/,
    );
    expect(() => mergeConfig(presets.quick, { probe: { inputs: [[8, 9, 5, 1, 4, 2, 9, 4, 7, 1]] } }, 'x')).toThrow(/\(row 1: \[8,9,5,1,4,2,9,4,7,1\]\)/);
    expect(() => mergeConfig(presets.quick, { probe: { inputs: [] } }, 'x')).toThrow(/config field probe\.inputs must be a non-empty array/);
  });

  it('names a section that is not an object, and a non-finite or fractional number', () => {
    expect(() => mergeConfig(presets.quick, { sae: 3 }, 'x')).toThrow('config field sae must be an object, got 3');
    expect(() => mergeConfig(presets.quick, { seed: 1.5 }, 'x')).toThrow('config field seed must be an integer in [0, 4294967295], got 1.5');
    expect(() => mergeConfig(presets.quick, { mlp: { learningRate: '0.1' } }, 'x')).toThrow('config field mlp.learningRate must be a number in (0, 10], got "0.1"');
  });

  it('returns a configuration that the schema accepts for both presets', () => {
    expect(pipelineConfigSchema.safeParse(presets.reference).success).toBe(true);
    expect(pipelineConfigSchema.safeParse(presets.quick).success).toBe(true);
    expect(mergeConfig(presets.quick, {}, 'x')).toEqual(presets.quick);
  });
});

describe('mergeConfig: "sae" as a list (a sweep)', () => {
  it('merges each entry over the base sae section; sae is the primary entry (0 unless primarySae says)', () => {
    const c = mergeConfig(presets.quick, { sae: [{ k: 8 }, { architecture: 'relu', dSae: 128 }] }, 'x');
    expect(c.sweep?.primary).toBe(0);
    expect(c.sweep?.saes).toEqual([
      { ...presets.quick.sae, k: 8 },
      { ...presets.quick.sae, architecture: 'relu', dSae: 128 },
    ]);
    expect(c.sae).toEqual(c.sweep?.saes[0]);
    const second = mergeConfig(presets.quick, { sae: [{ k: 8 }, { k: 32 }], primarySae: 1 }, 'x');
    expect(second.sae.k).toBe(32);
    // flags merged afterwards keep the sweep; a single "sae" object replaces it
    expect(mergeConfig(second, { seed: 3 }, 'flags').sweep).toEqual(second.sweep);
    expect(mergeConfig(second, { sae: { k: 4 } }, 'x').sweep).toBeUndefined();
    expect(presets.quick.sweep).toBeUndefined();
  });

  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a bad entry field', { sae: [{ k: 4 }, { k: 0 }] }, 'config field sae[1].k must be an integer in [1, 1000000], got 0'],
    ['a bad field of the primary entry', { sae: [{ k: 4 }, { architecture: 'nope' }], primarySae: 1 }, 'config field sae[1].architecture must be one of topk, relu, batchtopk, jumprelu, matryoshka, gated, got "nope"'],
    ['an unknown entry field', { sae: [{ k: 4 }, { kk: 4 }] }, 'x: unknown config field sae[1].kk (known: sae[1].architecture,'],
    ['an entry that is not an object', { sae: [{ k: 4 }, 8] }, 'x: config field sae[1] must be an object of SAE settings, got 8'],
    ['k above the entry dSae', { sae: [{ k: 4 }, { k: 80, dSae: 64 }] }, 'x: config field sae[1].k must be an integer in [1, sae[1].dSae = 64], got 80'],
    ['entries holding out different rows', { sae: [{ k: 4 }, { k: 8, evalRows: 50 }] }, 'x: config field sae[1].evalRows (50) differs from sae[0].evalRows (200); a sweep holds out one set of rows for all SAEs'],
    ['an empty list', { sae: [] }, 'x: config field sae is an empty list; give one SAE config or more'],
    ['primarySae outside the list', { sae: [{ k: 4 }, { k: 8 }], primarySae: 2 }, 'x: config field primarySae must be an integer in [0, 1] (an index into the sae list), got 2'],
    ['primarySae that is not an integer', { sae: [{ k: 4 }, { k: 8 }], primarySae: '1' }, 'x: config field primarySae must be an integer in [0, 1] (an index into the sae list), got "1"'],
    ['primarySae without a list', { sae: { k: 4 }, primarySae: 0 }, 'x: config field primarySae needs sae to be a list of SAE configs'],
    ['the sweep field written directly', { sweep: { saes: [], primary: 0 } }, 'x: unknown config field sweep (known: preset,'],
  ];
  for (const [what, patch, message] of cases) {
    it(`${what} is a UsageError naming it`, () => {
      let error: unknown;
      try {
        mergeConfig(presets.quick, patch, 'x');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain(message);
    });
  }
});
