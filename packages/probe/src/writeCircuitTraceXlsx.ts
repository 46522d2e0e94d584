import type { XlsxSheet, XlsxStyle } from '@interp/xlsx';
import { writeXlsx } from '@interp/xlsx/node';
import type { CircuitTrace } from '@interp/report-types';
import type { FeatureSummary } from '@interp/report-types';
import type { ProbeResult } from './probeInput';
import type { FeatureScore } from './scoreFeatures';

/**
 * The file name the pipeline gives the circuit-trace workbook: `join(out, CIRCUIT_TRACE_FILE)`.
 *
 * @example
 * ```ts
 * import { CIRCUIT_TRACE_FILE, writeCircuitTraceXlsx } from '@interp/probe/node';
 * await writeCircuitTraceXlsx(join('out', CIRCUIT_TRACE_FILE), trace);
 * ```
 */
export const CIRCUIT_TRACE_FILE = 'circuit_trace_detailed.xlsx';

/**
 * Extra sheets of {@link writeCircuitTraceXlsx}.
 *
 * @example
 * ```ts
 * import { writeCircuitTraceXlsx, type CircuitTraceXlsxExtra } from '@interp/probe/node';
 * const extra: CircuitTraceXlsxExtra = { features: scores.features, probes: [probeInput(model, sae, row)], summary: { 'MSE recovered (%)': 93.1 } };
 * await writeCircuitTraceXlsx('out/circuit_trace_detailed.xlsx', trace, extra);
 * ```
 */
export interface CircuitTraceXlsxExtra {
  /** Feature summaries or scores: a `Features` sheet (label, precision, recall, F1, frequency, ...). */
  features?: ReadonlyArray<FeatureSummary | FeatureScore>;
  /** Probe results: a `Probe` sheet, one row per probed input. */
  probes?: readonly ProbeResult[];
  /** Run-level numbers (MSE recovered, monosemantic share, ...): a `Summary` sheet of name/value rows. */
  summary?: Readonly<Record<string, number | string>>;
}

type Cell = string | number | null;

/** `SOURCE_DATE_EPOCH` (seconds, decimal digits) as a Date when set: reproducible builds stamp that instant. */
function readSourceDate(): Date | undefined {
  const raw = process.env.SOURCE_DATE_EPOCH;
  return raw !== undefined && /^[0-9]+$/.test(raw) ? new Date(Number(raw) * 1000) : undefined;
}


interface SheetSpec {
  name: string;
  headers: string[];
  rows: Cell[][];
  /** Number formats per column (e.g. `0.0000`). */
  formats?: (string | undefined)[];
}

/** Style 0: bold centred headers with a thin bottom border; style 1: centred cells; then one centred style per number format. */
const HEADER_STYLE: XlsxStyle = { bold: true, horizontal: 'center', vertical: 'center', borderBottom: 'thin' };
const CELL_STYLE: XlsxStyle = { horizontal: 'center' };

