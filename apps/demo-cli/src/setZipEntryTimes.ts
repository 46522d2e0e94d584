import { readFile, writeFile } from 'node:fs/promises';

/** DOS date and time fields of a zip entry (local time as the zip format has it; we use UTC). */
function dosDateTime(date: Date): { time: number; day: number } {
  const year = Math.min(2107, Math.max(1980, date.getUTCFullYear()));
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    day: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/**
 * Sets the modification time of every entry of a zip archive (an xlsx file) to `date`, in place: the
 * central directory is read from the end-of-central-directory record, and each entry's time is written
 * there and in its local header (sizes and CRCs do not change). Archives with a zip comment or zip64
 * records are rejected rather than guessed at.
 *
 * @example
 * ```ts
 * setZipEntryTimes(bytes, new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000));
 * ```
 * @throws Error when the bytes are not a plain zip archive.
 */
export function setZipEntryTimes(bytes: Uint8Array, date: Date): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = bytes.length - 22;
  if (eocd < 0 || view.getUint32(eocd, true) !== 0x06054b50) throw new Error('not a zip archive (no end-of-central-directory record at the end)');
  const entries = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const { time, day } = dosDateTime(date);
  for (let i = 0; i < entries; i += 1) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) throw new Error(`zip central directory entry ${i} is damaged`);
    view.setUint16(offset + 12, time, true);
    view.setUint16(offset + 14, day, true);
    const local = view.getUint32(offset + 42, true);
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw new Error(`zip local header of entry ${i} is damaged`);
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, day, true);
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
}

/**
 * {@link setZipEntryTimes} on a file.
 *
 * @example
 * ```ts
 * await setZipFileTimes('out/mlp_train.xlsx', new Date(0));
 * ```
 * @throws Error naming the file when it is not a plain zip archive.
 */
export async function setZipFileTimes(path: string, date: Date): Promise<void> {
  const bytes = new Uint8Array(await readFile(path));
  try {
    setZipEntryTimes(bytes, date);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  await writeFile(path, bytes);
}
