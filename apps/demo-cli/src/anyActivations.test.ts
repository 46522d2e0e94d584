import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@interp/backend';
import { harvestTfjs } from '@interp/harvest';
import { ACTIVATIONS_TENSOR, ROW_CONTEXT_TENSORS } from '@interp/harvest/node';
import { writeNpyFile } from '@interp/npy/node';
import * as tf from '@tensorflow/tfjs-core';
import { readSafetensorsFile, writeSafetensorsFile } from '@interp/safetensors/node';
import { compareDictionaries } from '@interp/probe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInterp } from './__tests__/runInterp';

// interp train-sae / report / inspect on activations of any model: small sizes, the built CLI.
let dir: string;
const ROWS = 600;
const WIDTH = 16;

/** Sparse non-negative mixtures of 24 random directions: data an SAE can fit in a few epochs. */
function makeActivations(rows: number, width: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const rand = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const dirs = Array.from({ length: 24 }, () => Array.from({ length: width }, () => rand() - 0.5));
  const data = new Float32Array(rows * width);
  for (let r = 0; r < rows; r += 1) {
    for (let f = 0; f < dirs.length; f += 1) {
      if (rand() > 0.12) continue;
      const c = rand();
      for (let d = 0; d < width; d += 1) data[r * width + d] = data[r * width + d]! + c * dirs[f]![d]!;
    }
  }
  return data;
}

