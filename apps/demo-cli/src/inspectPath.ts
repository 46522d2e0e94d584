import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { readNpyInfo } from '@interp/npy/node';
import { readSafetensorsHeader } from '@interp/safetensors/node';

/** One tensor (safetensors) or array (`.npy`, `.npz`) of an inspected file. */
export interface InspectedTensor {
  name: string;
  dtype: string;
  shape: number[];
  /** `.npy`/`.npz`: byte order and layout, e.g. `<f4, C order`. */
  layout?: string;
}

/** One file of an inspected path. */
export interface InspectedFile {
  file: string;
  format: 'safetensors' | 'npy' | 'npz';
  bytes: number;
  tensors: InspectedTensor[];
  /** The safetensors `__metadata__` (absent when empty). */
  metadata?: Record<string, string>;
}

/** What `interp inspect` reports. */
export interface Inspection {
  path: string;
  /** A single file, an SAE folder (`cfg.json` + weights) or a folder of activation shards. */
  kind: 'file' | 'sae' | 'shards';
  files: InspectedFile[];
  /** An SAE folder's `cfg.json`. */
  cfg?: Record<string, unknown>;
  /** Shards: total rows (all dimensions but the last) and the width, when every shard agrees. */
  rows?: number;
  width?: number;
}

const formats: Record<string, InspectedFile['format']> = { '.safetensors': 'safetensors', '.npy': 'npy', '.npz': 'npz' };

async function inspectFile(file: string): Promise<InspectedFile> {
  const format = formats[extname(file).toLowerCase()];
  if (!format) throw new Error(`${file}: unknown file type ${JSON.stringify(extname(file) || '(none)')}; interp inspect reads .safetensors, .npy, .npz or a folder of them (or an SAE folder)`);
  const { size } = await stat(file);
  if (size === 0) throw new Error(`${file}: the file is empty (0 bytes)`);
  if (format === 'safetensors') {
    const header = await readSafetensorsHeader(file);
    const tensors = Object.entries(header.entries).map(([name, e]) => ({ name, dtype: e.dtype, shape: [...e.shape] }));
    return { file, format, bytes: size, tensors, ...(Object.keys(header.metadata).length > 0 ? { metadata: header.metadata } : {}) };
  }
  const arrays = await readNpyInfo(file);
  const tensors = arrays.map((a) => ({
    name: a.name ?? '(array)',
    dtype: a.header.dtype,
    shape: [...a.header.shape],
    layout: `${a.header.descr}, ${a.header.fortranOrder ? 'Fortran' : 'C'} order, format v${a.header.version}${a.compression === 'deflated' ? ', deflated' : ''}`,
  }));
  return { file, format, bytes: size, tensors };
}

/**
 * Reads what a path holds without loading its data: the tensors (names, dtypes, shapes) and metadata of a
 * safetensors file, the arrays of a `.npy`/`.npz`, an SAE folder's `cfg.json` and weight tensors, or a
 * folder of activation shards with their total rows.
 *
 * @example
 * ```ts
 * const what = await inspectPath('interp-out/mlp_activations.safetensors');
 * what.files[0]?.tensors; // [{ name: 'activations', dtype: 'F32', shape: [8000, 512] }]
 * ```
 * @throws Error naming the path and the problem (missing, empty, unknown type, unreadable header).
 */
