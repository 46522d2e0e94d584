import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { selectBackend, describeBackend, wasmFileNames } from './index';

describe('selectBackend', () => {
  it('auto picks wasm with SIMD when tfjs-node is absent, and says so', async () => {
    const warnings: string[] = [];
    const info = await selectBackend({ onWarning: (m) => warnings.push(m) });
    expect(info.name).toBe('wasm');
    expect(info.simd).toBe(true);
    expect(info.description).toMatch(/^wasm \(SIMD/);
    expect(warnings).toEqual([]);
    const y = tf.matMul(tf.ones([2, 3]), tf.ones([3, 2]));
    expect(Array.from(await y.data())).toEqual([3, 3, 3, 3]);
  });

  it('forcing cpu switches to the cpu backend', async () => {
    const info = await selectBackend({ backend: 'cpu' });
    expect(info.name).toBe('cpu');
    expect(describeBackend().tfjsName).toBe('cpu');
  });

  it('forcing node without tfjs-node installed throws an error naming the package', async () => {
    await expect(selectBackend({ backend: 'node' })).rejects.toThrow(/@tensorflow\/tfjs-node/);
  });

  it('an unknown backend name is rejected with the allowed values', async () => {
    await expect(selectBackend({ backend: 'gpu' as never })).rejects.toThrow(/auto, node, wasm, cpu/);
  });

  it('wasmPaths as a prefix loads the wasm backend from that folder (how an app serves the files)', async () => {
    const dir = `${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`;
    const info = await selectBackend({ backend: 'wasm', wasmPaths: dir });
    expect(info.name).toBe('wasm');
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(wasmFileNames).toEqual(['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']);
  });

  it('wasmPaths with an unknown file name is rejected, naming the known ones', async () => {
    await expect(selectBackend({ backend: 'wasm', wasmPaths: { 'tfjs.wasm': '/x.wasm' } as never })).rejects.toThrow(
      /unknown file name "tfjs.wasm"; known: tfjs-backend-wasm.wasm/,
    );
  });
});
