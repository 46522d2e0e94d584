import { mergeConfig, presetNames, presets, type PipelineConfig, type PresetName } from './pipelineConfig';
import { readConfigArgument } from './readConfigArgument';
import { readIntegerFlag, readRowFlag, readSwitchFlag, type RawFlags } from './readFlags';
import { UsageError } from './UsageError';

/** A run's configuration and the preset it started from. */
export interface ResolvedConfig {
  config: PipelineConfig;
  /** The preset chosen by `--preset`, else by the config file's `preset`, else `reference`. */
  preset: PresetName;
}

function isPresetName(value: unknown): value is PresetName {
  return typeof value === 'string' && (presetNames as readonly string[]).includes(value);
}

/**
 * Builds the run's configuration: preset, then `--config FILE`, then flags; every field validated.
 *
 * @example
 * ```ts
 * const { config, preset } = await resolveConfig({ preset: 'quick', seed: '7' });
 * ```
 * @throws UsageError naming the file, flag or field.
 */
export async function resolveConfig(flags: RawFlags): Promise<ResolvedConfig> {
  let fileConfig: unknown;
  const configArg = typeof flags.config === 'string' ? await readConfigArgument(flags.config) : undefined;
  const configSource = configArg?.source ?? '--config';
  if (configArg) fileConfig = configArg.value;
  const filePreset = fileConfig !== null && typeof fileConfig === 'object' && Object.hasOwn(fileConfig, 'preset') ? (fileConfig as { preset: unknown }).preset : undefined;
  const presetName = flags.preset ?? filePreset ?? 'reference';
  if (!isPresetName(presetName)) {
    const source = flags.preset === undefined ? `${configSource}: config field preset` : '--preset';
    throw new UsageError(`${source} must be one of ${presetNames.join(', ')}, got ${JSON.stringify(presetName)}`);
  }
  let config = mergeConfig(presets[presetName], fileConfig, configSource);
  const patch: Record<string, unknown> = {};
  const seed = readIntegerFlag(flags, 'seed', 0, 2 ** 32 - 1);
  if (seed !== undefined) patch.seed = seed;
  if (flags.backend !== undefined) {
    if (!['auto', 'node', 'wasm', 'cpu'].includes(String(flags.backend))) {
      throw new UsageError(`--backend must be one of auto, node, wasm, cpu, got ${JSON.stringify(flags.backend)}`);
    }
    patch.backend = flags.backend;
  }
  if (flags.threads !== undefined) patch.threads = flags.threads === 'auto' ? 'auto' : readIntegerFlag(flags, 'threads', 1, 256);
  const adaptThreads = readSwitchFlag(flags, 'adapt-threads');
  if (adaptThreads !== undefined) patch.adaptThreads = adaptThreads;
  const data: Record<string, number> = {};
  for (const name of ['train', 'val', 'test'] as const) {
    const v = readIntegerFlag(flags, name, 1, 10_000_000);
    if (v !== undefined) data[name] = v;
  }
  if (Object.keys(data).length > 0) patch.data = data;
  const row = readRowFlag(flags, 'input');
  if (row) patch.probe = { inputs: [row] };
  config = mergeConfig(config, patch, 'flags');
  return { config, preset: presetName };
}