export async function inspectPath(path: string): Promise<Inspection> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (error) {
    throw new Error(`${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message}`);
  }
  if (!isDir) return { path, kind: 'file', files: [await inspectFile(path)] };
  const names = (await readdir(path)).filter((n) => !n.startsWith('.')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (names.includes('cfg.json') && (names.includes('sae_weights.safetensors') || names.includes('sae.safetensors'))) {
    const cfgPath = join(path, 'cfg.json');
    let cfg: unknown;
    try {
      cfg = JSON.parse(await readFile(cfgPath, 'utf8'));
    } catch (error) {
      throw new Error(`${cfgPath}: not valid JSON (${(error as Error).message})`);
    }
    if (cfg === null || typeof cfg !== 'object' || Array.isArray(cfg)) throw new Error(`${cfgPath}: must hold a JSON object`);
    const weightFiles = ['sae_weights.safetensors', 'sae.safetensors', 'sparsity.safetensors'].filter((n) => names.includes(n));
    const files = await Promise.all(weightFiles.map((n) => inspectFile(join(path, n))));
    return { path, kind: 'sae', files, cfg: cfg as Record<string, unknown> };
  }
  const shards = names.filter((n) => formats[extname(n).toLowerCase()]);
  if (shards.length === 0) throw new Error(`${path}: the folder holds neither an SAE (cfg.json with sae_weights.safetensors) nor .safetensors, .npy or .npz files`);
  const files: InspectedFile[] = [];
  for (const n of shards) files.push(await inspectFile(join(path, n)));
  const shapes = files.map((f) => (f.tensors.length === 1 ? f.tensors[0]!.shape : (f.tensors.find((t) => t.name === 'activations')?.shape ?? [])));
  const widths = new Set(shapes.map((s) => s[s.length - 1]));
  const common = widths.size === 1 && shapes.every((s) => s.length >= 2) ? [...widths][0] : undefined;
  return {
    path,
    kind: 'shards',
    files,
    ...(common === undefined ? {} : { rows: shapes.reduce((a, s) => a + s.slice(0, -1).reduce((x, d) => x * d, 1), 0), width: common }),
  };
}

/**
 * `interp inspect`'s text: one line per tensor, the metadata, an SAE's cfg fields.
 *
 * @example
 * ```ts
 * process.stdout.write(`${formatInspection(await inspectPath('acts.npy'))}\n`);
 * ```
 */
export function formatInspection(what: Inspection, loadCheck?: string): string {
  const lines: string[] = [];
  if (what.kind === 'sae') {
    const cfg = what.cfg ?? {};
    const metadata = (cfg.metadata !== null && typeof cfg.metadata === 'object' ? cfg.metadata : {}) as Record<string, unknown>;
    lines.push(`${what.path}: SAE folder`);
    for (const key of ['architecture', 'd_in', 'd_sae', 'k', 'activation', 'normalize_activations', 'apply_b_dec_to_input', 'dtype']) {
      if (cfg[key] !== undefined) lines.push(`  ${key.padEnd(24)} ${JSON.stringify(cfg[key])}`);
    }
    for (const key of ['hook_name', 'model_name', 'dataset_path', 'sae_lens_version']) {
      const value = cfg[key] ?? metadata[key];
      if (value !== undefined && value !== null) lines.push(`  ${key.padEnd(24)} ${JSON.stringify(value)}`);
    }
    if (loadCheck) lines.push(`  ${'loads'.padEnd(24)} ${loadCheck}`);
  } else if (what.kind === 'shards') {
    lines.push(`${what.path}: folder of ${what.files.length} activation file(s)${what.rows === undefined ? '' : `, ${what.rows} rows x ${what.width} in all`}`);
  }
  for (const f of what.files) {
    lines.push(`${what.kind === 'file' ? '' : '  '}${f.file}: ${f.format}, ${f.bytes} bytes, ${f.tensors.length} ${f.format === 'safetensors' ? 'tensor' : 'array'}(s)`);
    for (const t of f.tensors) lines.push(`${what.kind === 'file' ? '' : '  '}  ${t.name.padEnd(20)} ${t.dtype.padEnd(5)} [${t.shape.join(', ')}]${t.layout ? `  ${t.layout}` : ''}`);
    for (const [k, v] of Object.entries(f.metadata ?? {})) lines.push(`${what.kind === 'file' ? '' : '  '}  metadata ${k} = ${v.length > 100 ? `${v.slice(0, 100)}...` : v}`);
  }
  return lines.join('\n');
}
