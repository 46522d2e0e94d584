import type { LabBackendRequest } from './initBackend';
import type { LabConfig } from './labConfig';
import type { LabEvent, LabRun } from './runLabPipeline';

/** What the page sends the training worker. */
export type WorkerRequest = {
  kind: 'train';
  config: LabConfig;
  backend: LabBackendRequest;
  /** tfjs wasm threads (the page's `?threads=N`); absent: tfjs' own choice. */
  threads?: number;
};

/** What the training worker sends back. */
export type WorkerReply =
  | {
      kind: 'backend';
      description: string;
      warning?: string;
      /** The threads our own kernels (@interp/kernels: the MLP and SAE steps) will run on here, and why not more. */
      kernelThreads: { threads: number; cores: number; note?: string };
    }
  | { kind: 'event'; event: LabEvent }
  | { kind: 'done'; run: LabRun }
  | { kind: 'error'; message: string };
