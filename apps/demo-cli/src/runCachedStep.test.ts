import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashValue } from './hashValue';
import { runCachedStep } from './runCachedStep';

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'interp-cache-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('runCachedStep', () => {
  it('skips a step whose key is unchanged and whose files exist, and re-runs on a new key or --force', async () => {
    let runs = 0;
    const file = join(out, 'artifact.txt');
    const step = (key: string, force = false) =>
      runCachedStep({
        out,
        step: 'demo',
        key,
        force,
        run: async () => {
          runs += 1;
          await writeFile(file, String(runs));
          return { files: { artifact: file }, result: { runs } };
        },
      });
    expect((await step('a')).cached).toBe(false);
    const second = await step('a');
    expect(second.cached).toBe(true);
    expect(second.result).toEqual({ runs: 1 });
    expect((await step('b')).cached).toBe(false);
    expect((await step('b', true)).cached).toBe(false);
    expect(runs).toBe(3);
    await rm(file);
    expect((await step('b')).cached).toBe(false);
  });

  it('a step that throws leaves the previous record in place', async () => {
    await expect(
      runCachedStep({ out, step: 'demo', key: 'c', force: false, run: async () => Promise.reject(new Error('boom')) }),
    ).rejects.toThrow('boom');
    const again = await runCachedStep({ out, step: 'demo', key: 'b', force: false, run: async () => ({ files: {}, result: 0 }) });
    expect(again.cached).toBe(true);
  });
});

describe('hashValue', () => {
  it('ignores key order and changes with any value', () => {
    expect(hashValue({ a: 1, b: [1, 2] })).toBe(hashValue({ b: [1, 2], a: 1 }));
    expect(hashValue({ a: 1, b: [1, 2] })).not.toBe(hashValue({ a: 1, b: [2, 1] }));
  });
});
