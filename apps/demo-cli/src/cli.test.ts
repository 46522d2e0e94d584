import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { selectBackend } from '@interp/backend';
import { readDatasetXlsx } from '@interp/dataset/node';
import { readActivationsInfo } from '@interp/harvest/node';
import { loadMlp } from '@interp/models/node';
import { readSafetensorsFile } from '@interp/safetensors/node';
import { loadSae } from '@interp/sae/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const run = promisify(execFile);
let dir: string;

async function interp(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { maxBuffer: 64 * 2 ** 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'interp-cli-'));
  await selectBackend();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('interp run --preset quick', () => {
  const out = () => join(dir, 'quick');
  let summary: Record<string, any>;

  it('runs the seven steps, prints only a JSON summary on stdout with --json, and writes every artifact', async () => {
    const r = await interp('run', '--preset', 'quick', '--out', out(), '--json');
    expect(r.code, r.stderr).toBe(0);
    summary = JSON.parse(r.stdout);
    for (const banner of [
      '[1/7] Activating Environment...',
      '[2/7] Generating Dataset...',
      '[3/7] Training MLP...',
      '[4/7] Harvesting Activations...',
      '[5/7] Training Sparse Autoencoder (SAE)...',
      '[6/7] Running Feature Probe...',
      '[7/7] Generating Feature Reports...',
    ]) {
      expect(r.stderr).toContain(banner);
    }
    expect(r.stderr).toContain('Sample Input: [8, 9, 5, 1, 3, 2, 9, 4, 7, 1] | Expected Output: 8.0');
    expect(summary.backend).toMatch(/^wasm/);
    // The SAE step ran on every core by default (--threads auto), and says so in the log and the summary.
    expect(summary.threadsRequested).toBe('auto');
    expect(summary.sae.threads).toBe(availableParallelism());
    expect(r.stderr).toContain(`MLP and SAE steps all cores (${availableParallelism()})`);
    expect(r.stderr).toMatch(new RegExp(`SAE trained on ${availableParallelism()} thread\\(s\\)( \\([^\\n]*\\))?: \\d+ rows/s`));
    // ... and so did the MLP step
    expect(summary.mlp.threads).toBe(availableParallelism());
    // (with a note between the thread count and the figures when some steps ran on 1 thread on a busy machine)
    expect(r.stderr).toMatch(new RegExp(`MLP trained on ${availableParallelism()} thread\\(s\\)( \\([^\\n]*\\))?: \\d+ rows/s`));
    for (const v of [summary.mlp.testMse, summary.sae.fve, summary.sae.l0, summary.sae.deadFraction, summary.probe.mseRecovered, summary.probe.monosemanticShare]) {
      expect(Number.isFinite(v)).toBe(true);
    }
    for (const step of ['environment', 'generate', 'train-mlp', 'harvest', 'train-sae', 'probe', 'report', 'total']) {
      expect(summary.timings[step]).toBeGreaterThanOrEqual(0);
    }
    expect(summary.cached).toEqual([]);
  }, 300_000);

  it('leaves artifacts that parse: splits, MLP, activations, SAE in the SAELens layout, trace workbook, reports', async () => {
    const o = out();
    const train = await readDatasetXlsx(join(o, 'mlp_train.xlsx'));
    expect(train.rows).toBe(2000);
    expect((await readDatasetXlsx(join(o, 'mlp_val.xlsx'))).rows).toBe(300);
    expect((await readDatasetXlsx(join(o, 'mlp_test.xlsx'))).rows).toBe(300);
    const mlp = await loadMlp(o);
    expect(mlp.config.hiddenSize).toBe(128);
    mlp.dispose();
    const info = await readActivationsInfo(join(o, 'mlp_activations.safetensors'));
    expect([info.rows, info.width, info.hook]).toEqual([2000, 128, 'hidden.post']);
    const weights = await readSafetensorsFile(join(o, 'sae_weights.safetensors'));
    expect(weights.tensors.W_enc?.shape).toEqual([128, 256]);
    expect(weights.tensors.W_dec?.shape).toEqual([256, 128]);
    const cfg = JSON.parse(await readFile(join(o, 'cfg.json'), 'utf8'));
    expect([cfg.d_in, cfg.d_sae]).toEqual([128, 256]);
    expect((await readSafetensorsFile(join(o, 'sparsity.safetensors'))).tensors.sparsity?.shape).toEqual([256]);
    const sae = await loadSae(o);
    sae.dispose();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(o, 'circuit_trace_detailed.xlsx'));
    expect(wb.worksheets.length).toBeGreaterThanOrEqual(2);
    for (const page of ['index.html', 'logic_circuit_map.html', 'circuit_bell_curves.html', 'uhd_bold_sankey.html', 'features.html']) {
      const html = await readFile(join(o, page), 'utf8');
      expect(html.startsWith('<!DOCTYPE html>') || html.startsWith('<!doctype html>')).toBe(true);
      expect(summary.files[page]).toBe(join(o, page));
    }
    const probe = JSON.parse(await readFile(join(o, 'probe_results.json'), 'utf8'));
    expect(probe.probes).toHaveLength(5);
  }, 300_000);

  it('the same seed gives the same MLP weights, activations and SAE weights in another folder', async () => {
    const other = join(dir, 'quick-again');
    const r = await interp('run', '--preset', 'quick', '--out', other, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    for (const file of ['mlp_weights.safetensors', 'mlp_activations.safetensors', 'sae_weights.safetensors']) {
      const a = await readSafetensorsFile(join(dir, 'quick', file));
      const b = await readSafetensorsFile(join(other, file));
      expect(Object.keys(b.tensors)).toEqual(Object.keys(a.tensors));
      for (const [name, t] of Object.entries(a.tensors)) {
        expect(Buffer.from(b.tensors[name]!.data.buffer, b.tensors[name]!.data.byteOffset, b.tensors[name]!.data.byteLength).equals(
          Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength),
        ), `${file} ${name}`).toBe(true);
      }
    }
  }, 300_000);

  it('skips every cached step on a re-run, and re-runs a step and those after it when its config changes', async () => {
    const again = await interp('run', '--preset', 'quick', '--out', out(), '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).cached).toEqual(['generate', 'train-mlp', 'harvest', 'train-sae', 'probe', 'report']);
    const cfgPath = join(dir, 'sae.json');
    await writeFile(cfgPath, JSON.stringify({ preset: 'quick', sae: { k: 8 } }));
    const changed = await interp('run', '--config', cfgPath, '--out', out(), '--json');
    expect(changed.code, changed.stderr).toBe(0);
    expect(JSON.parse(changed.stdout).cached).toEqual(['generate', 'train-mlp', 'harvest']);
    // The preset chosen in the config file is the one the summary reports.
    expect(JSON.parse(changed.stdout).preset).toBe('quick');
    // The ReLU-only L1 coefficient does not change a TopK SAE: nothing re-runs.
    await writeFile(cfgPath, JSON.stringify({ preset: 'quick', sae: { k: 8, l1Coefficient: 0.9 } }));
    const l1 = await interp('run', '--config', cfgPath, '--out', out(), '--json');
    expect(l1.code, l1.stderr).toBe(0);
    expect(JSON.parse(l1.stdout).cached).toEqual(['generate', 'train-mlp', 'harvest', 'train-sae', 'probe', 'report']);
  }, 600_000);

  it('carries provenance (seed, architecture, k, threads) into cfg.json, the JSON summary and index.html, with fractions throughout', async () => {
    expect(summary.preset).toBe('quick');
    expect(summary.sae).toMatchObject({ architecture: 'topk', k: 16, seed: 42 });
    expect(summary.sae.threads).toBeGreaterThanOrEqual(1); // the SAE trainer's threads
    expect(typeof summary.threads).toBe('number'); // the backend's
    expect(summary.units.fractions).toContain('mseRecovered');
    // Later tests of this suite re-run the probe in `o` with k = 8; the other folder keeps the first run's.
    const probe = JSON.parse(await readFile(join(dir, 'quick-again', 'probe_results.json'), 'utf8'));
    expect(summary.probe.mseRecovered).toBeCloseTo(probe.splice.mseRecovered / 100, 12);
    // cfg.json is rewritten by later runs of this suite; read the first run's from the other folder.
    const cfg = JSON.parse(await readFile(join(dir, 'quick-again', 'cfg.json'), 'utf8'));
    expect(cfg.interp.provenance).toMatchObject({ seed: 42, threads: summary.sae.threads });
    expect(cfg.k).toBe(16);
    const index = await readFile(join(dir, 'quick-again', 'index.html'), 'utf8');
    expect(index).toContain('TopK SAE (k = 16)');
    expect(index).toContain('seed 42');
  });

  it('--threads 1 trains the same SAE bit for bit, and the summary, cfg.json, workbook and report say 1 thread', async () => {
    const other = join(dir, 'quick-again');
    const before = await readSafetensorsFile(join(other, 'sae_weights.safetensors'));
    const sae = await interp('train-sae', '--preset', 'quick', '--out', other, '--threads', '1', '--force', '--json');
    expect(sae.code, sae.stderr).toBe(0);
    expect(sae.stderr).toContain('SAE trained on 1 thread(s)');
    const s = JSON.parse(sae.stdout);
    expect([s.threadsRequested, s.sae.threads]).toEqual([1, 1]);
    const after = await readSafetensorsFile(join(other, 'sae_weights.safetensors'));
    for (const [name, t] of Object.entries(before.tensors)) {
      expect(Buffer.from(after.tensors[name]!.data.buffer, after.tensors[name]!.data.byteOffset, after.tensors[name]!.data.byteLength).equals(
        Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength),
      ), name).toBe(true);
    }
    expect(JSON.parse(await readFile(join(other, 'cfg.json'), 'utf8')).interp.provenance.threads).toBe(1);
    const run = await interp('run', '--preset', 'quick', '--out', other, '--threads', '1');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Threads: SAE step 1 (--threads 1)');
    expect(await readFile(join(other, 'index.html'), 'utf8')).toContain('1 thread ');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(other, 'circuit_trace_detailed.xlsx'));
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => cells.push(JSON.stringify(row.values))));
    expect(cells.some((c) => /"SAE threads",1\]/.test(c)), cells.join('\n')).toBe(true);
  }, 300_000);

  it('probes one row given with --input', async () => {
    const r = await interp('probe', '--input', '8,9,5,1,3,2,9,4,7,1', '--out', out(), '--preset', 'quick');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Sample Input: [8, 9, 5, 1, 3, 2, 9, 4, 7, 1] | Expected Output: 8.0');
    expect(r.stdout).toMatch(/Number of active SAE features: \d+/);
    expect(r.stdout).toMatch(/Feature # *\d+ \| Activation: \d+\.\d{4}/);
  }, 300_000);
});

