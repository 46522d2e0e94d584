import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { createMlp, mlpToSafetensors } from '@interp/models';
import { createSae, serializeSae, type Sae } from '@interp/sae';
import { createFixtureRun, renderReports, reportFiles } from '@interp/viz';
import { beforeAll, describe, expect, it } from 'vitest';
import { createZip } from './createZip';
import { createEditedSae } from './editSae';
import { explainWorkerError } from './explainWorkerError';
import { installImmediateTimeouts, type TimerScope } from './installImmediateTimeouts';
import { linkReportToProbe, reportLinkScript } from './linkReportToProbe';
import { findConfigProblem, labPresets } from './labConfig';
import { readRunFiles, RunFileError, type RunFile } from './readRunFiles';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

function smallSae(dIn = 4, dSae = 6): Sae {
  const W_enc = new Float32Array(dIn * dSae);
  const W_dec = new Float32Array(dSae * dIn);
  for (let i = 0; i < W_enc.length; i++) W_enc[i] = ((i * 7) % 5) / 5 - 0.3;
  for (let i = 0; i < W_dec.length; i++) W_dec[i] = ((i * 3) % 7) / 7 - 0.4;
  return createSae({ W_enc, W_dec, b_enc: new Float32Array(dSae).fill(0.1), b_dec: new Float32Array(dIn) }, { dIn, dSae, activation: { type: 'relu' }, applyBDecToInput: false });
}

describe('createZip', () => {
  it('writes an archive that unzip lists and extracts byte for byte', () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) % 256);
    const zip = createZip([
      { path: 'a.safetensors', data: bytes },
      { path: '.interp/train-sae.json', data: '{"step":"train-sae"}' },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'lab-zip-'));
    writeFileSync(join(dir, 'run.zip'), zip);
    let unzip = true;
    try {
      execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    } catch {
      unzip = false;
    }
    if (unzip) {
      execFileSync('unzip', ['-q', join(dir, 'run.zip'), '-d', join(dir, 'out')]);
      expect(new Uint8Array(readFileSync(join(dir, 'out', 'a.safetensors')))).toEqual(bytes);
      expect(readFileSync(join(dir, 'out', '.interp', 'train-sae.json'), 'utf8')).toBe('{"step":"train-sae"}');
    } else {
      // no unzip here: check the end-of-central-directory record by hand
      const view = new DataView(zip.buffer, zip.byteOffset);
      expect(view.getUint32(zip.length - 22, true)).toBe(0x06054b50);
      expect(view.getUint16(zip.length - 12, true)).toBe(2);
    }
  });

  it('rejects a path that climbs out of the folder', () => {
    expect(() => createZip([{ path: '../x', data: '' }])).toThrow(/bad path "..\/x"/);
  });
});

describe('createEditedSae', () => {
  it('ablates, clamps and scales features, and steers along a decoder row', () => {
    const sae = smallSae();
    const x = tf.tensor2d([[1, 0.5, -0.2, 0.3]]);
    const f = Array.from(sae.encode(x).dataSync());
    const edited = createEditedSae(
      sae,
      [
        { feature: 0, mode: 'ablate', value: 0 },
        { feature: 1, mode: 'clamp', value: 3 },
        { feature: 2, mode: 'scale', value: 2 },
      ],
      [{ feature: 5, strength: 1.5 }],
    );
    const g = Array.from(edited.encode(x).dataSync());
    expect(g[0]).toBe(0);
    expect(g[1]).toBe(3);
    expect(g[2]).toBeCloseTo(2 * (f[2] as number), 6);
    expect(g.slice(3)).toEqual(f.slice(3));
    const plain = Array.from(sae.decode(tf.tensor2d([g])).dataSync());
    const steered = Array.from(edited.forward(x).dataSync());
    const wDec = sae.W_dec.dataSync();
    steered.forEach((v, c) => expect(v).toBeCloseTo((plain[c] as number) + 1.5 * (wDec[5 * 4 + c] as number), 5));
    edited.dispose();
    expect(Array.from(sae.encode(x).dataSync())).toEqual(f); // the original is untouched and alive
  });

  it('names the valid range of a bad feature id', () => {
    expect(() => createEditedSae(smallSae(), [{ feature: 6, mode: 'ablate', value: 0 }])).toThrow(/feature must be an integer in \[0, 5\], got 6/);
  });
});

describe('findConfigProblem', () => {
  it('accepts the presets and names a bad knob with its range', () => {
    for (const preset of Object.values(labPresets)) expect(findConfigProblem(preset)).toBeUndefined();
    const bad = structuredClone(labPresets.quick);
    bad.sae.k = 300;
    expect(findConfigProblem(bad)).toBe('k must be an integer in [1, 256], got 300');
    bad.sae.k = 16;
    bad.mlp.hiddenSize = 2.5;
    expect(findConfigProblem(bad)).toMatch(/^hidden width must be an integer in \[4, 4096\]/);
  });
});

