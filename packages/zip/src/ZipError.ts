const BRAND = Symbol.for('@interp/zip.ZipError');

/**
 * The error every zip read or write check throws. Its message names the archive (`source`) and the member
 * (`entry`) when known; the same facts, and the bare problem (`detail`), are fields for programs.
 *
 * @example
 * ```ts
 * import { createByteReader, readZipDirectory, ZipError } from '@interp/zip';
 * try {
 *   await readZipDirectory(createByteReader(new Uint8Array(3)), 'book.xlsx');
 * } catch (e) {
 *   if (e instanceof ZipError) console.error(e.source, e.detail); // 'book.xlsx', 'not a zip archive (3 bytes)'
 * }
 * ```
 */
export class ZipError extends Error {
  /** `instanceof` works across bundles that each carry a copy of this class: it checks a global brand. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** The archive's name given as `source`, if any. */
  readonly source: string | undefined;
  /** The member at fault, if any. */
  readonly entry: string | undefined;
  /** The problem alone, without the `zip: source: entry:` prefix of the message. */
  readonly detail: string;

  constructor(detail: string, options: { source?: string | undefined; entry?: string | undefined } = {}) {
    const where = options.source ? `${options.source}: ` : '';
    const what = options.entry !== undefined ? `${options.entry}: ` : '';
    super(`zip: ${where}${what}${detail}`);
    this.name = 'ZipError';
    Object.defineProperty(this, BRAND, { value: true });
    this.source = options.source;
    this.entry = options.entry;
    this.detail = detail;
  }
}
