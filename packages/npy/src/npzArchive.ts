import { buildZip, readZipDataOffset, readZipDirectory, ZipError, type ByteReader, type ZipEntry, type ZipMember } from '@interp/zip';
import { NpyError } from './NpyError';

/** Runs a `@interp/zip` call, turning its `ZipError` into an `NpyError` with the same file, member and problem. */
export async function asNpyError<T>(run: () => Promise<T>, source?: string): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ZipError) throw new NpyError(e.detail, { source: e.source ?? source, entry: e.entry });
    throw e;
  }
}

/** `readZipDirectory` of `@interp/zip`, with `NpyError`s. */
export function readNpzDirectory(reader: ByteReader, source?: string): Promise<ZipEntry[]> {
  return asNpyError(() => readZipDirectory(reader, source), source);
}

/** `readZipDataOffset` of `@interp/zip`, with `NpyError`s. */
export function readNpzDataOffset(reader: ByteReader, entry: ZipEntry, source?: string): Promise<number> {
  return asNpyError(() => readZipDataOffset(reader, entry, source), source);
}

/** `buildZip` of `@interp/zip` (fixed 1980 dates), with `NpyError`s; an archive over 4 GiB asks for `.npy` files instead. */
export function buildNpz(members: ZipMember[], source?: string): Uint8Array[] {
  try {
    return buildZip(members, source === undefined ? {} : { source });
  } catch (e) {
    if (!(e instanceof ZipError)) throw e;
    const detail = e.detail.startsWith('archive over 4 GiB') ? 'archive over 4 GiB: write the arrays as separate .npy files' : e.detail;
    throw new NpyError(detail, { source: e.source ?? source, entry: e.entry });
  }
}

/** The array name of an `.npz` member: its file name without `.npy`. */
export function npzArrayName(fileName: string): string {
  return fileName.endsWith('.npy') ? fileName.slice(0, -4) : fileName;
}