describe('readRunFiles', () => {
  const files = (sae: Sae): RunFile[] => {
    const s = serializeSae(sae);
    const mlp = createMlp({ hiddenSize: 6, bottleneckSize: 3 }, { seed: 1 });
    const mlpBytes = mlpToSafetensors(mlp);
    mlp.dispose();
    return [
      { name: 'run/mlp_weights.safetensors', bytes: mlpBytes },
      { name: 'run/sae_weights.safetensors', bytes: s['sae_weights.safetensors'] },
      { name: 'run/cfg.json', bytes: new TextEncoder().encode(s['cfg.json']) },
    ];
  };

  it('reads a matching MLP and SAE', () => {
    const run = readRunFiles(files(smallSae(6, 10)));
    expect(run.sae.config.dSae).toBe(10);
    expect(run.hook).toBe('hidden.post');
    run.mlp.dispose();
    run.sae.dispose();
  });

  it('names a missing file', () => {
    expect(() => readRunFiles(files(smallSae(6, 10)).slice(1))).toThrow(/^mlp_weights\.safetensors is missing/);
  });

  it('names an MLP that does not match the SAE', () => {
    expect(() => readRunFiles(files(smallSae(4, 10)))).toThrow(RunFileError);
    expect(() => readRunFiles(files(smallSae(4, 10)))).toThrow(/d_in = 4 values at hidden\.post, but the MLP .* is 6 wide/);
  });

  it('names a truncated safetensors file', () => {
    const f = files(smallSae(6, 10));
    const sae = f[1] as RunFile;
    f[1] = { name: sae.name, bytes: sae.bytes.subarray(0, sae.bytes.length - 8) };
    expect(() => readRunFiles(f)).toThrow(/sae_weights\.safetensors/);
  });
});

describe('explainWorkerError', () => {
  it('explains a lost WebGPU device (tfjs reports it as a mapAsync failure) and names the way out', () => {
    const text = explainWorkerError(new Error("Failed to execute 'mapAsync' on 'GPUBuffer': A valid external Instance reference no longer exists."));
    expect(text).toMatch(/^the WebGPU device was lost \(Failed to execute 'mapAsync'/);
    expect(text).toMatch(/choose the wasm backend/);
  });

  it('passes any other error message through unchanged, and stringifies non-errors', () => {
    expect(explainWorkerError(new RangeError('sae.k must be an integer in [1, 128], got 0'))).toBe('sae.k must be an integer in [1, 128], got 0');
    expect(explainWorkerError('plain')).toBe('plain');
  });
});

describe('installImmediateTimeouts', () => {
  /** A scope whose native timers only record their calls (they never fire). */
  function fakeScope(): TimerScope & { calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      setTimeout: (_handler, ms) => {
        calls.push(`set ${String(ms)}`);
        return 7;
      },
      clearTimeout: (id) => {
        calls.push(`clear ${String(id)}`);
      },
    };
  }
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('runs zero-delay timeouts in order, with their arguments, in a later task and without the native timer', async () => {
    const scope = fakeScope();
    const restore = installImmediateTimeouts(scope);
    const ran: string[] = [];
    const run = scope.setTimeout as unknown as (fn: (x: string) => void, ms?: number, ...args: string[]) => unknown;
    run((x) => ran.push(x), 0, 'a');
    run((x) => ran.push(x), undefined, 'b');
    run(() => ran.push('c'));
    expect(ran).toEqual([]);
    await settle();
    await settle();
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(scope.calls).toEqual([]);
    restore();
  });

  it('cancels a cleared zero-delay timeout and leaves other delays and their ids to the native timers', async () => {
    const scope = fakeScope();
    const restore = installImmediateTimeouts(scope);
    const ran: string[] = [];
    const first = scope.setTimeout(() => ran.push('cleared'), 0);
    scope.setTimeout(() => ran.push('kept'), 0);
    scope.clearTimeout(first);
    expect(scope.setTimeout(() => ran.push('native'), 5)).toBe(7);
    scope.clearTimeout(7);
    await settle();
    await settle();
    expect(ran).toEqual(['kept']);
    expect(scope.calls).toEqual(['set 5', 'clear 7']);
    restore();
  });

  it('restores the native timers', () => {
    const scope = fakeScope();
    const { setTimeout: nativeSet, clearTimeout: nativeClear } = scope;
    const restore = installImmediateTimeouts(scope);
    expect(scope.setTimeout).not.toBe(nativeSet);
    restore();
    expect(scope.setTimeout).toBe(nativeSet);
    expect(scope.clearTimeout).toBe(nativeClear);
  });
});

describe('linkReportToProbe', () => {
  const cspOf = (html: string): string => {
    const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    if (!m?.[1]) throw new Error('no CSP meta');
    return m[1].replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  };
  const scriptSrc = (html: string): string[] => (/script-src ([^;]*)/.exec(cspOf(html))?.[1] ?? '').split(' ');
  const pages = renderReports(createFixtureRun({ features: 64, seed: 3 }));

  it('adds the link script before </body> of every report, and its sha256 (node:crypto) to the page\'s script-src', () => {
    const hash = `'sha256-${createHash('sha256').update(reportLinkScript, 'utf8').digest('base64')}'`;
    for (const file of Object.values(reportFiles)) {
      const page = pages[file];
      expect(page, file).toBeDefined();
      const linked = linkReportToProbe(page as string);
      expect(linked.split(reportLinkScript).length, file).toBe(2);
      expect(linked.indexOf(reportLinkScript)).toBeLessThan(linked.lastIndexOf('</body>'));
      // the page's own scripts stay admitted, and the new one is too
      expect(scriptSrc(linked)).toEqual([hash, ...scriptSrc(page as string)]);
    }
  });

  it('leaves a page without a script-src policy or without </body> unchanged', () => {
    expect(linkReportToProbe('<html><body><p>x</p></body></html>')).toBe('<html><body><p>x</p></body></html>');
    const page = pages[reportFiles.heatmap] as string;
    const cut = page.slice(0, page.lastIndexOf('</body>'));
    expect(linkReportToProbe(cut)).toBe(cut);
  });
});
