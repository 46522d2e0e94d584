import type { BackendInfo } from '@interp/backend';
import type { Logger } from './createLogger';
import type { PipelineConfig } from './pipelineConfig';

/** What every step gets: the configuration, the output folder, logging and run flags. */
export interface PipelineContext {
  config: PipelineConfig;
  out: string;
  log: Logger;
  /** Re-run steps even when cached. */
  force: boolean;
  quiet: boolean;
  /** Backend that runs (set by step 1). */
  backend?: BackendInfo;
  /** Cancels long steps (Ctrl-C). */
  signal?: AbortSignal;
  /** `interp probe --input`: probe the given row only, without scoring every feature. */
  probeOnly?: boolean;
}
