import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readDatasetXlsx } from '@interp/dataset/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const run = promisify(execFile);
let dir: string;

async function interp(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'interp-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('interp generate', () => {
  it('writes the three splits with 8000 / 1000 / 1000 rows, the same for the same seed', async () => {
    const a = await interp('generate', '--out', join(dir, 'a'), '--seed', '5');
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('Generating 8000 rows for mlp_train.xlsx...');
    expect(a.stdout).toContain('Successfully saved mlp_test.xlsx');
    const train = await readDatasetXlsx(join(dir, 'a', 'mlp_train.xlsx'));
    const val = await readDatasetXlsx(join(dir, 'a', 'mlp_val.xlsx'));
    const test = await readDatasetXlsx(join(dir, 'a', 'mlp_test.xlsx'));
    expect([train.rows, val.rows, test.rows]).toEqual([8000, 1000, 1000]);
    expect((await interp('generate', '--out', join(dir, 'b'), '--seed', '5', '--quiet')).stdout).toBe('');
    const again = await readDatasetXlsx(join(dir, 'b', 'mlp_val.xlsx'));
    expect(Array.from(again.inputs)).toEqual(Array.from(val.inputs));
  });

  it('exits 2 naming the flag when --seed is not an integer', async () => {
    const r = await interp('generate', '--out', join(dir, 'c'), '--seed', 'abc');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--seed must be an integer');
  });

  it('exits 2 on an unknown command or flag, and 0 with usage on --help', async () => {
    expect((await interp('frobnicate')).code).toBe(2);
    expect((await interp('generate', '--bogus')).code).toBe(2);
    const help = await interp('generate', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: interp generate');
  });
});
