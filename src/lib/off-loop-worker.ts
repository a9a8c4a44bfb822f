import { parentPort, threadId } from 'node:worker_threads';
import { type OffLoopJobName, offLoopJobs } from './off-loop-jobs.js';

// The off-loop worker thread (see ./off-loop.ts): runs jobs as the main thread asks, many at
// once (they are mostly waiting on the network), and answers each by its id.

export type OffLoopRequest = { id: number; job: OffLoopJobName; input: unknown };
export type OffLoopAnswer = { id: number; output: unknown; threadId: number } | { id: number; error: string; threadId: number };

const port = parentPort!;
port.on('message', (request: OffLoopRequest) => {
  const handler = offLoopJobs[request.job] as ((input: unknown) => Promise<unknown>) | undefined;
  const run = handler ? handler(request.input) : Promise.reject(new Error(`unknown off-loop job ${String(request.job)}`));
  run.then(
    (output) => port.postMessage({ id: request.id, output, threadId } satisfies OffLoopAnswer),
    (error: unknown) =>
      port.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error), threadId } satisfies OffLoopAnswer),
  );
});
port.postMessage({ ready: true });