/** A sheet of `spec`: frozen header row, centred cells (numbers with their column's format), widths fitted to the text. */
function toSheet(spec: SheetSpec, styles: XlsxStyle[], formatStyles: Map<string, number>): XlsxSheet {
  const formatStyle = (fmt: string): number => {
    let id = formatStyles.get(fmt);
    if (id === undefined) {
      id = styles.push({ horizontal: 'center', numFmt: fmt }) - 1;
      formatStyles.set(fmt, id);
    }
    return id;
  };
  const columnStyles = spec.headers.map((_, c) => {
    const fmt = spec.formats?.[c];
    return fmt ? formatStyle(fmt) : 1;
  });
  // NaN and infinite numbers (an MSE recovered of 0/0, say) have no xlsx number form: they are written as text.
  const rows = spec.rows.map((values) => values.map((v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
  const cellStyles: (number | undefined)[][] = [spec.headers.map(() => 0)];
  for (const values of rows) {
    // Empty cells stay unstyled; numbers take their column's format, text is centred.
    cellStyles.push(values.map((v, c) => (v === null ? undefined : typeof v === 'number' ? (columnStyles[c] ?? 1) : 1)));
  }
  const columnWidths = spec.headers.map((h, c) => {
    let width = h.length;
    for (const values of rows) {
      const v = values[c];
      const fmt = spec.formats?.[c];
      const text = typeof v === 'number' && fmt ? v.toFixed(fmt.split('.')[1]?.length ?? 0) : String(v ?? '');
      width = Math.max(width, text.length);
    }
    return Math.min(60, Math.max(8, width + 3));
  });
  return { name: spec.name, rows: [spec.headers, ...rows], cellStyles, columnWidths, freezeFirstRow: true };
}

const F4 = '0.0000';

/**
 * Writes a circuit trace as `circuit_trace_detailed.xlsx` (`@interp/xlsx`): one sheet per view,
 * `Input->Neuron`, `Neuron->Feature` and `Heatmap`, plus `Features`, `Probe` and `Summary` when given;
 * bold centred headers, a frozen header row, column widths fitted to the content, numbers stored as
 * numbers (4-decimal format for weights and activations). The write is atomic (temp file, then rename).
 *
 * @example
 * ```ts
 * import { writeCircuitTraceXlsx } from '@interp/probe/node';
 * await writeCircuitTraceXlsx('out/circuit_trace_detailed.xlsx', trace, { features: summaries, probes });
 * ```
 * @throws Error naming the path when it cannot be written.
 */
export async function writeCircuitTraceXlsx(path: string, trace: CircuitTrace, extra: CircuitTraceXlsxExtra = {}): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('writeCircuitTraceXlsx: path must be a non-empty string');
  if (!trace || !Array.isArray(trace.positions) || !trace.heatmap) throw new TypeError('writeCircuitTraceXlsx: trace must be a CircuitTrace');
  const specs: SheetSpec[] = [];
  specs.push({
    name: 'Input->Neuron',
    headers: ['Position', 'Input', 'Rank', 'Neuron', 'Weight'],
    rows: trace.positions.flatMap((p) => p.neurons.map((n, k) => [p.position, p.name, k + 1, n.neuron, n.weight])),
    formats: [undefined, undefined, undefined, undefined, F4],
  });
  specs.push({
    name: 'Neuron->Feature',
    headers: ['Position', 'Input', 'Neuron', 'Neuron weight', 'Rank', 'Feature', 'Weight', 'Label'],
    rows: trace.positions.flatMap((p) =>
      p.neurons.flatMap((n) => n.features.map((f, k) => [p.position, p.name, n.neuron, n.weight, k + 1, f.feature, f.weight, f.label ?? ''])),
    ),
    formats: [undefined, undefined, undefined, F4, undefined, undefined, F4],
  });
  const hm = trace.heatmap;
  specs.push({
    name: 'Heatmap',
    headers: [
      'Input',
      'Value',
      ...hm.columns.map((c) => `${c.kind === 'neuron' ? 'Neuron' : 'Feature'} ${c.index}${c.label ? ` (${c.label})` : ''}`),
    ],
    rows: hm.rows.map((r, i) => [r.name, r.value, ...(hm.values[i] ?? [])]),
    formats: [undefined, undefined, ...hm.columns.map(() => F4)],
  });
  if (extra.features) {
    specs.push({
      name: 'Features',
      headers: ['Feature', 'Label', 'Best concept', 'Precision', 'Recall', 'F1', 'Frequency', 'Firing rows', 'Mean activation', 'Max activation'],
      rows: extra.features.map((f) => {
        const s = f as Partial<FeatureSummary> & Partial<FeatureScore>;
        return [
          s.id ?? s.feature ?? null,
          s.label ?? '',
          s.bestConcept ?? '',
          s.precision ?? null,
          s.recall ?? null,
          s.f1 ?? null,
          s.frequency ?? null,
          s.firingCount ?? null,
          s.meanActivation ?? null,
          s.maxActivation ?? null,
        ];
      }),
      formats: [undefined, undefined, undefined, F4, F4, F4, '0.000000', undefined, F4, F4],
    });
  }
  if (extra.probes) {
    const k = Math.max(0, ...extra.probes.map((p) => p.topFeatures.length));
    const topHeaders = Array.from({ length: k }, (_, i) => [`Top ${i + 1} feature`, `Top ${i + 1} activation`]).flat();
    specs.push({
      name: 'Probe',
      headers: ['Input', 'Expected output', 'MLP output', 'Active features', ...topHeaders],
      rows: extra.probes.map((p) => [
        `[${p.input.join(', ')}]`,
        p.expected,
        p.output,
        p.activeFeatures,
        ...Array.from({ length: k }, (_, i) => {
          const f = p.topFeatures[i];
          return f ? [f.feature, f.activation] : [null, null];
        }).flat(),
      ]),
      formats: [undefined, undefined, F4, undefined, ...Array.from({ length: k }, () => [undefined, F4]).flat()],
    });
  }
  if (extra.summary) {
    specs.push({
      name: 'Summary',
      headers: ['Measure', 'Value'],
      rows: Object.entries(extra.summary).map(([key, v]) => [key, v]),
    });
  }
  const styles: XlsxStyle[] = [HEADER_STYLE, CELL_STYLE];
  const formatStyles = new Map<string, number>();
  const sheets = specs.map((spec) => toSheet(spec, styles, formatStyles));
  try {
    await writeXlsx(path, { sheets, styles }, { creator: '@interp/probe', date: readSourceDate() ?? new Date() });
  } catch (err) {
    throw new Error(`writeCircuitTraceXlsx ${path}: ${(err as Error).message}`, { cause: err });
  }
}
