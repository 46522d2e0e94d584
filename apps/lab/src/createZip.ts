import { writeZip } from '@interp/zip';

/** A file to put in a zip archive. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated (e.g. `.interp/train-sae.json`). */
  path: string;
  data: Uint8Array | string;
}

/**
 * Packs files into a zip archive (stored, no compression: safetensors barely compress; `@interp/zip`'s `writeZip`), so the
 * lab can hand a whole run folder to the visitor as one download. Any unzip tool extracts it.
 *
 * @example
 * ```ts
 * const zip = createZip([{ path: 'cfg.json', data: '{}' }]);
 * const url = URL.createObjectURL(new Blob([zip], { type: 'application/zip' }));
 * ```
 */
export function createZip(entries: readonly ZipEntry[]): Uint8Array {
  for (const entry of entries) {
    if (!entry.path || entry.path.startsWith('/') || entry.path.split('/').includes('..')) {
      throw new RangeError(`createZip: bad path ${JSON.stringify(entry.path)}: relative, without '..'`);
    }
  }
  // @interp/zip's writer: stored entries, UTF-8 names, the fixed date 1980-01-01
  return writeZip(entries.map((e) => ({ name: e.path, data: e.data })));
}
