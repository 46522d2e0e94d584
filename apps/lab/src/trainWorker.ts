import { resolveThreads } from '@interp/sae';
import { explainWorkerError } from './explainWorkerError';
import { installImmediateTimeouts, type TimerScope } from './installImmediateTimeouts';
import { initBackend } from './initBackend';
import { runLabPipeline } from './runLabPipeline';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

// The training worker: one run per message; the page stops a run by terminating the worker.
const scope = globalThis as unknown as {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

// The training loops yield with setTimeout(0) (trainMlp every 25 steps, trainSae every 100 ms, the lab's own
// progress), which browsers clamp to 4 ms once nested; this worker runs nothing else, so it needs no clamp.
installImmediateTimeouts(globalThis as unknown as TimerScope);

const post = (message: WorkerReply, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);

scope.onmessage = (event) => {
  const request = event.data;
  if (request.kind !== 'train') return;
  void (async () => {
    try {
      const backend = await initBackend(request.backend, request.threads);
      // the MLP and SAE steps run our kernels on all cores (their default, as in the CLI) where the page is
      // cross-origin isolated; this is the count they resolve to here
      const kernelThreads = resolveThreads(undefined);
      post({ kind: 'backend', description: backend.info.description, ...(backend.warning ? { warning: backend.warning } : {}), kernelThreads });
      const run = await runLabPipeline(request.config, (e) => post({ kind: 'event', event: e }), backend.info.description);
      post({ kind: 'done', run });
    } catch (error) {
      post({ kind: 'error', message: explainWorkerError(error) });
    }
  })();
};
