import { readFile } from 'node:fs/promises';
import { splitCsvLine } from './splitCsvLine';

/** Ground-truth labels of activation rows: one 0/1 column per concept. */
export interface LabelTable {
  /** Concept names, from the header row. */
  names: string[];
  rows: number;
  /** `[concepts, rows]`: `values[c * rows + r]` is 1 when concept `c` holds on row `r`. */
  values: Uint8Array;
}

/**
 * Reads `interp report --labels FILE.csv`: a header row naming the concepts, then one row per
 * activation row with a 0 or 1 per concept (`true`/`false` also accepted). Blank lines at the end are ignored.
 *
 * @example
 * ```ts
 * const labels = await readLabelsCsv('labels.csv', 8000); // { names: ['is_digit', ...], rows: 8000, values }
 * ```
 * @throws Error naming the file and the line, column and value at fault, or the row count against `expectedRows`.
 */
export async function readLabelsCsv(path: string, expectedRows: number): Promise<LabelTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read the labels: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message}`);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) throw new Error(`${path}: the labels file is empty; expected a header row of concept names, then one row of 0/1 per activation row`);
  const names = splitCsvLine(lines[0]!);
  names.forEach((name, i) => {
    if (name === '') throw new Error(`${path}: line 1, column ${i + 1}: empty concept name in the header`);
  });
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new Error(`${path}: line 1: concept ${JSON.stringify(duplicate)} is named twice`);
  const rows = lines.length - 1;
  if (rows !== expectedRows) {
    throw new Error(`${path}: ${rows} label row(s), but the activations have ${expectedRows} rows; one label row per activation row is needed`);
  }
  const values = new Uint8Array(names.length * rows);
  for (let r = 0; r < rows; r += 1) {
    const fields = splitCsvLine(lines[r + 1]!);
    if (fields.length !== names.length) throw new Error(`${path}: line ${r + 2} has ${fields.length} field(s), the header ${names.length}`);
    fields.forEach((v, c) => {
      const bit = v === '1' || v === 'true' ? 1 : v === '0' || v === 'false' ? 0 : -1;
      if (bit < 0) throw new Error(`${path}: line ${r + 2}, column ${JSON.stringify(names[c])}: ${JSON.stringify(v.slice(0, 40))} is not 0 or 1`);
      values[c * rows + r] = bit;
    });
  }
  return { names, rows, values };
}
