import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@interp/backend';
import { readSafetensorsFile } from '@interp/safetensors/node';
import { loadSae } from '@interp/sae/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInterp } from './__tests__/runInterp';

// interp run with "sae": [ ... ]: a small run (600 rows, 2 MLP epochs, dSae 64, 2 SAE epochs), the built CLI.
let dir: string;
const small = { preset: 'quick', seed: 7, data: { train: 600, val: 100, test: 100, mlpExtraRows: 1000 }, mlp: { epochs: 2 } };
const entry = (patch: Record<string, unknown>) => ({ dSae: 64, epochs: 2, evalRows: 100, ...patch });
const sweepConfig = { ...small, sae: [entry({ k: 4 }), entry({ k: 8 }), entry({ architecture: 'relu' })], primarySae: 1 };
const env = { SOURCE_DATE_EPOCH: '1' };
const exists = (path: string) => stat(path).then(() => true, () => false);
const run = (config: unknown, out: string, ...more: string[]) => runInterp(['run', '--config', JSON.stringify(config), '--out', out, '--threads', '1', ...more], env);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'interp-run-sweep-'));
  await selectBackend(); // for loadSae
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('interp run --config with "sae": [ ... ]', () => {
  const out = () => join(dir, 'sweep');
  const primaryFiles = ['sae_weights.safetensors', 'cfg.json', 'sparsity.safetensors', 'probe_results.json'];
  const sweepBytes = new Map<string, Buffer>();
  let summary: Record<string, any>;

  it('trains every SAE of the list and reports the sweep in the JSON summary', async () => {
    const r = await run(sweepConfig, out(), '--json');
    expect(r.code, r.stderr).toBe(0);
    summary = JSON.parse(r.stdout);
    expect(summary.cached).toEqual([]);
    expect(summary.sae).toMatchObject({ architecture: 'topk', k: 8, dSae: 64 });
    for (const file of primaryFiles) sweepBytes.set(file, await readFile(join(out(), file)));
  }, 300_000);

  it('writes the other SAEs to sae_<i>/ (loadable, their own sizes), sweep_summary.json and sweep_pareto.svg', async () => {
    expect(await exists(join(out(), 'sae_1'))).toBe(false);
    for (const [i, type] of [[0, 'topk'], [2, 'relu']] as const) {
      const sae = await loadSae(join(out(), `sae_${i}`));
      expect([sae.config.activation.type, sae.config.dSae]).toEqual([type, 64]);
      sae.dispose();
      const cfg = JSON.parse(await readFile(join(out(), `sae_${i}`, 'cfg.json'), 'utf8'));
      expect(cfg.interp.provenance.sweep).toMatchObject({ index: i, of: 3 });
    }
    const k4 = await readSafetensorsFile(join(out(), 'sae_0', 'sae_weights.safetensors'));
    expect(k4.tensors.W_enc?.shape).toEqual([128, 64]);
    const file = JSON.parse(await readFile(join(out(), 'sweep_summary.json'), 'utf8'));
    expect(file.primary).toBe(1);
    expect(file.rows.map((r: { index: number; architecture: string; k: number | null; folder: string }) => [r.index, r.architecture, r.k, r.folder])).toEqual([
      [0, 'topk', 4, 'sae_0'],
      [1, 'topk', 8, '.'],
      [2, 'relu', null, 'sae_2'],
    ]);
    expect(file.rows[0].l0).toBeLessThanOrEqual(4);
    // the JSON summary carries the same rows; its primary row is the run's SAE
    expect(summary.sweep.chosen).toBe(1);
    expect(summary.sweep.rows).toEqual(file.rows);
    expect(summary.sweep.rows[1].deadFraction).toBe(summary.sae.deadFraction);
    const svg = await readFile(join(out(), 'sweep_pareto.svg'), 'utf8');
    expect((svg.match(/<circle class="point/g) ?? []).length).toBe(3);
    for (const name of ['sweepSummary', 'sweepPareto', 'sae_0/sae_weights.safetensors', 'sae_2/cfg.json']) expect(summary.files[name]).toBe(join(out(), name.startsWith('sweep') ? (name === 'sweepSummary' ? 'sweep_summary.json' : 'sweep_pareto.svg') : name));
  });

  it('index.html shows the sweep table, the primary SAE marked, and the Pareto plot', async () => {
    const html = await readFile(join(out(), 'index.html'), 'utf8');
    const table = /<table class="sweep">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    const rows = [...table.matchAll(/<tr[^>]*><td class="num">(\d+)<\/td><td>([^<]*)/g)].map((m) => [Number(m[1]), m[2]!.trim()]);
    expect(rows).toEqual(summary.sweep.rows.map((r: { index: number; label: string }) => [r.index, r.label]));
    expect(table).toMatch(/<tr class="chosen"><td class="num">1<\/td>/);
    const plot = /<svg[^>]*class="chart pareto"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect((plot.match(/<circle class="point/g) ?? []).length).toBe(3);
    // reproducible under SOURCE_DATE_EPOCH: no wall time in the page
    expect(html).not.toMatch(/batches read once each\) in /);
  });

  it('skips the SAE step when the list is unchanged and re-trains it when the list changes', async () => {
    const same = await run(sweepConfig, out(), '--json');
    expect(same.code, same.stderr).toBe(0);
    expect(JSON.parse(same.stdout).cached).toEqual(['generate', 'train-mlp', 'harvest', 'train-sae', 'probe', 'report']);
    const changed = await run({ ...sweepConfig, sae: [entry({ k: 4 }), entry({ k: 8 }), entry({ k: 12 })] }, out(), '--json');
    expect(changed.code, changed.stderr).toBe(0);
    const s = JSON.parse(changed.stdout);
    expect(s.cached).toEqual(['generate', 'train-mlp', 'harvest']);
    expect(s.sweep.rows[2]).toMatchObject({ architecture: 'topk', k: 12 });
    // the primary entry did not change, nor did its SAE
    expect(Buffer.compare(sweepBytes.get('sae_weights.safetensors')!, await readFile(join(out(), 'sae_weights.safetensors')))).toBe(0);
  }, 300_000);

  it('the primary SAE and the probe are the files a run with that entry alone writes', async () => {
    const solo = await run({ ...small, sae: entry({ k: 8 }) }, out(), '--json');
    expect(solo.code, solo.stderr).toBe(0);
    const s = JSON.parse(solo.stdout);
    expect(s.cached).toEqual(['generate', 'train-mlp', 'harvest']);
    expect(s.sweep).toBeUndefined();
    for (const file of primaryFiles) expect(Buffer.compare(sweepBytes.get(file)!, await readFile(join(out(), file))), file).toBe(0);
    expect(await readFile(join(out(), 'index.html'), 'utf8')).not.toContain('id="sweep"');
  }, 300_000);

  it('options a sweep must share are a usage error (exit 2) naming the entry, from the SAE step', async () => {
    const r = await run({ ...small, sae: [entry({ k: 4 }), entry({ k: 8, batchSize: 128 })] }, out());
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/sae\[1\]\.batchSize \(128\) differs from sae\[0\]\.batchSize \(256\)/);
  }, 300_000);
});

// Every config error has a test of its own in pipelineConfig.test.ts; here, that the CLI exits 2 and writes nothing.
describe('interp run --config with a bad "sae" list', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a bad entry field', { sae: [{ k: 4 }, { k: 0 }] }, 'config field sae[1].k must be an integer in [1, 1000000], got 0'],
    ['a list with task superposition', { task: 'superposition', sae: [{ k: 4 }, { k: 8 }] }, 'task "superposition" trains one SAE'],
  ];
  for (const [what, config, message] of cases) {
    it(`${what} is a usage error (exit 2) and nothing is written`, async () => {
      const out = join(dir, `bad-${what.replaceAll(' ', '-')}`);
      const r = await runInterp(['run', '--preset', 'quick', '--config', JSON.stringify(config), '--out', out]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(message);
      expect(await exists(out)).toBe(false);
    }, 60_000);
  }
});
