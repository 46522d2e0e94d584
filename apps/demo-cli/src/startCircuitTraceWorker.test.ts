import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCircuitTraceXlsx } from '@interp/probe/node';
import { createFixtureRun } from '@interp/viz';
import { setZipFileTimes } from './setZipEntryTimes';
import { startCircuitTraceWorker } from './startCircuitTraceWorker';

describe('startCircuitTraceWorker', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('writes the workbook writeCircuitTraceXlsx writes on this thread, byte for byte (SOURCE_DATE_EPOCH set)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'interp-xlsx-worker-'));
    dirs.push(dir);
    const run = createFixtureRun({ features: 40 });
    const extra = { features: run.features, summary: { 'MSE recovered (%)': 93.5, Seed: 7 } };
    const before = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      const worker = startCircuitTraceWorker();
      try {
        await worker.write(join(dir, 'worker.xlsx'), run.trace, extra);
      } finally {
        worker.dispose();
      }
      await writeCircuitTraceXlsx(join(dir, 'here.xlsx'), run.trace, extra);
    } finally {
      if (before === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = before;
    }
    // zip entry times are the wall clock's (the report step stamps SOURCE_DATE_EPOCH on them afterwards)
    for (const name of ['worker.xlsx', 'here.xlsx']) await setZipFileTimes(join(dir, name), new Date(1700000000 * 1000));
    const [a, b] = await Promise.all([readFile(join(dir, 'worker.xlsx')), readFile(join(dir, 'here.xlsx'))]);
    expect(a.length).toBeGreaterThan(1000);
    expect(a.equals(b)).toBe(true);
  });

  it("rejects with writeCircuitTraceXlsx's error naming the path", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'interp-xlsx-worker-'));
    dirs.push(dir);
    await writeFile(join(dir, 'a-file'), 'x');
    const worker = startCircuitTraceWorker();
    try {
      const bad = join(dir, 'a-file', 'c.xlsx'); // a folder that is a file
      await expect(worker.write(bad, createFixtureRun({ features: 4 }).trace, {})).rejects.toThrow(/writeCircuitTraceXlsx .*a-file\/c\.xlsx/);
    } finally {
      worker.dispose();
    }
  });
});
