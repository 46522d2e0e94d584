/**
 * Splits one CSV line on commas, honouring double-quoted fields (`"a,b"`, `""` for a quote); fields are
 * trimmed unless `trim` is false (text whose spaces matter, such as tokens).
 *
 * @example
 * ```ts
 * splitCsvLine('1, "a, b",x'); // ['1', 'a, b', 'x']
 * splitCsvLine('1," the",x', false); // ['1', ' the', 'x']
 * ```
 */
export function splitCsvLine(line: string, trim = true): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return trim ? fields.map((f) => f.trim()) : fields;
}
