const BRAND = Symbol.for('@interp/npy.NpyError');

/**
 * The error every `.npy`/`.npz` parse, validation or I/O check throws. Its message names the file
 * (`source`) and, inside an `.npz`, the array (`entry`); the same facts are fields for programs.
 *
 * @example
 * ```ts
 * import { parseNpy, NpyError } from '@interp/npy';
 * try {
 *   parseNpy(new Uint8Array(3), { source: 'acts.npy' });
 * } catch (e) {
 *   if (e instanceof NpyError) console.error(e.source, e.message);
 * }
 * ```
 */
export class NpyError extends Error {
  /** `instanceof` works across the package's two entry bundles: it checks a global brand. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** The file or buffer name given as `source`, if any. */
  readonly source: string | undefined;
  /** The array inside an `.npz` archive at fault, if any. */
  readonly entry: string | undefined;

  constructor(message: string, options: { source?: string | undefined; entry?: string | undefined } = {}) {
    const where = options.source ? `${options.source}: ` : '';
    const what = options.entry !== undefined ? `${options.entry}: ` : '';
    super(`npy: ${where}${what}${message}`);
    this.name = 'NpyError';
    Object.defineProperty(this, BRAND, { value: true });
    this.source = options.source;
    this.entry = options.entry;
  }
}
