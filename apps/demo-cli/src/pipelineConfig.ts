import { defaultTaskConfig } from '@interp/dataset';
import { mlpHookPoints } from '@interp/models';
import * as z from 'zod';
import { UsageError } from './UsageError';

export { presets, presetNames, referenceProbeRows, type PresetName } from './presets';

// Every field is declared once, here: its type (the `PipelineConfig` type is inferred from it), its range,
// and the description an error shows ("config field sae.dSae must be <description>, got 0").

const integer = (min: number, max: number) => z.int().min(min).max(max).describe(`an integer in [${min}, ${max}]`);
const number = (min: number, max: number, { exclusiveMin = false } = {}) =>
  (exclusiveMin ? z.number().gt(min) : z.number().min(min)).max(max).describe(`a number in ${exclusiveMin ? '(' : '['}${min}, ${max}]`);
const orAuto = <T extends z.ZodType>(schema: T) => z.union([z.literal('auto'), schema]).describe(`"auto" or ${schema.description ?? 'a value'}`);
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values).describe(`one of ${values.join(', ')}`);
const section = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape).describe('an object');

const { columnLength, digitMax } = defaultTaskConfig;
const rowWidth = 2 * columnLength + 2;
const isPointer = (i: number) => i === columnLength || i === 2 * columnLength + 1;
const probeRow = z
  .array(z.int())
  .length(rowWidth)
  .refine((row) => row.every((v, i) => v >= 0 && v <= (isPointer(i) ? columnLength - 1 : digitMax)));
const probeRows = z
  .array(probeRow)
  .min(1)
  .describe(
    `a non-empty array of rows of ${rowWidth} integers [c1_0..c1_${columnLength - 1} in 0-${digitMax}, p1 in 0-${columnLength - 1}, c2_0..c2_${columnLength - 1} in 0-${digitMax}, p2 in 0-${columnLength - 1}]`,
  );

/**
 * The schema of the pipeline configuration: the one declaration of every field, its type and its range.
 *
 * @example
 * ```ts
 * pipelineConfigSchema.safeParse(presets.quick).success; // true
 * ```
 */
export const pipelineConfigSchema = z
  .strictObject({
    /** Seed of every random choice (data, MLP init and shuffles, SAE init and shuffles). */
    seed: integer(0, 2 ** 32 - 1),
    /** TensorFlow.js backend. */
    backend: oneOf(['auto', 'node', 'wasm', 'cpu']),
    /**
     * What the pipeline runs on: `index-arithmetic` (the built-in MLP task, all seven steps) or
     * `superposition` (synthetic data with known true features, @interp/dataset's generateSuperposition:
     * no MLP, the activations are the data; the reports compare the SAE's features with the true ones).
     */
    task: oneOf(['index-arithmetic', 'superposition']),
    /** The synthetic data of `task: "superposition"`. */
    superposition: section({
      rows: integer(2, 10_000_000),
      dimensions: integer(1, 65_536),
      /** Number of true feature directions. */
      features: integer(1, 1_000_000),
      /** Expected active features per row. */
      activeFeatures: number(0, 1_000_000, { exclusiveMin: true }),
      /** Correlation of the firing of features of one group, in [0, 1). */
      correlation: z.number().min(0).lt(1).describe('a number in [0, 1)'),
      /** Standard deviation of Gaussian noise added to every element. */
      noise: number(0, 1e6),
    }),
    /** Threads of the SAE training step (`'auto'`: all cores); the SAE is the same for every count. */
    threads: orAuto(integer(1, 256)),
    data: section({
      /** Rows of mlp_train.xlsx (the harvest runs over these). */
      train: integer(1, 10_000_000),
      val: integer(1, 10_000_000),
      test: integer(1, 10_000_000),
      /** Extra generated rows the MLP trains on besides the train split (disjoint from val and test). */
      mlpExtraRows: integer(0, 10_000_000),
    }),
    mlp: section({
      hiddenSize: integer(1, 65536),
      bottleneckSize: integer(1, 65536),
      epochs: integer(1, 100_000),
      batchSize: integer(1, 1_000_000),
      learningRate: number(0, 10, { exclusiveMin: true }),
      /** Early-stopping patience in epochs (0 = off). */
      patience: integer(0, 100_000),
    }),
    harvest: section({
      /** Hook point of the MLP whose activations are harvested. */
      hook: oneOf(mlpHookPoints),
      batchSize: integer(1, 1_000_000),
    }),
    sae: section({
      architecture: oneOf(['topk', 'relu', 'batchtopk', 'jumprelu', 'matryoshka', 'gated']),
      dSae: integer(1, 1_000_000),
      /** Active features per row: k (topk, batchtopk, matryoshka) or the target L0 the sparsity coefficient adapts to (relu, jumprelu, gated). */
      k: integer(1, 1_000_000),
      /** L1 coefficient (relu, gated; scale-free, see @interp/sae), fixed; `'auto'`: adapted until the L0 is `k`. */
      l1Coefficient: orAuto(number(0, 1e6)),
      /** Passes over the rows; `'auto'`: @interp/sae's default for the architecture. */
      epochs: orAuto(integer(1, 100_000)),
      /** Rows per step; `'auto'`: the architecture's default. */
      batchSize: orAuto(integer(1, 1_000_000)),
      /** Peak Adam learning rate; `'auto'`: the architecture's default. */
      learningRate: orAuto(number(0, 10, { exclusiveMin: true })),
      /** Rows of the harvest held out for evaluation. */
      evalRows: integer(1, 10_000_000),
    }),
    probe: section({
      /** Rows to probe; the reference run's five by default. */
      inputs: probeRows,
      topK: integer(1, 1_000_000),
    }),
  })
  .superRefine((c, ctx) => {
    if (c.sae.k > c.sae.dSae) {
      ctx.addIssue({ code: 'custom', path: ['sae', 'k'], message: `sae.k must be an integer in [1, sae.dSae = ${c.sae.dSae}], got ${c.sae.k}` });
    }
    if (c.task === 'superposition' && c.superposition.activeFeatures > c.superposition.features) {
      ctx.addIssue({
        code: 'custom',
        path: ['superposition', 'activeFeatures'],
        message: `superposition.activeFeatures must be a number in (0, superposition.features = ${c.superposition.features}], got ${c.superposition.activeFeatures}`,
      });
    }
    const rowsName = c.task === 'superposition' ? 'superposition.rows' : 'data.train';
    const rows = c.task === 'superposition' ? c.superposition.rows : c.data.train;
    if (c.sae.evalRows >= rows) {
      ctx.addIssue({
        code: 'custom',
        path: ['sae', 'evalRows'],
        message: `sae.evalRows must be smaller than ${rowsName} (${rows}), got ${c.sae.evalRows}`,
      });
    }
  });

