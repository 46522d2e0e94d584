import { saeOptionFlagTable } from './cli/saeOptionFlags';
import type { ConfigArgument } from './readConfigArgument';
import { readIntegerFlag, readSwitchFlag, type RawFlags } from './readFlags';
import { UsageError } from './UsageError';

/** What `interp train-sae --activations` trains with, from `--config` and the flags. */
export interface ResolvedSaeOptions {
  /** `trainSae` options (JSON values only; ranges are checked by `trainSae`, naming the option). */
  options: Record<string, unknown>;
  /** Rows held out at the end of the activations for evaluation (else `trainSae`'s random 10%). */
  evalRows?: number;
  seed: number;
  /** Threads of the training step, or `'auto'` (all cores). */
  threads: number | 'auto';
}

/** An architecture's option keys, as `saeArchitectures` of `@interp/sae` lists them. */
export type ArchitectureRegistry = Readonly<Record<string, { readonly optionKeys: readonly string[] }>>;

const topLevelKeys = ['seed', 'threads', 'adaptThreads', 'sae', '$schema'];
/** Options that are functions or objects in `trainSae` and cannot come from JSON. */
const notFromJson = new Set(['signal', 'onProgress']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readNumberText(name: string, raw: string, integer: boolean): number {
  const ok = integer ? /^-?[0-9]+$/.test(raw) : /^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/.test(raw);
  const value = ok ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be ${integer ? 'an integer written in decimal digits' : 'a decimal number'}, got ${JSON.stringify(raw)}`);
  return value;
}

/**
 * Builds the `trainSae` options of `interp train-sae --activations` from `--config` (`{"seed", "threads",
 * "adaptThreads", "sae": {...}}`, as in `interp run`'s config; `adaptThreads` may also sit inside `sae`, once), the `sae` object holding `trainSae` options by name, and an architecture's options either
 * inside `architecture: {type, ...}` or beside it as in `interp run`'s config) and the flags, which
 * override it. Unknown top-level fields are usage errors here; unknown SAE options reach `trainSae`,
 * which names them (and the closest known one).
 *
 * @example
 * ```ts
 * const { options } = resolveSaeOptions({ k: '16' }, { value: { sae: { dSae: 512 } }, source: '--config x' }, saeArchitectures);
 * // options: { dSae: 512, architecture: { type: 'topk', k: 16 } }
 * ```
 * @throws UsageError naming the flag or the config field.
 */
export function resolveSaeOptions(flags: RawFlags, config: ConfigArgument | undefined, registry: ArchitectureRegistry): ResolvedSaeOptions {
  const source = config?.source ?? '--config';
  const root = config?.value ?? {};
  if (!isPlainObject(root)) throw new UsageError(`${source}: the configuration must be a JSON object`);
  for (const key of Object.keys(root)) {
    if (!topLevelKeys.includes(key)) throw new UsageError(`${source}: unknown config field ${JSON.stringify(key)} (known: seed, threads, adaptThreads, sae)`);
  }
  const saeConfig = root.sae ?? {};
  if (!isPlainObject(saeConfig)) throw new UsageError(`${source}: config field sae must be an object of trainSae options, got ${JSON.stringify(saeConfig)}`);
  const archKeys = new Set(Object.values(registry).flatMap((d) => d.optionKeys));
  const options: Record<string, unknown> = {};
  let arch: Record<string, unknown> = {};
  let evalRows: number | undefined;
  for (const [key, value] of Object.entries(saeConfig)) {
    if (notFromJson.has(key)) throw new UsageError(`${source}: config field sae.${key} cannot be given in JSON`);
    if (key === 'architecture') {
      if (typeof value === 'string') arch.type = value;
      else if (isPlainObject(value)) arch = { ...arch, ...value };
      else throw new UsageError(`${source}: config field sae.architecture must be a name or an object {"type": NAME, ...}, got ${JSON.stringify(value)}`);
    } else if (key === 'evalRows') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new UsageError(`${source}: config field sae.evalRows must be an integer >= 1, got ${JSON.stringify(value)}`);
      evalRows = value;
    } else if (archKeys.has(key)) {
      arch[key] = value;
    } else {
      options[key] = value;
    }
  }
  for (const [name, spec] of Object.entries(saeOptionFlagTable)) {
    const raw = flags[name];
    if (typeof raw !== 'string') continue;
    let value: unknown;
    if (spec.kind === 'word') value = raw;
    else if (spec.kind === 'numbers') value = raw.split(',').map((part) => readNumberText(name, part.trim(), false));
    else value = readNumberText(name, raw, spec.kind === 'integer');
    if (spec.key === 'evalRows') {
      evalRows = readIntegerFlag(flags, name, 1, Number.MAX_SAFE_INTEGER);
    } else if (spec.architecture) {
      arch[spec.key] = value;
    } else {
      options[spec.key] = value;
    }
  }
  const type = arch.type ?? 'topk';
  if (typeof type !== 'string' || !Object.hasOwn(registry, type)) {
    throw new UsageError(`unknown SAE architecture ${JSON.stringify(type)} (known: ${Object.keys(registry).join(', ')})`);
  }
  const allowed = registry[type]!.optionKeys;
  for (const key of Object.keys(arch)) {
    if (key !== 'type' && !allowed.includes(key)) {
      const flag = Object.entries(saeOptionFlagTable).find(([, s]) => s.architecture && s.key === key)?.[0];
      throw new UsageError(
        `${flag && typeof flags[flag] === 'string' ? `--${flag}` : `${source}: config field sae.${key}`} does not apply to the ${type} architecture (its options: ${allowed.join(', ') || 'none'})`,
      );
    }
  }
  options.architecture = { ...arch, type };
  if (flags.hook !== undefined) options.hookName = flags.hook;
  const seed = readIntegerFlag(flags, 'seed', 0, 2 ** 32 - 1) ?? root.seed ?? 42;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw new UsageError(`${source}: config field seed must be an integer in [0, 4294967295], got ${JSON.stringify(seed)}`);
  }
  let threads: unknown = root.threads ?? 'auto';
  if (flags.threads !== undefined) threads = flags.threads === 'auto' ? 'auto' : readIntegerFlag(flags, 'threads', 1, 256);
  if (threads !== 'auto' && (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > 256)) {
    throw new UsageError(`${source}: config field threads must be "auto" or an integer in [1, 256], got ${JSON.stringify(threads)}`);
  }
  if (root.adaptThreads !== undefined) {
    if (typeof root.adaptThreads !== 'boolean') throw new UsageError(`${source}: config field adaptThreads must be true or false, got ${JSON.stringify(root.adaptThreads)}`);
    if (Object.hasOwn(saeConfig, 'adaptThreads')) throw new UsageError(`${source}: adaptThreads is given twice (config fields adaptThreads and sae.adaptThreads); keep one`);
    options.adaptThreads = root.adaptThreads;
  }
  const adaptThreads = readSwitchFlag(flags, 'adapt-threads');
  if (adaptThreads !== undefined) options.adaptThreads = adaptThreads;
  return { options, ...(evalRows === undefined ? {} : { evalRows }), seed, threads: threads as number | 'auto' };
}