const exists = (path: string) => stat(path).then(() => true, () => false);
const oneLine = (stderr: string) => stderr.trim().split('\n').filter((l) => l.startsWith('interp: '));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'interp-any-'));
  const data = makeActivations(ROWS, WIDTH, 3);
  await writeNpyFile(join(dir, 'acts.npy'), { shape: [ROWS, WIDTH], data });
  await mkdir(join(dir, 'shards'));
  await writeSafetensorsFile(join(dir, 'shards', 'part-1.safetensors'), { activations: { dtype: 'F32', shape: [300, WIDTH], data: data.slice(0, 300 * WIDTH) } });
  await writeSafetensorsFile(join(dir, 'shards', 'part-2.safetensors'), { activations: { dtype: 'F32', shape: [300, WIDTH], data: data.slice(300 * WIDTH) } });
  const labels = ['big,first_half'];
  for (let r = 0; r < ROWS; r += 1) labels.push(`${data[r * WIDTH]! > 0.2 ? 1 : 0},${r < ROWS / 2 ? 1 : 0}`);
  await writeFile(join(dir, 'labels.csv'), `${labels.join('\n')}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const train = ['--d-sae', '32', '--k', '4', '--epochs', '3', '--batch-size', '64', '--threads', '1', '--quiet'];

describe('interp train-sae --activations', () => {
  it('trains on a .npy file and on a folder of safetensors shards, writing a loadable SAELens folder', async () => {
    const r = await runInterp(['train-sae', '--activations', join(dir, 'acts.npy'), '--sae-out', join(dir, 'sae'), ...train, '--hook', 'blocks.0.hook_resid_post', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.activations).toMatchObject({ rows: ROWS, width: WIDTH, hook: 'blocks.0.hook_resid_post' });
    expect(s.sae).toMatchObject({ architecture: 'topk', k: 4, dIn: WIDTH, dSae: 32, threads: 1 });
    expect(s.sae.fve).toBeGreaterThan(0.3);
    const cfg = JSON.parse(await readFile(join(dir, 'sae', 'cfg.json'), 'utf8'));
    expect([cfg.architecture, cfg.d_in, cfg.d_sae, cfg.k, cfg.metadata.hook_name]).toEqual(['topk', WIDTH, 32, 4, 'blocks.0.hook_resid_post']);
    const shards = await runInterp(['train-sae', '--activations', join(dir, 'shards'), '--sae-out', join(dir, 'sae-shards'), ...train, '--json']);
    expect(shards.code, shards.stderr).toBe(0);
    // The shard folder is the same rows as the file: the same seed gives the same SAE.
    expect(await readFile(join(dir, 'sae-shards', 'sae_weights.safetensors'))).toEqual(await readFile(join(dir, 'sae', 'sae_weights.safetensors')));
  }, 120_000);

  it('--stream trains from a shard folder one batch at a time, and measures every row', async () => {
    const r = await runInterp(['train-sae', '--activations', join(dir, 'shards'), '--sae-out', join(dir, 'sae-stream'), ...train, '--stream', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.activations).toMatchObject({ rows: ROWS, width: WIDTH, streamed: true });
    expect(s.sae.fve).toBeGreaterThan(0.3);
    expect(s.sae.deadFraction).toBeLessThan(1);
    const withEval = await runInterp(['train-sae', '--activations', join(dir, 'shards'), '--sae-out', join(dir, 'sae-stream2'), '--stream', '--eval-rows', '100']);
    expect(withEval.code).toBe(2);
    expect(await exists(join(dir, 'sae-stream2'))).toBe(false);
  }, 120_000);

  it('takes SAE options from --config (inline JSON), flags overriding it', async () => {
    const config = JSON.stringify({ seed: 3, sae: { architecture: 'relu', l1Coefficient: 0.2, dSae: 24, epochs: 2 } });
    const r = await runInterp(['train-sae', '--activations', join(dir, 'acts.npy'), '--sae-out', join(dir, 'sae-relu'), '--config', config, '--d-sae', '20', '--quiet', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).sae).toMatchObject({ architecture: 'relu', dSae: 20, seed: 3 });
  }, 120_000);

  it('trains a gated SAE with --target-l0 and saves it in the SAELens gated layout', async () => {
    const config = JSON.stringify({ seed: 3, sae: { architecture: 'gated', dSae: 24, epochs: 2 } });
    const r = await runInterp(['train-sae', '--activations', join(dir, 'acts.npy'), '--sae-out', join(dir, 'sae-gated'), '--config', config, '--target-l0', '4', '--quiet', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).sae).toMatchObject({ architecture: 'gated', dSae: 24 });
    const cfg = JSON.parse(await readFile(join(dir, 'sae-gated', 'cfg.json'), 'utf8')) as { architecture: string };
    expect(cfg.architecture).toBe('gated');
  }, 120_000);
});

describe('interp inspect', () => {
  it('prints the arrays of a .npy file and the cfg and tensors of an SAE folder, and --json', async () => {
    const npy = await runInterp(['inspect', join(dir, 'acts.npy')]);
    expect(npy.code, npy.stderr).toBe(0);
    expect(npy.stdout).toMatch(/f4 +\[600, 16\] +<f4, C order/);
    const sae = await runInterp(['inspect', join(dir, 'sae'), '--json']);
    expect(sae.code, sae.stderr).toBe(0);
    const j = JSON.parse(sae.stdout);
    expect(j.kind).toBe('sae');
    expect(j.cfg.d_sae).toBe(32);
    expect(j.loads).toBe('yes');
    expect(j.files[0].tensors).toContainEqual({ name: 'W_enc', dtype: 'F32', shape: [WIDTH, 32] });
    const shards = await runInterp(['inspect', join(dir, 'shards')]);
    expect(shards.stdout).toContain('600 rows x 16 in all');
  }, 60_000);
});

describe('interp report --sae --activations', () => {
  it('writes the feature dashboard and run summary, with ground-truth labels from --labels', async () => {
    const out = join(dir, 'report');
    const r = await runInterp(['report', '--sae', join(dir, 'sae'), '--activations', join(dir, 'acts.npy'), '--labels', join(dir, 'labels.csv'), '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.sae).toMatchObject({ dIn: WIDTH, dSae: 32 });
    expect(s.labels).toMatchObject({ concepts: 2 });
    expect(s.labels.scoredCount).toBeGreaterThan(0);
    expect(Object.keys(s.files).sort()).toEqual(['features.html', 'index.html']);
    const index = await readFile(join(out, 'index.html'), 'utf8');
    expect(index).toContain(`600 rows of 16-wide activations at blocks.0.hook_resid_post`);
    expect(index).not.toContain('MLP test MSE');
    const features = await readFile(join(out, 'features.html'), 'utf8');
    expect(features).toContain('"unitName":"dimension"');
  }, 120_000);
});

/** The features embedded in a features.html. */
async function readDashboardFeatures(path: string): Promise<Array<{ id: number; topRows: Array<{ inputs: number[]; activation: number; context?: Record<string, unknown> }> }>> {
  const html = await readFile(path, 'utf8');
  const json = /<script type="application\/json" id="report-data">([^]*?)<\/script>/.exec(html)?.[1];
  return (JSON.parse(json ?? 'null') as { features: Array<{ id: number; topRows: Array<{ inputs: number[]; activation: number; context?: Record<string, unknown> }> }> }).features;
}

describe('interp report --sae: context of sequence-model rows', () => {
  it('shows the example, position and token of a harvested sequence file, and --context text over a [batch, positions, width] .npy', async () => {
    await selectBackend({ backend: 'cpu', onWarning: () => undefined });
    // A toy sequence model: token embeddings plus a position term, 40 sequences of 15 tokens, harvested.
    const [B, P, V] = [40, 15, 30];
    const rand = (() => {
      let s = 11;
      return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    })();
    const tokens = Int32Array.from({ length: B * P }, () => Math.floor(rand() * V));
    const table = tf.tensor2d(makeActivations(V, WIDTH, 5), [V, WIDTH]);
    const acts = await harvestTfjs((x) => tf.tidy(() => tf.add(tf.gather(table, x), tf.mul(tf.reshape(tf.range(0, P), [1, P, 1]), 0.01))), { data: tokens, shape: [B, P] });
    table.dispose();
    expect(acts.token).toBeDefined();
    await writeSafetensorsFile(join(dir, 'seq.safetensors'), {
      [ACTIVATIONS_TENSOR]: { dtype: 'F32', shape: [acts.rows, acts.width], data: acts.data },
      [ROW_CONTEXT_TENSORS.example]: { dtype: 'I32', shape: [acts.rows], data: acts.example },
      [ROW_CONTEXT_TENSORS.position]: { dtype: 'I32', shape: [acts.rows], data: acts.position },
      [ROW_CONTEXT_TENSORS.token]: { dtype: 'I32', shape: [acts.rows], data: acts.token! },
    });
    const out = join(dir, 'seq-report');
    const r = await runInterp(['report', '--sae', join(dir, 'sae'), '--activations', join(dir, 'seq.safetensors'), '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const features = await readDashboardFeatures(join(out, 'features.html'));
    const tops = features.flatMap((f) => f.topRows);
    expect(tops.length).toBeGreaterThan(0);
    for (const t of tops) {
      const row = t.inputs[0]!;
      expect(t.context).toEqual({ example: Math.floor(row / P), position: row % P, token: tokens[row] });
    }

    // The same rows as a [batch, positions, width] .npy: example and position from the shape; token and text from --context.
    await writeNpyFile(join(dir, 'seq.npy'), { shape: [B, P, WIDTH], data: acts.data });
    const text = (row: number) => ` tok${tokens[row]}, at ${row % P}`;
    const lines = ['token,text', ...Array.from(tokens, (t, row) => `${t},"${text(row)}"`)];
    await writeFile(join(dir, 'seq-context.csv'), `${lines.join('\n')}\n`);
    const out2 = join(dir, 'seq-report-npy');
    const r2 = await runInterp(['report', '--sae', join(dir, 'sae'), '--activations', join(dir, 'seq.npy'), '--context', join(dir, 'seq-context.csv'), '--out', out2, '--quiet']);
    expect(r2.code, r2.stderr).toBe(0);
    const features2 = await readDashboardFeatures(join(out2, 'features.html'));
    expect(features2.map((f) => f.topRows.map((t) => t.inputs[0]))).toEqual(features.map((f) => f.topRows.map((t) => t.inputs[0])));
    for (const t of features2.flatMap((f) => f.topRows)) {
      const row = t.inputs[0]!;
      expect(t.context).toEqual({ example: Math.floor(row / P), position: row % P, token: tokens[row], text: text(row) });
    }
    // Rows without any context (a 2-D .npy) keep the row index only.
    const out3 = join(dir, 'plain-report');
    expect((await runInterp(['report', '--sae', join(dir, 'sae'), '--activations', join(dir, 'acts.npy'), '--out', out3, '--quiet'])).code).toBe(0);
    expect((await readDashboardFeatures(join(out3, 'features.html'))).flatMap((f) => f.topRows).filter((t) => t.context !== undefined)).toEqual([]);
  }, 120_000);
});

describe('bad input: one line naming the file and the problem, exit 1 (2 for usage), nothing written', () => {
  it('a width mismatch between the SAE and the activations', async () => {
    await writeNpyFile(join(dir, 'wide.npy'), { shape: [40, 24], data: new Float32Array(40 * 24).map((_, i) => i % 7) });
    const out = join(dir, 'bad-width');
    const r = await runInterp(['report', '--sae', join(dir, 'sae'), '--activations', join(dir, 'wide.npy'), '--out', out]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toEqual([`interp: ${join(dir, 'wide.npy')}: activations are 24 wide, but the SAE in ${join(dir, 'sae')} has d_in 16; they must match`]);
    expect(await exists(out)).toBe(false);
  }, 60_000);

  it('an unknown architecture: as a flag (usage, 2) and in an SAE folder (1)', async () => {
    const flag = await runInterp(['train-sae', '--activations', join(dir, 'acts.npy'), '--sae-out', join(dir, 'bad-arch'), '--architecture', 'transcoder']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('unknown SAE architecture "transcoder" (known: topk, relu');
    expect(await exists(join(dir, 'bad-arch'))).toBe(false);
    await mkdir(join(dir, 'sae-foo'));
    const cfg = JSON.parse(await readFile(join(dir, 'sae', 'cfg.json'), 'utf8'));
    await writeFile(join(dir, 'sae-foo', 'cfg.json'), JSON.stringify({ ...cfg, architecture: 'foo' }));
    await writeFile(join(dir, 'sae-foo', 'sae_weights.safetensors'), await readFile(join(dir, 'sae', 'sae_weights.safetensors')));
    const out = join(dir, 'bad-arch-report');
    const r = await runInterp(['report', '--sae', join(dir, 'sae-foo'), '--activations', join(dir, 'acts.npy'), '--out', out]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(join(dir, 'sae-foo'));
    expect(r.stderr).toMatch(/architecture "foo"/);
    expect(await exists(out)).toBe(false);
  }, 60_000);

  it('an unsupported cfg field', async () => {
    await mkdir(join(dir, 'sae-norm'));
    const cfg = JSON.parse(await readFile(join(dir, 'sae', 'cfg.json'), 'utf8'));
    await writeFile(join(dir, 'sae-norm', 'cfg.json'), JSON.stringify({ ...cfg, normalize_activations: 'batch_norm' }));
    await writeFile(join(dir, 'sae-norm', 'sae_weights.safetensors'), await readFile(join(dir, 'sae', 'sae_weights.safetensors')));
    const out = join(dir, 'bad-norm-report');
    const r = await runInterp(['report', '--sae', join(dir, 'sae-norm'), '--activations', join(dir, 'acts.npy'), '--out', out]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toEqual([`interp: loadSae: ${join(dir, 'sae-norm')}: cfg.json: normalize_activations "batch_norm" is not supported; expected one of none, expected_average_only_in, constant_norm_rescale, layer_norm`]);
    expect(await exists(out)).toBe(false);
  }, 60_000);

  it('a NaN in the activations, named by row and column', async () => {
    const data = makeActivations(50, WIDTH, 5);
    data[17 * WIDTH + 5] = Number.NaN;
    await writeNpyFile(join(dir, 'nan.npy'), { shape: [50, WIDTH], data });
    const r = await runInterp(['train-sae', '--activations', join(dir, 'nan.npy'), '--sae-out', join(dir, 'bad-nan'), ...train]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(`${join(dir, 'nan.npy')}: activation row 17, column 5 is NaN`);
    expect(await exists(join(dir, 'bad-nan'))).toBe(false);
  }, 60_000);

  it('an empty file', async () => {
    await writeFile(join(dir, 'empty.npy'), '');
    const r = await runInterp(['train-sae', '--activations', join(dir, 'empty.npy'), '--sae-out', join(dir, 'bad-empty'), ...train]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toEqual([`interp: ${join(dir, 'empty.npy')}: the file is empty (0 bytes); expected activations in safetensors, .npy or .npz`]);
    expect(await exists(join(dir, 'bad-empty'))).toBe(false);
  }, 60_000);

  it('a labels file whose row count differs from the activations', async () => {
    await writeFile(join(dir, 'short.csv'), 'a,b\n1,0\n0,1\n');
    const out = join(dir, 'bad-labels');
    const r = await runInterp(['report', '--sae', join(dir, 'sae'), '--activations', join(dir, 'acts.npy'), '--labels', join(dir, 'short.csv'), '--out', out]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toEqual([`interp: ${join(dir, 'short.csv')}: 2 label row(s), but the activations have 600 rows; one label row per activation row is needed`]);
    expect(await exists(out)).toBe(false);
  }, 60_000);

  it('a --context file: an unknown column, a non-integer, a row count that differs', async () => {
    const cases: Array<[string, string, string]> = [
      ['ctx-col.csv', 'example,word\n', `line 1, column 2: "word" is not a row context column; expected some of example, position, token, text`],
      ['ctx-int.csv', `example,text\n${Array.from({ length: ROWS }, (_, i) => (i === 4 ? '1.5,x' : `${i},x`)).join('\n')}\n`, 'line 6, column "example": "1.5" is not an integer >= 0'],
      ['ctx-short.csv', 'token\n1\n2\n', '2 row context line(s), but the activations have 600 rows; one line per activation row is needed'],
    ];
    for (const [name, body, message] of cases) {
      await writeFile(join(dir, name), body);
      const out = join(dir, `bad-${name}`);
      const r = await runInterp(['report', '--sae', join(dir, 'sae'), '--activations', join(dir, 'acts.npy'), '--context', join(dir, name), '--out', out]);
      expect(r.code).toBe(1);
      expect(oneLine(r.stderr)).toEqual([`interp: ${join(dir, name)}: ${message}`]);
      expect(await exists(out)).toBe(false);
    }
  }, 60_000);

  it('a row context tensor that is not one integer per row', async () => {
    const data = makeActivations(50, WIDTH, 8);
    const file = join(dir, 'bad-ctx.safetensors');
    await writeSafetensorsFile(file, { activations: { dtype: 'F32', shape: [50, WIDTH], data }, position: { dtype: 'I32', shape: [49], data: new Int32Array(49) } });
    const out = join(dir, 'bad-ctx-tensor');
    const r = await runInterp(['report', '--sae', join(dir, 'sae'), '--activations', file, '--out', out]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toEqual([`interp: ${file}: tensor "position" is I32 [49]; a row context tensor must be an integer tensor of one value per activation row (50)`]);
    expect(await exists(out)).toBe(false);
  }, 60_000);

  it('usage errors exit 2: missing --sae-out, SAE flags without --activations, a bad SAE option value', async () => {
    expect((await runInterp(['train-sae', '--activations', join(dir, 'acts.npy')])).code).toBe(2);
    const stray = await runInterp(['train-sae', '--k', '4']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--k needs --activations');
    const epochs = await runInterp(['train-sae', '--activations', join(dir, 'acts.npy'), '--sae-out', join(dir, 'bad-epochs'), '--epochs', '0']);
    expect(epochs.code).toBe(2);
    expect(epochs.stderr).toContain('options.epochs must be an integer >= 1, got 0');
    expect(await exists(join(dir, 'bad-epochs'))).toBe(false);
    expect((await runInterp(['inspect'])).code).toBe(2);
  }, 60_000);
});

describe('interp run --config \'{"task": "superposition"}\'', () => {
  it('trains on synthetic data (no MLP step) and reports recovered vs true features, as compareDictionaries measures them', async () => {
    const out = join(dir, 'superposition');
    const config = { task: 'superposition', superposition: { rows: 4000, dimensions: 16, features: 32, activeFeatures: 2 }, sae: { dSae: 64, k: 3, epochs: 15, batchSize: 128, evalRows: 500 } };
    const r = await runInterp(['run', '--config', JSON.stringify(config), '--out', out, '--threads', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('[2/4] Generating Superposition Data...');
    expect(r.stderr).not.toContain('Training MLP');
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ task: 'superposition', saeThreads: 1, activations: { rows: 4000, width: 16 }, sae: { dSae: 64, k: 3 } });
    expect(s.dictionary.trueFeatures).toBe(32);
    expect(s.dictionary.recoveredFraction).toBeGreaterThan(0.5);
    // The figures are those of the written files: the decoder against the written true directions.
    const data = await readSafetensorsFile(join(out, 'superposition_data.safetensors'));
    const weights = await readSafetensorsFile(join(out, 'sae_weights.safetensors'));
    const m = compareDictionaries(weights.tensors.W_dec!.data as Float32Array, data.tensors.directions!.data as Float32Array, 16);
    expect(s.dictionary.recovered).toBe(m.recovered);
    expect(s.dictionary.meanMaxCosine).toBeCloseTo(m.meanMaxCosine, 6);
    const index = await readFile(join(out, 'index.html'), 'utf8');
    expect(index).toContain('True features recovered');
    expect(index).toContain('Recovered vs true features');
    expect(await readFile(join(out, 'features.html'), 'utf8')).toContain('"trueFeature":{"id":');
    expect(await exists(join(out, 'mlp_weights.safetensors'))).toBe(false);
    // Single steps belong to the built-in task.
    const step = await runInterp(['train-sae', '--config', JSON.stringify({ task: 'superposition' }), '--out', out]);
    expect(step.code).toBe(2);
    expect(step.stderr).toContain('task "superposition" runs as a whole: interp run');
  }, 180_000);
});
