import * as z from 'zod';

// What the report step reads back from disk (probe_results.json and the .interp step records), declared
// as schemas: an edited or hostile file fails here, naming the file and field, instead of reaching HTML.
// Numbers are finite numbers, ids and counts non-negative integers, names plain strings.

const finite = z.number();
const index = z.int().min(0);
const count = z.int().min(0);
const fraction = z.number().min(0).max(1);
const label = z.string().max(200);
const histogram = z.strictObject({ min: finite, max: finite, counts: z.array(count) });

const featureSummary = z.strictObject({
  id: index,
  label: label.nullable(),
  bestConcept: label.nullable().optional(),
  precision: fraction,
  recall: fraction,
  f1: fraction,
  frequency: fraction,
  firingCount: count,
  meanActivation: finite,
  stdActivation: finite,
  maxActivation: finite,
  histogram,
  topRows: z.array(z.strictObject({ inputs: z.array(z.int()), activation: finite, p1: index, p2: index, target: finite.optional() })),
  alignedNeurons: z.array(z.strictObject({ neuron: index, cosine: finite })),
  outputEffect: z.strictObject({ ablateDelta: finite, addDelta: finite }),
  correlations: z.strictObject({ a: finite.nullable(), b: finite.nullable(), diff: finite.nullable(), target: finite.nullable() }),
});

const traceFeature = z.strictObject({ feature: index, weight: finite, label: label.nullable().optional() });
const circuitTrace = z.strictObject({
  inputNames: z.array(label),
  positions: z.array(
    z.strictObject({ position: index, name: label, neurons: z.array(z.strictObject({ neuron: index, weight: finite, features: z.array(traceFeature) })) }),
  ),
  heatmap: z.strictObject({
    rows: z.array(z.strictObject({ position: index, name: label, value: finite })),
    columns: z.array(z.strictObject({ kind: z.enum(['neuron', 'feature']), index, label: label.nullable().optional() })),
    values: z.array(z.array(finite)),
  }),
});

const spliceTest = z.strictObject({ hook: label, rows: count, mseClean: finite, mseSpliced: finite, mseZeroAblated: finite, mseRecovered: finite });

/**
 * `probe_results.json` as the probe step writes it.
 *
 * @example
 * ```ts
 * probeFileSchema.parse(JSON.parse(text));
 * ```
 */
export const probeFileSchema = z.strictObject({
  probes: z.array(
    z.strictObject({
      input: z.array(z.int()),
      expected: finite,
      output: finite,
      outputs: z.array(finite),
      hook: label,
      activeFeatures: count,
      topFeatures: z.array(z.strictObject({ feature: index, activation: finite })),
    }),
  ),
  features: z.array(featureSummary),
  trace: circuitTrace,
  splice: spliceTest,
  scoredCount: count,
  monosemanticCount: count,
  monosemanticShare: fraction,
  labellingConcepts: z.array(label),
});

/**
 * The train-mlp record's result, as far as the report uses it.
 *
 * @example
 * ```ts
 * trainMlpRecordSchema.parse(record.result);
 * ```
 */
export const trainMlpResultSchema = z.looseObject({
  testMse: finite,
  testExact: fraction,
  curve: z.array(z.strictObject({ epoch: index, trainMse: finite, valMse: finite.optional() })),
});

/**
 * The train-sae record's result, as far as the report uses it.
 *
 * @example
 * ```ts
 * trainSaeResultSchema.parse(record.result);
 * ```
 */
export const trainSaeResultSchema = z.looseObject({
  architecture: z.string().regex(/^[a-z0-9_-]{1,40}$/),
  k: z.int().min(1).optional(),
  seed: z.int().min(0).optional(),
  backend: label.optional(),
  threads: z.int().min(1).nullable().optional(),
  threadsNote: label.optional(),
  dSae: z.int().min(1),
  fve: finite,
  l0: z.number().min(0),
  deadFraction: fraction,
  densityHistogram: z.looseObject({ edges: z.array(finite), counts: z.array(count) }),
  /** Present when `sae` was a list: one row per SAE of the sweep, `chosen` the primary one. */
  sweep: z
    .looseObject({
      rows: z.array(
        z.looseObject({
          index,
          label,
          architecture: z.string().regex(/^[a-z0-9_-]{1,40}$/),
          k: z.int().min(1).nullable(),
          targetL0: finite.nullable(),
          l1Coefficient: finite.nullable(),
          dSae: z.int().min(1),
          fve: finite,
          l0: z.number().min(0),
          deadFraction: fraction,
          split: label,
        }),
      ),
      chosen: index,
      batchesRead: count.optional(),
      seconds: z.number().min(0).optional(),
    })
    .optional(),
});

/**
 * A step record's fields the report uses: its files must be relative paths inside `--out` once
 * resolved (no `javascript:` or other scheme, no `..`).
 *
 * @example
 * ```ts
 * stepRecordSchema.parse(JSON.parse(text));
 * ```
 */
export const stepRecordSchema = z.looseObject({
  step: z.string().regex(/^[a-z-]{1,40}$/),
  seconds: z.number().min(0),
  files: z.record(z.string(), z.string()),
  result: z.unknown(),
});

/**
 * Validates `value` against `schema`; the error names the file and the first bad field.
 *
 * @example
 * ```ts
 * const probe = parseArtifact(probeFileSchema, JSON.parse(text), 'out/probe_results.json');
 * ```
 * @throws Error `<file>: <field> <problem> (got <value>)`.
 */
export function parseArtifact<T extends z.ZodType>(schema: T, value: unknown, file: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '';
  let got: unknown = value;
  for (const p of issue?.path ?? []) got = got !== null && typeof got === 'object' ? (got as Record<PropertyKey, unknown>)[p] : undefined;
  const shown = JSON.stringify(got) ?? String(got);
  throw new Error(
    `${file}: invalid ${path === '' ? 'content' : `field ${path}`}: ${issue?.message ?? 'does not match its schema'} (got ${shown.length > 80 ? `${shown.slice(0, 80)}...` : shown}); re-run the step that writes it (--force)`,
  );
}

/** {@link probeFileSchema} compiled by {@link parseProbeFile} on its first call. */
let compiledProbeFileSchema: typeof probeFileSchema | undefined;

/**
 * `probe_results.json` content checked against {@link probeFileSchema} through zod's ahead-of-time compiled
 * fast path (`z.compile`, built on the first call): the same checks, the same value (keys in the schema's
 * order) and, for a bad file, the same error as {@link parseArtifact}, in about a third of the runtime
 * parser's time on the reference run's 3.6 MB file (code generation included).
 *
 * @example
 * ```ts
 * const probe = parseProbeFile(JSON.parse(text), 'out/probe_results.json');
 * ```
 * @throws Error `<file>: <field> <problem> (got <value>)`, as {@link parseArtifact}.
 */
export function parseProbeFile(value: unknown, file: string): z.infer<typeof probeFileSchema> {
  compiledProbeFileSchema ??= z.compile(probeFileSchema);
  return parseArtifact(compiledProbeFileSchema, value, file);
}
