import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNpyFile } from '@interp/npy/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInterp } from './__tests__/runInterp';

// interp train-sae --activations with a list of SAE configs: small sizes, the built CLI.
let dir: string;
const ROWS = 400;
const WIDTH = 12;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'interp-sweep-'));
  let s = 5;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const dirs = Array.from({ length: 20 }, () => Array.from({ length: WIDTH }, () => rand() - 0.5));
  const data = new Float32Array(ROWS * WIDTH);
  for (let r = 0; r < ROWS; r += 1) {
    for (let f = 0; f < dirs.length; f += 1) {
      if (rand() > 0.15) continue;
      const c = rand();
      for (let d = 0; d < WIDTH; d += 1) data[r * WIDTH + d] = data[r * WIDTH + d]! + c * dirs[f]![d]!;
    }
  }
  await writeNpyFile(join(dir, 'acts.npy'), { shape: [ROWS, WIDTH], data });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = (path: string) => stat(path).then(() => true, () => false);
const common = ['--epochs', '2', '--batch-size', '64', '--d-sae', '24', '--threads', '1', '--quiet'];

describe('interp train-sae --activations with "sae": [ ... ]', () => {
  it('trains every SAE of the list, writes each in its own SAELens folder, a sweep summary and the Pareto plot', async () => {
    const config = JSON.stringify({ seed: 3, sae: [{ k: 2 }, { k: 6, label: 'six' }, { architecture: 'relu', l1Coefficient: 0.3 }] });
    const out = join(dir, 'sweep');
    const r = await runInterp(['train-sae', '--activations', join(dir, 'acts.npy'), '--sae-out', out, '--config', config, '--eval-rows', '80', ...common, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout);
    const summary = JSON.parse(await readFile(join(out, 'sweep_summary.json'), 'utf8'));
    expect(summary.rows).toEqual(printed.rows);
    expect(summary.rows.map((row: { label: string; architecture: string; k: number | null; dSae: number; folder: string; split: string }) => [row.architecture, row.k, row.dSae, row.folder, row.split])).toEqual([
      ['topk', 2, 24, 'sae_0', 'validation'],
      ['topk', 6, 24, 'sae_1', 'validation'],
      ['relu', null, 24, 'sae_2', 'validation'],
    ]);
    expect(summary.rows[1].label).toBe('six');
    // one read of the 320 training rows per epoch, in batches of 64
    expect(summary.batchesRead).toBe(2 * Math.ceil(320 / 64));
    for (const row of summary.rows as Array<{ folder: string; fve: number; l0: number }>) {
      const cfg = JSON.parse(await readFile(join(out, row.folder, 'cfg.json'), 'utf8'));
      expect(cfg.d_sae).toBe(24);
      expect(await exists(join(out, row.folder, 'sae_weights.safetensors'))).toBe(true);
      expect(Number.isFinite(row.fve) && Number.isFinite(row.l0)).toBe(true);
    }
    expect(summary.rows[0].l0).toBeLessThanOrEqual(2);
    const svg = await readFile(join(out, 'sweep_pareto.svg'), 'utf8');
    expect((svg.match(/<circle class="point/g) ?? []).length).toBe(3);
    expect(svg).toContain('>six</text>');
  }, 180_000);

  it('the first SAE of the list is the SAE a single config trains', async () => {
    const single = join(dir, 'single');
    const sweep = join(dir, 'sweep-first');
    const a = await runInterp(['train-sae', '--activations', join(dir, 'acts.npy'), '--sae-out', single, '--config', JSON.stringify({ seed: 4, sae: { k: 3 } }), ...common]);
    const b = await runInterp(['train-sae', '--activations', join(dir, 'acts.npy'), '--sae-out', sweep, '--config', JSON.stringify({ seed: 4, sae: [{ k: 3 }, { k: 5 }] }), ...common]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(Buffer.compare(await readFile(join(single, 'sae_weights.safetensors')), await readFile(join(sweep, 'sae_0', 'sae_weights.safetensors')))).toBe(0);
  }, 180_000);

  it('a bad entry is a usage error (exit 2) naming its index, and nothing is written', async () => {
    const run = (sae: unknown, out: string) => runInterp(['train-sae', '--activations', join(dir, 'acts.npy'), '--sae-out', join(dir, out), '--config', JSON.stringify({ sae }), ...common]);
    const badK = await run([{ k: 2 }, { k: 0 }], 'bad-k');
    expect(badK.code).toBe(2);
    expect(badK.stderr).toMatch(/sae\[1\]\.k must be/);
    expect(await exists(join(dir, 'bad-k'))).toBe(false);
    const badField = await run([{ k: 2 }, { architecture: 'relu', k: 3 }], 'bad-field');
    expect(badField.code).toBe(2);
    expect(badField.stderr).toContain('config field sae[1].k does not apply to the relu architecture');
    const batch = await runInterp(['train-sae', '--activations', join(dir, 'acts.npy'), '--sae-out', join(dir, 'bad-batch'), '--config', JSON.stringify({ sae: [{ k: 2 }, { k: 3, batchSize: 32 }] }), '--epochs', '1', '--quiet']);
    expect(batch.code).toBe(2);
    expect(batch.stderr).toMatch(/sae\[1\]\.batchSize \(32\) differs from sae\[0\]\.batchSize/);
    const empty = await run([], 'empty');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('config field sae is an empty list');
  }, 180_000);
});
