import * as tf from '@tensorflow/tfjs-core';

/**
 * A TensorFlow.js backend this toolkit knows how to pick.
 *
 * @example
 * ```ts
 * import { selectBackend, type BackendName } from '@interp/backend';
 * const name: BackendName = (await selectBackend()).name; // 'node', 'wasm' or 'cpu'
 * ```
 */
export type BackendName = 'node' | 'wasm' | 'cpu';

/**
 * What {@link selectBackend} may be asked for: a backend by name, or `'auto'`.
 *
 * @example
 * ```ts
 * import { selectBackend, type BackendRequest } from '@interp/backend';
 * const request: BackendRequest = process.env.INTERP_BACKEND === 'cpu' ? 'cpu' : 'auto';
 * await selectBackend({ backend: request });
 * ```
 */
export type BackendRequest = BackendName | 'auto';

/**
 * Options of {@link selectBackend}.
 *
 * @example
 * ```ts
 * import { selectBackend, type SelectBackendOptions } from '@interp/backend';
 * const warnings: string[] = [];
 * const options: SelectBackendOptions = { backend: 'wasm', threads: 4, onWarning: (m) => warnings.push(m) };
 * await selectBackend(options);
 * ```
 */
export interface SelectBackendOptions {
  /** Which backend to use; `'auto'` (default) tries node, then wasm, then cpu. */
  backend?: BackendRequest;
  /** Called with a warning when the slow cpu backend is the one picked by `'auto'`. Default: `console.warn`. */
  onWarning?: (message: string) => void;
  /**
   * Number of wasm threads, where the platform allows threaded wasm (a cross-origin isolated page or its
   * workers; not Node). That many run: tfjs on its own runs at most half of `navigator.hardwareConcurrency`
   * (one thread on a 2-core machine), which `selectBackend` compensates while the backend starts.
   */
  threads?: number;
  /**
   * Where the wasm backend fetches its `.wasm` files (see {@link wasmFileNames}): a URL prefix ending in `/`
   * (`'/assets/tfjs-wasm/'`), or one URL per file name (what a bundler hands out for imported assets).
   * Needed in a browser bundle, where the default (the folder of the page's script) rarely holds them;
   * in Node the installed package's folder is used when this is not given.
   */
  wasmPaths?: string | Partial<Record<WasmFileName, string>>;
}

/**
 * The three binaries of the wasm backend that an app must serve (SIMD, threaded SIMD, and the plain fallback).
 *
 * @example
 * ```ts
 * import { selectBackend, wasmFileNames } from '@interp/backend';
 * // copy node_modules/@tensorflow/tfjs-backend-wasm/dist/<name> for each of these into public/tfjs-wasm/
 * console.log(wasmFileNames.join(', '));
 * await selectBackend({ backend: 'wasm', wasmPaths: '/tfjs-wasm/' });
 * ```
 */
export const wasmFileNames = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;

/**
 * One of {@link wasmFileNames}.
 *
 * @example
 * ```ts
 * import { selectBackend, type WasmFileName } from '@interp/backend';
 * import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'; // a bundler's asset URL
 * const wasmPaths: Partial<Record<WasmFileName, string>> = { 'tfjs-backend-wasm-simd.wasm': simd };
 * await selectBackend({ backend: 'wasm', wasmPaths });
 * ```
 */
export type WasmFileName = (typeof wasmFileNames)[number];

/**
 * The backend that runs, and what it is.
 *
 * @example
 * ```ts
 * import { selectBackend, type BackendInfo } from '@interp/backend';
 * const info: BackendInfo = await selectBackend();
 * console.log(info.description); // e.g. 'wasm (SIMD, 1 thread), tfjs 4.22.0'
 * ```
 */
export interface BackendInfo {
  /** The short name: `node`, `wasm` or `cpu`. */
  name: BackendName;
  /** The tfjs backend name (`tensorflow`, `wasm`, `cpu`). */
  tfjsName: string;
  /** tfjs-core version. */
  tfjsVersion: string;
  /** Whether wasm SIMD is on (wasm only). */
  simd?: boolean;
  /** Threads the backend may use, where known. */
  threads?: number;
  /** A one-line description for logs and reports, e.g. `wasm (SIMD, 1 thread), tfjs 4.22.0`. */
  description: string;
}

const TFJS_NODE = '@tensorflow/tfjs-node';

