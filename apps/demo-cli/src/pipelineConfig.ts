import { pipelineConfigSchema, type PipelineConfig } from '@interp/pipeline';
import * as z from 'zod';
import { UsageError } from './UsageError';

// The schema, its type and the presets are declared once, in @interp/pipeline (the lab uses them too).
export { pipelineConfigSchema, presets, presetNames, referenceProbeRows, type PipelineConfig, type PresetName } from '@interp/pipeline';

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
