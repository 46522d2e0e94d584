import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RowContext } from '@interp/viz';
import { splitCsvLine } from './splitCsvLine';

/** The columns a `--context` CSV may have. */
const CONTEXT_COLUMNS = ['example', 'position', 'token', 'text'] as const;
type ContextColumn = (typeof CONTEXT_COLUMNS)[number];

/**
 * Reads `interp report --context FILE.csv`: a header naming some of the columns `example`, `position`,
 * `token` (integers >= 0) and `text` (any text, spaces kept; quote it when it holds a comma), then one line
 * per activation row; an empty field means "not given". Streams the file, keeping the `wanted` rows only
 * (with no `wanted`, only checks the file).
 *
 * @example
 * ```ts
 * // context.csv: example,position,text \n 0,0,"The" \n 0,1," cat" ...
 * const context = await readContextCsv('context.csv', 8000, [3, 17]); // Map { 3 => { example: 0, position: 3, text: ' sat' }, ... }
 * ```
 * @throws Error naming the file and the line, column and value at fault, or the row count against `rows`.
 */
export async function readContextCsv(path: string, rows: number, wanted: readonly number[] = []): Promise<Map<number, RowContext>> {
  const want = new Set(wanted);
  const out = new Map<number, RowContext>();
  let stream: ReturnType<typeof createReadStream>;
  try {
    stream = createReadStream(path, { encoding: 'utf8' });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (error) {
    throw new Error(`${path}: cannot read the row context: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message}`);
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let columns: ContextColumn[] | undefined;
  let lineNo = 0;
  let row = 0;
  let blank = 0;
  try {
    for await (const raw of lines) {
      lineNo += 1;
      const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (!columns) {
        const names = splitCsvLine(line);
        for (const [i, n] of names.entries()) {
          if (!(CONTEXT_COLUMNS as readonly string[]).includes(n)) {
            throw new Error(`${path}: line 1, column ${i + 1}: ${JSON.stringify(n)} is not a row context column; expected some of ${CONTEXT_COLUMNS.join(', ')}`);
          }
          if (names.indexOf(n) !== i) throw new Error(`${path}: line 1: column ${JSON.stringify(n)} is named twice`);
        }
        columns = names as ContextColumn[];
        continue;
      }
      if (line.trim() === '') {
        blank += 1;
        continue;
      }
      if (blank > 0) throw new Error(`${path}: line ${lineNo - 1} is blank; one line per activation row is needed`);
      const fields = splitCsvLine(line, false);
      if (fields.length !== columns.length) throw new Error(`${path}: line ${lineNo} has ${fields.length} field(s), the header ${columns.length}`);
      const keep = want.has(row);
      const context: RowContext = {};
      columns.forEach((name, c) => {
        const v = fields[c]!;
        if (name === 'text') {
          if (v !== '') context.text = v;
          return;
        }
        const t = v.trim();
        if (t === '') return;
        if (!/^[0-9]+$/.test(t) || !Number.isSafeInteger(Number(t))) throw new Error(`${path}: line ${lineNo}, column ${JSON.stringify(name)}: ${JSON.stringify(t.slice(0, 40))} is not an integer >= 0`);
        context[name] = Number(t);
      });
      if (keep) out.set(row, context);
      row += 1;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  if (!columns) throw new Error(`${path}: the row context file is empty; expected a header (some of ${CONTEXT_COLUMNS.join(', ')}), then one line per activation row`);
  if (row !== rows) throw new Error(`${path}: ${row} row context line(s), but the activations have ${rows} rows; one line per activation row is needed`);
  return out;
}
