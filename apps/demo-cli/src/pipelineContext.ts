import type { BackendInfo } from '@interp/backend';
import type { Logger } from './createLogger';
import type { PipelineConfig, PresetName } from './pipelineConfig';

/** What every step gets: the configuration, the output folder, logging and run flags. */
export interface PipelineContext {
  config: PipelineConfig;
  /** The preset the configuration started from (reported in the summary). */
  preset: PresetName;
  out: string;
  log: Logger;
  /** Re-run steps even when cached. */
  force: boolean;
  quiet: boolean;
  /** Backend that runs (set by step 1). */
  backend?: BackendInfo;
  /** Cancels long steps (Ctrl-C). */
  signal?: AbortSignal;
  /** The time stamped on records and reports: `SOURCE_DATE_EPOCH` when set, else now. */
  now: () => Date;
  /** `SOURCE_DATE_EPOCH` when set: xlsx zip entries are stamped with it, and reports leave out wall times. */
  sourceDate?: Date;
  /** `interp probe --input`: probe the given row only, without scoring every feature. */
  probeOnly?: boolean;
}
