import { explainWorkerError } from './explainWorkerError';
import { initBackend } from './initBackend';
import { runLabPipeline } from './runLabPipeline';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

// The training worker: one run per message; the page stops a run by terminating the worker.
const scope = globalThis as unknown as {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

const post = (message: WorkerReply, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);

scope.onmessage = (event) => {
  const request = event.data;
  if (request.kind !== 'train') return;
  void (async () => {
    try {
      const backend = await initBackend(request.backend, request.threads);
      post({ kind: 'backend', description: backend.info.description, ...(backend.warning ? { warning: backend.warning } : {}) });
      const run = await runLabPipeline(request.config, (e) => post({ kind: 'event', event: e }), backend.info.description);
      post({ kind: 'done', run });
    } catch (error) {
      post({ kind: 'error', message: explainWorkerError(error) });
    }
  })();
};