/** Everything a pipeline run depends on, inferred from {@link pipelineConfigSchema}. Every field can come from a preset, `--config` or a flag. */
export type PipelineConfig = z.infer<typeof pipelineConfigSchema>;

/** Keys a config file may hold besides the fields: the preset it starts from, and an editor's `$schema`. */
const metaKeys = new Set(['preset', '$schema']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The object schema's fields, or undefined for a leaf. */
function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> | undefined {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : undefined;
}

/**
 * Merges `patch` over `base` section by section. Keys are checked against the schema BEFORE they
 * are assigned, so `__proto__`, `constructor` or any other unknown key is an error, never a write.
 */
function mergeFields(shape: Record<string, z.ZodType>, base: unknown, patch: Record<string, unknown>, prefix: string, source: string): Record<string, unknown> {
  const merged: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const key of Object.keys(patch)) {
    if (prefix === '' && metaKeys.has(key)) continue;
    if (!Object.hasOwn(shape, key)) {
      const known = [...(prefix === '' ? ['preset'] : []), ...Object.keys(shape).map((k) => `${prefix}${k}`)];
      throw new UsageError(`${source}: unknown config field ${prefix}${printable(key)} (known: ${known.join(', ')})`);
    }
    const value = patch[key];
    const fields = shapeOf(shape[key]);
    merged[key] = fields && isPlainObject(value) ? mergeFields(fields, merged[key], value, `${prefix}${key}.`, source) : value;
  }
  return merged;
}

/** A key as the terminal may show it: control characters escaped, long keys cut. */
function printable(key: string): string {
  const escaped = JSON.stringify(key).slice(1, -1);
  return escaped.length > 80 ? `${escaped.slice(0, 80)}...` : escaped;
}

/** The value at `path` in `root`, or undefined. */
function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = root;
  for (const key of path) {
    if (!isPlainObject(value) && !Array.isArray(value)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A value for an error message: JSON, cut when long. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 120)}...` : text;
}

/** Turns the first schema issue into the CLI's message: the field, what it must be, what it got. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown, source: string): string {
  // Cross-field rules (see the schema's superRefine) write their whole message, starting with the field.
  if (issue.code === 'custom' && issue.message.startsWith(`${issue.path.join('.')} `)) return `${source}: config field ${issue.message}`;
  // Walk the schema along the issue's path to the deepest field that describes itself.
  let schema: z.ZodType | undefined = pipelineConfigSchema;
  let described = 0;
  let description = 'valid';
  for (let i = 0; i < issue.path.length && schema; i += 1) {
    const key = issue.path[i];
    schema = shapeOf(schema)?.[String(key)];
    if (schema?.description) {
      described = i + 1;
      description = schema.description;
    }
  }
  const fieldPath = issue.path.slice(0, described);
  const field = fieldPath.join('.');
  const value = valueAt(input, fieldPath);
  const index = issue.path[described];
  const detail = typeof index === 'number' && Array.isArray(value) ? ` (row ${index + 1}: ${shown(value[index])})` : '';
  return `config field ${field} must be ${description}, got ${shown(value)}${detail}`;
}

/**
 * Merges a partial configuration (from `--config` or flags) over a base and validates the result
 * against {@link pipelineConfigSchema}; unknown fields (including `__proto__` and `constructor`) and
 * bad values raise a {@link UsageError} naming the field and its allowed range.
 *
 * @example
 * ```ts
 * const config = mergeConfig(presets.quick, { seed: 7, sae: { k: 8 } }, '--config sae.json');
 * config.sae.k; // 8
 * ```
 * @throws UsageError naming the source, the field and its range.
 */
export function mergeConfig(base: PipelineConfig, patch: unknown, source: string): PipelineConfig {
  if (patch === undefined) return base;
  if (!isPlainObject(patch)) throw new UsageError(`${source}: the configuration must be a JSON object`);
  const merged = mergeFields(shapeOf(pipelineConfigSchema) ?? {}, structuredClone(base), patch, '', source);
  const parsed = pipelineConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(issue ? describeIssue(issue, merged, source) : `${source}: invalid configuration`);
  }
  return parsed.data;
}
