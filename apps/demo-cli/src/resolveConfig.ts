import { readFile } from 'node:fs/promises';
import { readIntegerFlag, type CommandLine } from './parseCommandLine';
import { mergeConfig, presets, type PipelineConfig } from './pipelineConfig';
import { UsageError } from './UsageError';

/** Builds the run's configuration: preset, then `--config FILE`, then flags; every field validated. */
export async function resolveConfig(flags: CommandLine['flags']): Promise<PipelineConfig> {
  let fileConfig: Record<string, unknown> | undefined;
  const configPath = flags.config;
  if (typeof configPath === 'string') {
    let text: string;
    try {
      text = await readFile(configPath, 'utf8');
    } catch {
      throw new UsageError(`--config ${configPath}: file not found or unreadable`);
    }
    try {
      fileConfig = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`--config ${configPath}: not valid JSON (${(error as Error).message})`);
    }
  }
  const presetName = flags.preset ?? fileConfig?.preset ?? 'reference';
  if (presetName !== 'reference' && presetName !== 'quick') {
    throw new UsageError(`--preset must be one of quick, reference, got ${JSON.stringify(presetName)}`);
  }
  let config = mergeConfig(presets[presetName], fileConfig, `--config ${String(configPath)}`);
  const patch: Record<string, unknown> = {};
  const seed = readIntegerFlag(flags, 'seed', 0, 2 ** 32 - 1);
  if (seed !== undefined) patch.seed = seed;
  if (flags.backend !== undefined) {
    if (!['auto', 'node', 'wasm', 'cpu'].includes(String(flags.backend))) {
      throw new UsageError(`--backend must be one of auto, node, wasm, cpu, got ${JSON.stringify(flags.backend)}`);
    }
    patch.backend = flags.backend;
  }
  const data: Record<string, number> = {};
  for (const name of ['train', 'val', 'test'] as const) {
    const v = readIntegerFlag(flags, name, 1, 10_000_000);
    if (v !== undefined) data[name] = v;
  }
  if (Object.keys(data).length > 0) patch.data = data;
  config = mergeConfig(config, patch, 'flags');
  return config;
}
