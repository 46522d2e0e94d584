import { pipelineConfigSchema, type PipelineConfig } from '@interp/pipeline';
import * as z from 'zod';
import { UsageError } from './UsageError';

// The schema, its type and the presets are declared once, in @interp/pipeline (the lab uses them too).
export { pipelineConfigSchema, presets, presetNames, referenceProbeRows, type PipelineConfig, type PresetName } from '@interp/pipeline';

/** Keys a config file may hold besides the fields: the preset it starts from, and an editor's `$schema`. */
const metaKeys = new Set(['preset', '$schema']);
/**
 * Top-level fields a config gives for a sweep: `"sae": [ {...}, ... ]` and `"primarySae": i` become the
 * schema's `sweep` (which is never written directly) and `sae` (the primary entry).
 */
const SWEEP_FIELD = 'sweep';
const PRIMARY_FIELD = 'primarySae';

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
    if (prefix === '' && (metaKeys.has(key) || key === PRIMARY_FIELD)) continue;
    if (!Object.hasOwn(shape, key) || (prefix === '' && key === SWEEP_FIELD)) {
      const fields = Object.keys(shape).map((k) => (prefix === '' && k === SWEEP_FIELD ? PRIMARY_FIELD : k));
      const known = [...(prefix === '' ? ['preset'] : []), ...fields.map((k) => `${prefix}${k}`)];
      throw new UsageError(`${source}: unknown config field ${prefix}${printable(key)} (known: ${known.join(', ')})`);
    }
    const value = patch[key];
    if (prefix === '' && key === 'sae' && Array.isArray(value)) continue; // a sweep: see mergeSweep
    const fields = shapeOf(shape[key]);
    merged[key] = fields && isPlainObject(value) ? mergeFields(fields, merged[key], value, `${prefix}${key}.`, source) : value;
  }
  return merged;
}

/**
 * `"sae": [ {...}, ... ]` (and `"primarySae"`) of a config over `merged`: each entry merged over the base's
 * `sae` section, `sweep` set to the list and `sae` to its primary entry (0 unless `primarySae` says).
 * A single `"sae": {...}` replaces a base's sweep.
 */
function mergeSweep(merged: Record<string, unknown>, patch: Record<string, unknown>, source: string): void {
  const list = patch.sae;
  const primary = patch[PRIMARY_FIELD];
  if (!Array.isArray(list)) {
    if (primary !== undefined) throw new UsageError(`${source}: config field ${PRIMARY_FIELD} needs sae to be a list of SAE configs ("sae": [ {...}, {...} ]), got ${shown(list ?? 'no sae')}`);
    if (isPlainObject(list)) delete merged[SWEEP_FIELD];
    return;
  }
  if (list.length === 0) throw new UsageError(`${source}: config field sae is an empty list; give one SAE config or more`);
  const saeShape = shapeOf(shapeOf(pipelineConfigSchema)?.sae) ?? {};
  const saes = list.map((entry, i) => {
    if (!isPlainObject(entry)) throw new UsageError(`${source}: config field sae[${i}] must be an object of SAE settings, got ${shown(entry)}`);
    return mergeFields(saeShape, merged.sae, entry, `sae[${i}].`, source);
  });
  const chosen = primary ?? 0;
  if (typeof chosen !== 'number' || !Number.isInteger(chosen) || chosen < 0 || chosen >= saes.length) {
    throw new UsageError(`${source}: config field ${PRIMARY_FIELD} must be an integer in [0, ${saes.length - 1}] (an index into the sae list), got ${shown(chosen)}`);
  }
  merged[SWEEP_FIELD] = { saes, primary: chosen };
  merged.sae = structuredClone(saes[chosen]);
}

/** The schema one step down `key` (an object's field or an array's element), through `.optional()`. */
function childSchema(schema: z.ZodType | undefined, key: PropertyKey): z.ZodType | undefined {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  if (inner instanceof z.ZodArray) return typeof key === 'number' ? (inner.element as z.ZodType) : undefined;
  return shapeOf(inner)?.[String(key)];
}

/** A field's name as the config writes it: `sweep.saes.1.k` is `sae[1].k`, `sweep.primary` is `primarySae`. */
function fieldName(path: ReadonlyArray<PropertyKey>): string {
  if (path[0] === SWEEP_FIELD && path[1] === 'saes' && typeof path[2] === 'number') return [`sae[${path[2]}]`, ...path.slice(3).map(String)].join('.');
  if (path[0] === SWEEP_FIELD && path[1] === 'primary') return PRIMARY_FIELD;
  return path.map(String).join('.');
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
  // With a sweep, `sae` is the primary entry: name it as the list does (sae[i]).
  const sweep = isPlainObject(input) && isPlainObject(input[SWEEP_FIELD]) ? (input[SWEEP_FIELD] as { primary?: unknown }) : undefined;
  const path = sweep && issue.path[0] === 'sae' ? [SWEEP_FIELD, 'saes', Number(sweep.primary), ...issue.path.slice(1)] : issue.path;
  // Cross-field rules (see the schema's superRefine) write their whole message, starting with the field.
  if (issue.code === 'custom' && (issue.message.startsWith(`${issue.path.join('.')} `) || issue.message.startsWith(`${fieldName(path)} `))) {
    return `${source}: config field ${issue.message}`;
  }
  // Walk the schema along the issue's path to the deepest field that describes itself.
  let schema: z.ZodType | undefined = pipelineConfigSchema;
  let described = 0;
  let description = 'valid';
  for (let i = 0; i < path.length && schema; i += 1) {
    schema = childSchema(schema, path[i]!);
    if (schema?.description) {
      described = i + 1;
      description = schema.description;
    }
  }
  const fieldPath = path.slice(0, described);
  const field = fieldName(fieldPath);
  const value = valueAt(input, fieldPath);
  const index = path[described];
  const detail = typeof index === 'number' && Array.isArray(value) ? ` (row ${index + 1}: ${shown(value[index])})` : '';
  return `config field ${field} must be ${description}, got ${shown(value)}${detail}`;
}

/**
 * Merges a partial configuration (from `--config` or flags) over a base and validates the result
 * against {@link pipelineConfigSchema}; unknown fields (including `__proto__` and `constructor`) and
 * bad values raise a {@link UsageError} naming the field and its allowed range. `"sae"` may be a list
 * (a sweep; each entry merged over the base's `sae`, errors naming `sae[i].field`) with `"primarySae": i`
 * choosing the SAE the rest of the run uses (default 0): the result's `sweep`, and `sae` its primary entry.
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
  mergeSweep(merged, patch, source);
  const parsed = pipelineConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(issue ? describeIssue(issue, merged, source) : `${source}: invalid configuration`);
  }
  return parsed.data;
}