type NodeRequire = (id: string) => unknown;

/** Node's `require`, built without importing any Node module (browser-safe); undefined elsewhere. */
function nodeRequire(): NodeRequire | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown; cwd?: () => string } }).process;
  const mod = proc?.getBuiltinModule?.('node:module') as typeof import('node:module') | undefined;
  if (!mod) return undefined;
  const here = typeof import.meta.url === 'string' ? import.meta.url : `${proc?.cwd?.() ?? '.'}/`;
  return mod.createRequire(here);
}

/** Loads tfjs-node by a name no bundler sees: from this package, else from the working directory. */
function loadTfjsNode(): boolean {
  const req = nodeRequire();
  if (!req) return false;
  const proc = (globalThis as { process?: { cwd?: () => string; getBuiltinModule?: (id: string) => unknown } }).process;
  const candidates: NodeRequire[] = [req];
  const mod = proc?.getBuiltinModule?.('node:module') as typeof import('node:module') | undefined;
  if (mod && proc?.cwd) candidates.push(mod.createRequire(`${proc.cwd()}/`));
  for (const r of candidates) {
    try {
      r(TFJS_NODE);
      return true;
    } catch {
      // not installed here: try the next place
    }
  }
  return false;
}

async function tryNode(): Promise<boolean> {
  if (!loadTfjsNode()) return false;
  return tf.findBackend('tensorflow') != null && (await tf.setBackend('tensorflow'));
}

/** The folder of the wasm binaries in Node (the browser default is the script's own folder). */
function wasmDistDirectory(): string | undefined {
  const req = nodeRequire() as (NodeRequire & { resolve?: (id: string) => string }) | undefined;
  if (!req?.resolve) return undefined;
  const main = req.resolve('@tensorflow/tfjs-backend-wasm');
  return main.slice(0, Math.max(main.lastIndexOf('/'), main.lastIndexOf('\\')) + 1);
}

/** Why the last wasm initialisation failed, for the error and warning texts. */
let lastWasmError = '';

function checkWasmPaths(paths: SelectBackendOptions['wasmPaths']): void {
  if (paths === undefined || typeof paths === 'string') return;
  for (const key of Object.keys(paths)) {
    if (!(wasmFileNames as readonly string[]).includes(key)) {
      throw new Error(`selectBackend: wasmPaths has an unknown file name ${JSON.stringify(key)}; known: ${wasmFileNames.join(', ')}`);
    }
  }
}

async function tryWasm(threads: number | undefined, paths: SelectBackendOptions['wasmPaths']): Promise<boolean> {
  lastWasmError = '';
  try {
    const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as typeof import('@tensorflow/tfjs-backend-wasm');
    const dir = paths ?? wasmDistDirectory();
    if (dir) wasm.setWasmPaths(dir);
    if (threads !== undefined) wasm.setThreadsCount(threads);
    wasmThreadsCount = () => {
      try {
        return wasm.getThreadsCount();
      } catch {
        return undefined;
      }
    };
    const ok = await withLogicalCoresFor(threads, () => tf.setBackend('wasm'));
    if (!ok) lastWasmError = 'tfjs could not initialise the wasm backend (are the .wasm files served at wasmPaths?)';
    return ok;
  } catch (error) {
    lastWasmError = error instanceof Error ? error.message : String(error);
    return false;
  }
}

/**
 * tfjs' threaded wasm binary caps its thread pool at `navigator.hardwareConcurrency / 2` (its C++ `init` assumes
 * two hyper-threads per core), so on a 2-core machine `setThreadsCount(2)` runs one thread. While the backend
 * starts (the binary reads the count once, then), this reports enough logical cores for `threads` to run, and
 * restores the browser's own value afterwards. No effect in Node (tfjs has no threaded wasm there) or without
 * `threads`.
 */
