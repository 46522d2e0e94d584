import { DEFAULT_HOOK_POINT, MLP_CONFIG_FILE, MLP_WEIGHTS_FILE, mlpFromSafetensors, type Mlp } from '@interp/models';
import { PROBE_RESULTS_FILE } from '@interp/probe';
import { deserializeSae, saeFileNames, type Sae } from '@interp/sae';
import { parseSafetensors } from '@interp/safetensors';

/** A file of a run folder: its name (or relative path) and bytes. */
export interface RunFile {
  name: string;
  bytes: Uint8Array;
}

/** A step record of a CLI run (`.interp/<step>.json`). */
export interface StepRecordJson {
  step: string;
  key: string;
  files: Record<string, string>;
  result: Record<string, unknown> | null;
  finishedAt: string;
  seconds: number;
}

/** A run folder read into memory: the MLP, the SAE, and the CLI's step records when present. */
export interface LoadedRun {
  mlp: Mlp;
  sae: Sae;
  hook: string;
  records: Record<string, StepRecordJson>;
  /** `probe_results.json` content, when present. */
  probeResults?: unknown;
  /** The files as read (to download them again). */
  files: RunFile[];
}

/** A problem with the files a visitor brought: the message names the file and what is wrong. */
export class RunFileError extends Error {
  override name = 'RunFileError';
}

const baseName = (name: string): string => name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);

function parseJson(file: RunFile): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(file.bytes));
  } catch (error) {
    throw new RunFileError(`${file.name}: not valid JSON (${(error as Error).message})`);
  }
}

function isRecord(value: unknown): value is StepRecordJson {
  return typeof value === 'object' && value !== null && typeof (value as StepRecordJson).step === 'string' && 'result' in value;
}

/**
 * Reads the output folder of `interp run` (or of the lab's download) from files a visitor picked or
 * dropped: `mlp_weights.safetensors` (+ `mlp_config.json`), the SAELens files `sae_weights.safetensors`,
 * `cfg.json` (+ `sparsity.safetensors`), and the step records `.interp/*.json` when present. Everything
 * stays in the page. Bad files raise a {@link RunFileError} naming the file and the problem: a
 * truncated safetensors, an SAE architecture the lab cannot run, an MLP whose hook width does not
 * match the SAE's `d_in`.
 *
 * @example
 * ```ts
 * const run = readRunFiles(await Promise.all([...input.files].map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))));
 * ```
 */
export function readRunFiles(files: readonly RunFile[]): LoadedRun {
  const byName = new Map<string, RunFile>();
  const records: Record<string, StepRecordJson> = {};
  let probeResults: unknown;
  for (const f of files) {
    const name = baseName(f.name);
    if (name.endsWith('.json') && name !== saeFileNames.config && name !== MLP_CONFIG_FILE) {
      const value = name === PROBE_RESULTS_FILE || isRecordName(name) ? parseJson(f) : undefined;
      if (isRecord(value)) records[value.step] = value;
      else if (name === PROBE_RESULTS_FILE) probeResults = value;
      continue;
    }
    byName.set(name, f);
  }
  const need = (name: string, what: string): RunFile => {
    const f = byName.get(name);
    if (!f) {
      throw new RunFileError(`${name} is missing: a run folder holds ${what}; pick every file of the folder (or drop the folder)`);
    }
    return f;
  };
  const mlpFile = need(MLP_WEIGHTS_FILE, `the MLP weights (${MLP_WEIGHTS_FILE}, ${MLP_CONFIG_FILE})`);
  const saeFile = need(saeFileNames.weights, `the SAE in the SAELens layout (${saeFileNames.weights}, ${saeFileNames.config})`);
  const cfgFile = need(saeFileNames.config, `the SAE in the SAELens layout (${saeFileNames.weights}, ${saeFileNames.config})`);
  const mlpConfigFile = byName.get(MLP_CONFIG_FILE);

  let mlp: Mlp;
  try {
    const config = mlpConfigFile ? (parseJson(mlpConfigFile) as Record<string, unknown>) : undefined;
    mlp = mlpFromSafetensors(mlpFile.bytes, { ...(config ? { config } : {}), source: MLP_WEIGHTS_FILE });
  } catch (error) {
    if (error instanceof RunFileError) throw error;
    const message = (error as Error).message;
    throw new RunFileError(message.includes(MLP_WEIGHTS_FILE) ? message : `${MLP_WEIGHTS_FILE}: ${message}`);
  }
  let sae: Sae;
  try {
    parseSafetensors(saeFile.bytes, { source: saeFileNames.weights }); // names a truncated file first
    const sparsity = byName.get(saeFileNames.sparsity);
    sae = deserializeSae({
      [saeFileNames.weights]: saeFile.bytes,
      [saeFileNames.config]: cfgFile.bytes,
      ...(sparsity ? { [saeFileNames.sparsity]: sparsity.bytes } : {}),
    });
  } catch (error) {
    mlp.dispose();
    const message = (error as Error).message;
    throw new RunFileError(message.startsWith(saeFileNames.config) || message.startsWith(saeFileNames.weights) ? message : `${saeFileNames.weights} / ${saeFileNames.config}: ${message}`);
  }
  // SAELens 6 configs keep hook_name in metadata, older ones at the top level: the loaded SAE has either
  const hook = sae.config.hookName ?? DEFAULT_HOOK_POINT;
  let width: number;
  try {
    width = mlp.hookWidth(hook);
  } catch (error) {
    mlp.dispose();
    sae.dispose();
    throw new RunFileError(`cfg.json: hook_name ${JSON.stringify(hook)} is not a hook point of the MLP (${(error as Error).message})`);
  }
  if (width !== sae.config.dIn) {
    const dIn = sae.config.dIn;
    const hidden = mlp.config.hiddenSize;
    mlp.dispose();
    sae.dispose();
    throw new RunFileError(
      `the MLP and the SAE do not match: cfg.json says the SAE reads d_in = ${dIn} values at ${hook}, but the MLP in mlp_weights.safetensors is ${width} wide there (hidden width ${hidden})`,
    );
  }
  return { mlp, sae, hook, records, ...(probeResults === undefined ? {} : { probeResults }), files: [...files] };
}

function isRecordName(name: string): boolean {
  return ['generate.json', 'train-mlp.json', 'harvest.json', 'train-sae.json', 'probe.json', 'report.json'].includes(name);
}
