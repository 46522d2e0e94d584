import { describe, expect, it } from 'vitest';
import { saeArchitectures } from '@interp/sae';
import { buildTrainMlpOptions, buildTrainSaeOptions } from '@interp/pipeline';
import { resolveConfig } from './resolveConfig';
import { resolveSaeOptions } from './resolveSaeOptions';

describe('--adapt-threads', () => {
  it("off reaches both training steps' options through the run's configuration; on and absent leave the libraries' default", async () => {
    const off = (await resolveConfig({ preset: 'quick', 'adapt-threads': 'off' })).config;
    expect(off.adaptThreads).toBe(false);
    expect(buildTrainMlpOptions(off).adaptThreads).toBe(false);
    expect(buildTrainSaeOptions(off).adaptThreads).toBe(false);
    expect((await resolveConfig({ preset: 'quick', 'adapt-threads': 'on' })).config.adaptThreads).toBe(true);
    expect((await resolveConfig({ preset: 'quick' })).config).not.toHaveProperty('adaptThreads');
  });

  it('overrides the config field adaptThreads, which is checked like every field', async () => {
    const config = '{"adaptThreads": false}';
    expect((await resolveConfig({ preset: 'quick', config })).config.adaptThreads).toBe(false);
    expect((await resolveConfig({ preset: 'quick', config, 'adapt-threads': 'on' })).config.adaptThreads).toBe(true);
    await expect(resolveConfig({ preset: 'quick', config: '{"adaptThreads": "no"}' })).rejects.toThrow('config field adaptThreads must be true or false, got "no"');
  });

  it('reaches trainSae in `interp train-sae --activations` (as its sae option adaptThreads)', () => {
    expect(resolveSaeOptions({ 'adapt-threads': 'off' }, undefined, saeArchitectures).options.adaptThreads).toBe(false);
    expect(resolveSaeOptions({}, undefined, saeArchitectures).options).not.toHaveProperty('adaptThreads');
    expect(() => resolveSaeOptions({ 'adapt-threads': '1' }, undefined, saeArchitectures)).toThrow('--adapt-threads must be on or off, got "1"');
  });

  it("takes `interp train-sae --config`'s top-level adaptThreads as `interp run`'s config does, the flag overriding it", () => {
    const config = (value: unknown) => ({ value, source: '--config c.json' });
    expect(resolveSaeOptions({}, config({ adaptThreads: false }), saeArchitectures).options.adaptThreads).toBe(false);
    expect(resolveSaeOptions({ 'adapt-threads': 'on' }, config({ adaptThreads: false }), saeArchitectures).options.adaptThreads).toBe(true);
    expect(resolveSaeOptions({}, config({ sae: { adaptThreads: false } }), saeArchitectures).options.adaptThreads).toBe(false);
    expect(() => resolveSaeOptions({}, config({ adaptThreads: 'no' }), saeArchitectures)).toThrow('--config c.json: config field adaptThreads must be true or false, got "no"');
    expect(() => resolveSaeOptions({}, config({ adaptThreads: true, sae: { adaptThreads: false } }), saeArchitectures)).toThrow(
      '--config c.json: adaptThreads is given twice (config fields adaptThreads and sae.adaptThreads); keep one',
    );
    expect(() => resolveSaeOptions({}, config({ adaptThread: true }), saeArchitectures)).toThrow('unknown config field "adaptThread" (known: seed, threads, adaptThreads, sae)');
  });
});