describe('interruption', () => {
  it('Ctrl-C during the SAE step exits 130 and leaves the previous artifacts and records intact', async () => {
    const out = join(dir, 'quick');
    const before = await readFile(join(out, 'sae_weights.safetensors'));
    const record = await readFile(join(out, '.interp', 'train-sae.json'), 'utf8');
    const child = spawn(process.execPath, [cli, 'run', '--preset', 'quick', '--out', out, '--force'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    child.stdout.on('data', (d: Buffer) => {
      seen += d.toString();
      if (seen.includes('Loaded activations')) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(seen).toContain('[5/7] Training Sparse Autoencoder (SAE)...');
    expect(code).toBe(130);
    expect((await readFile(join(out, 'sae_weights.safetensors'))).equals(before)).toBe(true);
    expect(await readFile(join(out, '.interp', 'train-sae.json'), 'utf8')).toBe(record);
    expect((await readdir(out)).filter((f) => f.includes('.tmp'))).toEqual([]);
  }, 300_000);
});

describe('interp generate', () => {
  it('writes the three splits with 8000 / 1000 / 1000 rows, the same for the same seed', async () => {
    const a = await interp('generate', '--out', join(dir, 'a'), '--seed', '5');
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('Generating 8000 rows for mlp_train.xlsx...');
    expect(a.stdout).toContain('Successfully saved mlp_test.xlsx');
    const val = await readDatasetXlsx(join(dir, 'a', 'mlp_val.xlsx'));
    expect([(await readDatasetXlsx(join(dir, 'a', 'mlp_train.xlsx'))).rows, val.rows]).toEqual([8000, 1000]);
    expect((await interp('generate', '--out', join(dir, 'b'), '--seed', '5', '--quiet')).stdout).toBe('');
    const again = await readDatasetXlsx(join(dir, 'b', 'mlp_val.xlsx'));
    expect(Array.from(again.inputs)).toEqual(Array.from(val.inputs));
  }, 300_000);
});

describe('bad usage exits 2', () => {
  it('a bad config names the field and its allowed range', async () => {
    const cfgPath = join(dir, 'bad.json');
    await writeFile(cfgPath, JSON.stringify({ sae: { dSae: 0 } }));
    const r = await interp('run', '--config', cfgPath, '--out', join(dir, 'bad'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('config field sae.dSae must be an integer in [1, 1000000], got 0');
  });

  it('a config with __proto__ or constructor keys is rejected as unknown fields', async () => {
    const cfgPath = join(dir, 'proto.json');
    for (const text of ['{"__proto__": {"seed": 1}}', '{"constructor": {"name": "x"}}', '{"sae": {"__proto__": {}}}']) {
      await writeFile(cfgPath, text);
      const r = await interp('run', '--config', cfgPath, '--out', join(dir, 'proto'));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/unknown config field (sae\.)?(__proto__|constructor) \(known: /);
    }
  });

  it('a config file that is not JSON, or missing, is named', async () => {
    const cfgPath = join(dir, 'broken.json');
    await writeFile(cfgPath, '{ nope');
    expect((await interp('run', '--config', cfgPath)).stderr).toContain(`--config ${cfgPath}: not valid JSON`);
    const missing = await interp('run', '--config', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('file not found');
  });

  it('--seed that is not an integer, an unknown command or flag, and a step whose input is missing', async () => {
    const seed = await interp('generate', '--out', join(dir, 'c'), '--seed', 'abc');
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('--seed must be an integer');
    for (const bad of ['0x10', '1e3', ' 7 ']) {
      const r = await interp('generate', '--out', join(dir, 'c'), '--seed', bad);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`--seed must be an integer in [0, 4294967295] written in decimal digits, got ${JSON.stringify(bad)}`);
    }
    const threads = await interp('generate', '--out', join(dir, 'c'), '--threads', '0');
    expect(threads.code).toBe(2);
    expect(threads.stderr).toContain('--threads must be an integer in [1, 256] written in decimal digits, got "0"');
    const adapt = await interp('generate', '--out', join(dir, 'c'), '--adapt-threads', 'maybe');
    expect(adapt.code).toBe(2);
    expect(adapt.stderr).toContain('--adapt-threads must be on or off, got "maybe"');
    expect((await interp('frobnicate')).code).toBe(2);
    expect((await interp('generate', '--bogus')).code).toBe(2);
    const harvest = await interp('harvest', '--out', join(dir, 'empty'));
    expect(harvest.code).toBe(2);
    expect(harvest.stderr).toContain('run it first');
  }, 240_000);

  it('--help prints usage with examples and exits 0, for every command', async () => {
    for (const command of ['run', 'generate', 'train-mlp', 'harvest', 'train-sae', 'probe', 'report']) {
      const help = await interp(command, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`interp ${command}`);
      expect(help.stdout).toMatch(/Examples?:/);
    }
  }, 120_000);
});
