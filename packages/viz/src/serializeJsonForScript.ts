/**
 * Serialises data as JSON that is safe inside an HTML `<script>` element:
 * `<`, `>`, `&`, U+2028 and U+2029 become `\uXXXX` escapes, so a label such as
 * `</script><script>alert(1)` can neither end the element nor break the parse.
 * Non-finite numbers (NaN, Infinity) throw, naming the path.
 *
 * @example
 * ```ts
 * serializeJsonForScript({ label: '</script>' }); // '{"label":"\\u003c/script\\u003e"}'
 * ```
 * @throws RangeError naming the JSON path of a non-finite number.
 */
export function serializeJsonForScript(data: unknown): string {
  const json = JSON.stringify(data, function (this: unknown, key: string, value: unknown) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new RangeError(`serializeJsonForScript: non-finite number ${String(value)} at key "${key}"`);
    }
    return value;
  });
  if (json === undefined) throw new RangeError('serializeJsonForScript: data is not JSON-serialisable');
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
