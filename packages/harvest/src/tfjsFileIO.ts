import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new Error(`tfjs file IO: cannot write ${path}: ${(e as Error).message}`);
  }
}

function stripScheme(url: string): string {
  return url.startsWith('file://') ? url.slice('file://'.length) : url;
}

/**
 * A tfjs IO handler that saves a model to a folder as `model.json` + `weights.bin` (the layout
 * `@tensorflow/tfjs-node`'s `file://` handler writes) and loads it back, without tfjs-node. `path` is the
 * folder, or its `model.json`.
 *
 * @example
 * ```ts
 * import { tfjsFileIO } from '@interp/harvest/node';
 * await model.save(tfjsFileIO('out/model'));
 * const again = await tf.loadLayersModel(tfjsFileIO('out/model/model.json'));
 * ```
 */
export function tfjsFileIO(path: string): tf.io.IOHandler {
  const plain = stripScheme(path);
  const dir = plain.endsWith('.json') ? dirname(plain) : plain;
  const modelJson = plain.endsWith('.json') ? plain : join(plain, 'model.json');
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error('tfjs file IO: binary model topologies are not supported');
      await mkdir(dir, { recursive: true });
      const weights = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.signature ? { signature: artifacts.signature } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeAtomic(join(dir, 'weights.bin'), new Uint8Array(weights));
      await writeAtomic(modelJson, JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      let text: string;
      try {
        text = await readFile(modelJson, 'utf8');
      } catch (e) {
        throw new Error(`tfjs file IO: cannot read ${modelJson}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message}`);
      }
      const json = JSON.parse(text) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) {
            const bytes = await readFile(join(dirname(modelJson), p)).catch((e: NodeJS.ErrnoException) => {
              throw new Error(`tfjs file IO: cannot read weights ${join(dirname(modelJson), p)}: ${e.code === 'ENOENT' ? 'file not found' : e.message}`);
            });
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
        }
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

let registered = false;

/**
 * Makes `model.save('file://dir')`, `tf.loadLayersModel('file://dir/model.json')` and
 * `loadGraphModel('file://…')` work in Node without `@tensorflow/tfjs-node`, through {@link tfjsFileIO}.
 * Idempotent.
 *
 * @example
 * ```ts
 * import { registerTfjsFileIO } from '@interp/harvest/node';
 * registerTfjsFileIO();
 * await model.save('file://out/model');
 * ```
 */
export function registerTfjsFileIO(): void {
  if (registered) return;
  registered = true;
  const router = (url: string | string[]) => {
    const u = Array.isArray(url) ? url[0] : url;
    // tfjs' router registry skips a router that returns null
    return (typeof u === 'string' && u.startsWith('file://') ? tfjsFileIO(u) : null) as tf.io.IOHandler;
  };
  tf.io.registerSaveRouter(router);
  tf.io.registerLoadRouter(router);
}