async function withLogicalCoresFor<T>(threads: number | undefined, start: () => Promise<T>): Promise<T> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  const cores = nav?.hardwareConcurrency;
  if (threads === undefined || !inBrowser() || nav === undefined || cores === undefined || cores >= 2 * threads) return start();
  const own = Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency');
  try {
    Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => 2 * threads });
  } catch {
    return start(); // a navigator that cannot be told: tfjs runs what it computes
  }
  try {
    return await start();
  } finally {
    if (own) Object.defineProperty(nav, 'hardwareConcurrency', own);
    else delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** True where this runs outside Node (a page or a worker). */
function inBrowser(): boolean {
  return nodeRequire() === undefined;
}

async function tryCpu(): Promise<boolean> {
  await import('@tensorflow/tfjs-backend-cpu');
  return tf.setBackend('cpu');
}

/** The wasm backend's thread count once it runs, when tfjs reports it. */
let wasmThreadsCount: () => number | undefined = () => undefined;

/**
 * Describes the backend tfjs is running on now.
 *
 * @example
 * ```ts
 * import { describeBackend } from '@interp/backend';
 * describeBackend().description; // the backend running now, e.g. 'wasm (SIMD, 1 thread), tfjs 4.22.0'
 * ```
 */
export function describeBackend(): BackendInfo {
  const tfjsName = tf.getBackend();
  const name: BackendName = tfjsName === 'tensorflow' ? 'node' : tfjsName === 'wasm' ? 'wasm' : 'cpu';
  const info: BackendInfo = { name, tfjsName, tfjsVersion: tf.version_core, description: '' };
  if (name === 'wasm') {
    info.simd = Boolean(tf.env().getBool('WASM_HAS_SIMD_SUPPORT'));
    const threadsOn = Boolean(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'));
    const count = threadsOn ? wasmThreadsCount() : 1;
    if (count !== undefined) info.threads = count;
    const threadText = !threadsOn || count === 1 ? '1 thread' : count === undefined ? 'multi-threaded' : `${count} threads`;
    info.description = `wasm (${info.simd ? 'SIMD' : 'no SIMD'}, ${threadText}), tfjs ${tf.version_core}`;
  } else if (name === 'node') {
    info.description = `node (libtensorflow via @tensorflow/tfjs-node), tfjs ${tf.version_core}`;
  } else {
    info.threads = 1;
    info.description = `cpu (plain JavaScript, slow), tfjs ${tf.version_core}`;
  }
  return info;
}

/** In a browser without `wasmPaths`, the hint that names the option. */
function wasmPathsHint(options: SelectBackendOptions): string {
  if (options.wasmPaths !== undefined || !inBrowser()) return '';
  return `; in a browser, serve ${wasmFileNames.join(', ')} and pass their location as selectBackend({ wasmPaths })`;
}

/**
 * Picks the fastest available TensorFlow.js backend: tfjs-node where it is
 * installed, else wasm (SIMD), else the plain JavaScript cpu backend, with a
 * warning since that one is about 50 times slower. A named backend is forced,
 * and an error names it when it cannot load.
 *
 * @example
 * ```ts
 * import { selectBackend } from '@interp/backend';
 * const info = await selectBackend();          // or { backend: 'wasm' }
 * console.log(`backend: ${info.description}`);
 * // in a browser bundle, say where the app serves the .wasm files:
 * await selectBackend({ backend: 'wasm', wasmPaths: '/tfjs-wasm/' });
 * ```
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendInfo> {
  const request = options.backend ?? 'auto';
  const warn = options.onWarning ?? ((m: string) => console.warn(m));
  if (!['auto', 'node', 'wasm', 'cpu'].includes(request)) {
    throw new Error(`selectBackend: backend must be one of auto, node, wasm, cpu, got ${JSON.stringify(request)}`);
  }
  checkWasmPaths(options.wasmPaths);
  if (request === 'node') {
    if (!(await tryNode())) {
      throw new Error(
        `selectBackend: backend 'node' needs ${TFJS_NODE}, which is not installed or failed to load (npm i ${TFJS_NODE}@4.22.0)`,
      );
    }
  } else if (request === 'wasm') {
    if (!(await tryWasm(options.threads, options.wasmPaths))) {
      throw new Error(`selectBackend: backend 'wasm' failed to initialise: ${lastWasmError || 'unknown reason'}${wasmPathsHint(options)}`);
    }
  } else if (request === 'cpu') {
    await tryCpu();
  } else if (!(await tryNode()) && !(await tryWasm(options.threads, options.wasmPaths))) {
    await tryCpu();
    warn(
      `interp: neither @tensorflow/tfjs-node nor @tensorflow/tfjs-backend-wasm could load (${lastWasmError || 'unknown reason'}); using the plain JS cpu backend (about 50x slower)${wasmPathsHint(options)}`,
    );
  }
  await tf.ready();
  return describeBackend();
}
