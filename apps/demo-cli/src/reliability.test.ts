import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInterp, startInterp } from './__tests__/runInterp';
import { hashFile } from './hashFile';

// Tiny splits: generate takes well under a second of work, so these tests measure the CLI, not the pipeline.
const tiny = ['--preset', 'quick', '--train', '300', '--val', '50', '--test', '50'];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'interp-reliability-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every file of a folder (and of its .interp records folder) with its sha256. */
async function snapshot(folder: string): Promise<Record<string, string | undefined>> {
  const result: Record<string, string | undefined> = {};
  for (const sub of ['', '.interp']) {
    for (const name of await readdir(join(folder, sub)).catch(() => [] as string[])) {
      if (name === '.interp' || name === 'lock') continue;
      result[join(sub, name)] = await hashFile(join(folder, sub, name));
    }
  }
  return result;
}

describe('one run per --out', () => {
  it('a second run on a busy folder fails at once naming the holder; a killed holder leaves a stale lock that is cleared', async () => {
    const out = join(dir, 'locked');
    const first = startInterp(['run', '--preset', 'quick', '--out', out]);
    await first.waitFor('[3/7] Training MLP...');
    const second = await runInterp(['generate', '--out', out, ...tiny]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`${out} is in use by process ${first.child.pid} (interp run`);
    expect(second.stderr).toContain('--wait');
    first.child.kill('SIGKILL');
    await first.exited;
    // The killed run left its lock (and perhaps temp files); plant a temp file and a staging folder too.
    expect(JSON.parse(await readFile(join(out, '.interp', 'lock'), 'utf8')).pid).toBe(first.child.pid);
    await writeFile(join(out, '.mlp_activations.safetensors.4242.9f86d081.tmp'), 'x'.repeat(1000));
    await mkdir(join(out, '.interp', 'staging-4242-abc'));
    const third = await runInterp(['generate', '--out', out, ...tiny, '--quiet']);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toContain(`cleared a stale lock on ${out} left by process ${first.child.pid}`);
    expect(third.stderr).toMatch(/removed \d+ temp file\(s\)/);
    expect((await readdir(out)).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect((await readdir(join(out, '.interp'))).filter((f) => f.startsWith('staging-') || f === 'lock')).toEqual([]);
  }, 240_000);

  it('--wait waits for the holder instead of failing', async () => {
    const out = join(dir, 'wait');
    // A long generate holds the folder while the second one starts.
    const first = startInterp(['generate', '--out', out, '--preset', 'quick', '--train', '300000']);
    await first.waitFor('[2/7] Generating Dataset...');
    const second = await runInterp(['generate', '--out', out, ...tiny, '--wait']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`is in use by process ${first.child.pid}`);
    expect(second.stderr).toContain('waiting for it (--wait)');
    expect((await first.exited).code).toBe(0);
  }, 240_000);
});

describe('content-checked cache', () => {
  it('an artifact swapped with another file is detected, reported, and its step re-runs', async () => {
    const out = join(dir, 'swap');
    expect((await runInterp(['generate', '--out', out, ...tiny, '--quiet'])).code).toBe(0);
    const before = await snapshot(out);
    await cp(join(out, 'mlp_val.xlsx'), join(out, 'mlp_test.xlsx'));
    const again = await runInterp(['generate', '--out', out, ...tiny, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('generate: mlp_test.xlsx changed since generate ran (content hash differs');
    expect(JSON.parse(again.stdout).cached).toEqual([]);
    // Re-generated: the test split again, not the validation split's copy (xlsx time stamps differ from run to run).
    expect((await snapshot(out))['mlp_test.xlsx']).not.toBe(before['mlp_val.xlsx']);
    // Truncated: detected the same way. Untouched: cached.
    await writeFile(join(out, 'mlp_train.xlsx'), '');
    const truncated = await runInterp(['generate', '--out', out, ...tiny, '--json']);
    expect(truncated.stderr).toContain('mlp_train.xlsx changed since generate ran');
    expect(JSON.parse((await runInterp(['generate', '--out', out, ...tiny, '--json'])).stdout).cached).toEqual(['generate']);
    // A step whose input changed since its producer ran refuses to run on it.
    await writeFile(join(out, 'mlp_val.xlsx'), 'edited');
    const mlp = await runInterp(['train-mlp', '--out', out, '--preset', 'quick']);
    expect(mlp.code).toBe(2);
    expect(mlp.stderr).toContain('mlp_val.xlsx changed since generate ran');
    expect(mlp.stderr).toContain('run `interp generate` again');
  }, 240_000);
});

describe('errors name the file', () => {
  it('a split with zero data rows', async () => {
    const out = join(dir, 'empty-split');
    expect((await runInterp(['generate', '--out', out, ...tiny, '--quiet'])).code).toBe(0);
    const path = join(out, 'mlp_val.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1').addRow(['c1_0', 'c1_1', 'c1_2', 'c1_3', 'p1', 'c2_0', 'c2_1', 'c2_2', 'c2_3', 'p2', 'target']);
    await workbook.xlsx.writeFile(path);
    const recordPath = join(out, '.interp', 'generate.json');
    const record = JSON.parse(await readFile(recordPath, 'utf8'));
    record.hashes.val = await hashFile(path);
    await writeFile(recordPath, JSON.stringify(record));
    const r = await runInterp(['train-mlp', '--out', out, '--preset', 'quick']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path}: no data rows`);
  }, 180_000);
});

describe('errors as one line', () => {
  it('an artifact path that is a folder exits 1 naming the path (EISDIR)', async () => {
    const out = join(dir, 'eisdir');
    await mkdir(join(out, 'mlp_val.xlsx'), { recursive: true });
    const r = await runInterp(['generate', '--out', out, ...tiny, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`interp: cannot write ${join(out, 'mlp_val.xlsx')}: it is a folder`]);
  }, 120_000);

  it('stdout closed early (EPIPE) exits 1 with one line', async () => {
    const p = startInterp(['generate', '--out', join(dir, 'epipe'), ...tiny]);
    p.child.stdout.destroy();
    const { code } = await p.exited;
    expect(code).toBe(1);
    expect(p.output().trim().split('\n').at(-1)).toBe('interp: cannot write to stdout: closed early by its reader (EPIPE)');
    expect(p.output()).not.toMatch(/\n\s+at /); // no stack
  }, 120_000);

  it('sizes that cannot fit fail before step 1 with the memory they would need', async () => {
    const cfg = join(dir, 'huge.json');
    await writeFile(cfg, JSON.stringify({ preset: 'quick', sae: { dSae: 300000 } }));
    const r = await runInterp(['run', '--config', cfg, '--out', join(dir, 'huge')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sae\.dSae 300000 needs about \d+\.\d GB in the (train-sae|probe) step/);
    expect(r.stderr).not.toContain('[1/7]');
  }, 120_000);

  it('control characters from a config key are escaped on the terminal', async () => {
    const cfg = join(dir, 'ansi.json');
    await writeFile(cfg, JSON.stringify({ ['\u001b[2Jevil\r']: 1 }));
    const r = await runInterp(['generate', '--config', cfg, '--out', join(dir, 'ansi')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown config field \\u001b[2Jevil\\r');
    expect(r.stderr).not.toContain('\u001b');
  }, 120_000);
});

describe('Ctrl-C and crashes on a finished quick run', () => {
  const out = () => join(dir, 'quick');
  const epoch = { SOURCE_DATE_EPOCH: '1700000000' };
  beforeAll(async () => {
    const r = await runInterp(['run', '--preset', 'quick', '--out', out(), '--quiet'], epoch);
    expect(r.code, r.stderr).toBe(0);
  }, 600_000);

  it('with SOURCE_DATE_EPOCH, two runs with one seed give identical folders (run state in .interp aside)', async () => {
    const other = join(dir, 'quick-epoch');
    const r = await runInterp(['run', '--preset', 'quick', '--out', other, '--quiet'], epoch);
    expect(r.code, r.stderr).toBe(0);
    const a = await snapshot(out());
    const b = await snapshot(other);
    const artifacts = (x: Record<string, string | undefined>) => Object.fromEntries(Object.entries(x).filter(([k]) => !k.startsWith('.interp')));
    expect(Object.keys(artifacts(a)).length).toBeGreaterThanOrEqual(16);
    expect(artifacts(b)).toEqual(artifacts(a));
    expect(await readFile(join(out(), 'index.html'), 'utf8')).toContain('2023-11-14T22:13:20.000Z');
  }, 600_000);

  const banners = {
    generate: '[2/7] Generating Dataset...',
    'train-mlp': '[3/7] Training MLP...',
    harvest: '[4/7] Harvesting Activations...',
    'train-sae': '[5/7] Training Sparse Autoencoder (SAE)...',
    probe: '[6/7] Running Feature Probe...',
    report: '[7/7] Generating Feature Reports...',
  } as const;
  for (const [step, banner] of Object.entries(banners)) {
    it(`Ctrl-C during ${step} exits 130 promptly, leaving every artifact and record as it was`, async () => {
      const before = await snapshot(out());
      const p = startInterp([step, '--preset', 'quick', '--out', out(), '--force']);
      await p.waitFor(banner);
      p.child.kill('SIGINT');
      const { code } = await p.exited;
      expect(code, p.output()).toBe(130);
      expect(p.output()).toContain('interrupted');
      expect(await snapshot(out())).toEqual(before);
    }, 180_000);
  }

  it('a crash between the renames of the SAE set leaves a mixed set that no step accepts; the next run repairs it', async () => {
    const cfg = join(dir, 'k8.json');
    await writeFile(cfg, JSON.stringify({ preset: 'quick', sae: { k: 8 } }));
    const crashed = await runInterp(['train-sae', '--config', cfg, '--out', out(), '--quiet'], { INTERP_TEST_KILL_AFTER_FIRST_RENAME: '1' });
    expect(crashed.signal).toBe('SIGKILL');
    // sae_weights.safetensors now holds the k = 8 SAE, cfg.json still says k = 16.
    expect(JSON.parse(await readFile(join(out(), 'cfg.json'), 'utf8')).k).toBe(16);
    const probe = await runInterp(['probe', '--preset', 'quick', '--out', out()]);
    expect(probe.code).toBe(2);
    expect(probe.stderr).toContain('sae_weights.safetensors changed since train-sae ran');
    const repaired = await runInterp(['run', '--preset', 'quick', '--out', out(), '--json']);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stderr).toContain('train-sae: sae_weights.safetensors changed since train-sae ran');
    expect(JSON.parse(repaired.stdout).cached).toEqual(['generate', 'train-mlp', 'harvest', 'probe', 'report']);
    expect((await readdir(join(out(), '.interp'))).filter((f) => f.startsWith('staging-'))).toEqual([]);
  }, 300_000);

  it('the report rejects an edited probe_results.json or record (typed at the boundary), naming the file', async () => {
    const probePath = join(out(), 'probe_results.json');
    const recordPath = join(out(), '.interp', 'probe.json');
    const original = await readFile(probePath, 'utf8');
    const originalRecord = await readFile(recordPath, 'utf8');
    const probe = JSON.parse(original);
    probe.features[0].id = '<img src=x onerror="window.__xss=1">';
    await writeFile(probePath, JSON.stringify(probe));
    // Make the record agree with the edit, as an attacker would: only the schema stands in the way.
    const record = JSON.parse(originalRecord);
    record.hashes.probeResults = await hashFile(probePath);
    await writeFile(recordPath, JSON.stringify(record));
    const r = await runInterp(['report', '--preset', 'quick', '--out', out(), '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${probePath}: invalid field features[0].id`);
    await writeFile(probePath, original);
    await writeFile(recordPath, originalRecord);
    const harvestPath = join(out(), '.interp', 'harvest.json');
    const harvest = JSON.parse(await readFile(harvestPath, 'utf8'));
    harvest.files.activations = 'javascript:window.__xss=1';
    await writeFile(harvestPath, JSON.stringify(harvest));
    const link = await runInterp(['report', '--preset', 'quick', '--out', out(), '--force']);
    expect(link.code).toBe(1);
    expect(link.stderr).toContain('lists "javascript:window.__xss=1", which is not a file inside');
  }, 300_000);
});
