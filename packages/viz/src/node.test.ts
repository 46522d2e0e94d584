import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFixtureRun } from './createFixtureRun';
import { writeReports } from './node';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('writeReports', () => {
  it('writes the five reports into a new folder, leaves no temp files and returns absolute paths', async () => {
    const base = await mkdtemp(join(tmpdir(), 'viz-'));
    dirs.push(base);
    const dir = join(base, 'nested', 'out');
    const paths = await writeReports(dir, createFixtureRun({ features: 32, seed: 1 }));
    expect(Object.keys(paths).sort()).toEqual(['circuit_bell_curves.html', 'features.html', 'index.html', 'logic_circuit_map.html', 'uhd_bold_sankey.html']);
    expect((await readdir(dir)).sort()).toEqual(Object.keys(paths).sort());
    for (const p of Object.values(paths)) {
      expect(isAbsolute(p)).toBe(true);
      expect((await readFile(p, 'utf8')).startsWith('<!doctype html>')).toBe(true);
    }
  });

  it('fails naming the target when the folder cannot be created, without partial files', async () => {
    const base = await mkdtemp(join(tmpdir(), 'viz-'));
    dirs.push(base);
    const paths = await writeReports(base, createFixtureRun({ features: 8, seed: 1 }));
    // A file where a folder is expected.
    await expect(writeReports(join(paths['index.html'] as string, 'sub'), createFixtureRun({ features: 8, seed: 1 }))).rejects.toThrow(/index\.html/);
  });
});
