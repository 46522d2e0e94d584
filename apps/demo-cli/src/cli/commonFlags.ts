import type { FlagSpecs } from './defineCommand';

/**
 * Flags every pipeline command takes (they build the configuration and the output folder).
 *
 * @example
 * ```ts
 * const flags = { ...pipelineFlags, input: { type: 'string', value: 'ROW', description: 'one row' } };
 * ```
 */
export const pipelineFlags = {
  out: { type: 'string', short: 'o', value: 'DIR', description: 'artifacts folder (default ./interp-out)' },
  config: { type: 'string', short: 'c', value: 'FILE|JSON', description: 'JSON configuration, a file or inline \'{...}\' (fields as in --preset; flags override it)' },
  preset: { type: 'string', value: 'NAME', description: 'quick | reference (default reference)' },
  seed: { type: 'string', value: 'N', description: 'seed of every random choice, a decimal integer (default 42)' },
  backend: { type: 'string', value: 'NAME', description: 'auto | node | wasm | cpu (default auto: tfjs-node, else wasm, else cpu)' },
  threads: { type: 'string', value: 'N', description: 'threads of the MLP, SAE and probe steps: 1-256 or auto (default auto: all cores; same results for every count)' },
  'adapt-threads': { type: 'string', value: 'on|off', description: 'let the training steps run blocks of steps on 1 thread while all are slower, e.g. on a busy machine (default on; same results either way)' },
  force: { type: 'boolean', short: 'f', description: 're-run steps even when their inputs and config are unchanged' },
  quiet: { type: 'boolean', short: 'q', description: 'no progress output' },
  json: { type: 'boolean', description: 'print only a JSON summary on stdout (logs go to stderr)' },
  wait: { type: 'boolean', description: 'when another run holds --out, wait for it instead of failing' },
} as const satisfies FlagSpecs;

/**
 * Split sizes of the generated dataset (`interp generate`, `interp run`).
 *
 * @example
 * ```ts
 * const flags = { ...pipelineFlags, ...splitFlags };
 * ```
 */
export const splitFlags = {
  train: { type: 'string', value: 'N', description: 'rows of mlp_train.xlsx' },
  val: { type: 'string', value: 'N', description: 'rows of mlp_val.xlsx' },
  test: { type: 'string', value: 'N', description: 'rows of mlp_test.xlsx' },
} as const satisfies FlagSpecs;

/**
 * `--help`, which every command takes.
 *
 * @example
 * ```ts
 * Object.keys(helpFlag); // ['help']
 * ```
 */
export const helpFlag = {
  help: { type: 'boolean', short: 'h', description: 'this help' },
} as const satisfies FlagSpecs;
