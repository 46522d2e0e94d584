/**
 * Shows a value in an error message: strings quoted, everything else as `String(value)`.
 *
 * @internal
 * @example
 * ```ts
 * formatValue('x'); // '"x"'
 * formatValue(1.5); // '1.5'
 * ```
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return Array.isArray(value) ? `[${value.map(formatValue).join(', ')}]` : String(value);
}
