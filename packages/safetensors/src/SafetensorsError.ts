const BRAND = Symbol.for('@interp/safetensors.SafetensorsError');

/**
 * The error every safetensors parse, validation or I/O check throws. Its message names the file
 * (`source`) and the tensor at fault; the same facts are fields for programs.
 *
 * @example
 * ```ts
 * import { parseSafetensors, SafetensorsError } from '@interp/safetensors';
 * try {
 *   parseSafetensors(new Uint8Array(3), { source: 'weights.safetensors' });
 * } catch (e) {
 *   if (e instanceof SafetensorsError) console.error(e.source, e.message);
 * }
 * ```
 */
export class SafetensorsError extends Error {
  /**
   * `instanceof` works across the package's two entry bundles (`.` and `./node` each carry a copy of
   * this class) and duplicated installs: it checks a global brand, not the prototype chain.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** The file or buffer name given as `source`, if any. */
  readonly source: string | undefined;
  /** The tensor at fault, if the problem is one tensor's. */
  readonly tensor: string | undefined;

  constructor(message: string, options: { source?: string; tensor?: string } = {}) {
    const where = options.source ? `${options.source}: ` : '';
    const what = options.tensor !== undefined ? `tensor ${JSON.stringify(options.tensor)}: ` : '';
    super(`safetensors: ${where}${what}${message}`);
    this.name = 'SafetensorsError';
    Object.defineProperty(this, BRAND, { value: true });
    this.source = options.source;
    this.tensor = options.tensor;
  }
}
