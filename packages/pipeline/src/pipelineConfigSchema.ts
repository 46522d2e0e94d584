import { defaultTaskConfig } from '@interp/dataset';
import { mlpHookPoints } from '@interp/models';
import * as z from 'zod';

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

/** One SAE's settings: the `sae` section, and each entry of a sweep. */
const saeSection = section({
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
  });

/**
 * The schema of the pipeline configuration: the one declaration of every field, its type and its range
 * (the CLI's `--config` and flags, the lab's form). Each field's `description` words its range for errors.
 *
 * @example
 * ```ts
 * import { pipelineConfigSchema, presets } from '@interp/pipeline';
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
    /** Threads of the MLP and SAE training steps (`'auto'`: all cores); the MLP and the SAE are the same for every count. */
    threads: orAuto(integer(1, 256)),
    /**
     * Whether the MLP and SAE training steps may run blocks of steps on 1 thread while all `threads` are slower (a
     * busy machine; `adaptThreads` of trainMlp and trainSae). Default true; the weights are the same either way.
     */
    adaptThreads: z.boolean().optional().describe('true or false'),
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
    sae: saeSection,
    /**
     * Several SAEs trained in the SAE step on one read of the activations per epoch (`trainSaes` of
     * @interp/sae). Not written directly: the CLI sets it from a `"sae": [ {...}, ... ]` list (each entry over
     * the preset's `sae`) and `"primarySae": i`; `sae` above is then `saes[primary]`, the SAE the rest of the run uses.
     */
    sweep: z.strictObject({ saes: z.array(saeSection).min(1), primary: integer(0, 1_000_000) }).optional(),
    probe: section({
      /** Rows to probe; the reference run's five by default. */
      inputs: probeRows,
      topK: integer(1, 1_000_000),
    }),
  })
  .superRefine((c, ctx) => {
    // With a sweep, every entry is checked and named as the config wrote it (sae[1].k); `sae` is its primary entry.
    const saes = c.sweep ? c.sweep.saes : [c.sae];
    const name = (i: number, field: string) => (c.sweep ? `sae[${i}].${field}` : `sae.${field}`);
    const path = (i: number, field: string) => (c.sweep ? ['sweep', 'saes', i, field] : ['sae', field]);
    saes.forEach((sae, i) => {
      if (sae.k > sae.dSae) {
        ctx.addIssue({ code: 'custom', path: path(i, 'k'), message: `${name(i, 'k')} must be an integer in [1, ${name(i, 'dSae')} = ${sae.dSae}], got ${sae.k}` });
      }
    });
    if (c.sweep) {
      const { saes: list, primary } = c.sweep;
      if (primary >= list.length) {
        ctx.addIssue({ code: 'custom', path: ['sweep', 'primary'], message: `primarySae must be an integer in [0, ${list.length - 1}] (an index into the sae list), got ${primary}` });
      }
      list.forEach((sae, i) => {
        if (sae.evalRows !== list[0]!.evalRows) {
          ctx.addIssue({
            code: 'custom',
            path: path(i, 'evalRows'),
            message: `sae[${i}].evalRows (${sae.evalRows}) differs from sae[0].evalRows (${list[0]!.evalRows}); a sweep holds out one set of rows for all SAEs`,
          });
        }
      });
      const chosen = list[primary];
      if (chosen && (Object.keys(chosen) as Array<keyof typeof chosen>).some((key) => chosen[key] !== c.sae[key])) {
        ctx.addIssue({ code: 'custom', path: ['sae'], message: `sae must be the primary entry of the sweep, sweep.saes[${primary}]` });
      }
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
        path: path(0, 'evalRows'),
        message: `${name(0, 'evalRows')} must be smaller than ${rowsName} (${rows}), got ${c.sae.evalRows}`,
      });
    }
  });

/**
 * Everything a pipeline run depends on, inferred from {@link pipelineConfigSchema}. Every field can come from a
 * preset, the CLI's `--config` or a flag.
 *
 * @example
 * ```ts
 * import { presets, type PipelineConfig } from '@interp/pipeline';
 * const config: PipelineConfig = { ...presets.quick, seed: 7 };
 * ```
 */
export type PipelineConfig = z.infer<typeof pipelineConfigSchema>;
