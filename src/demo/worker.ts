import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { BulkAssociation } from '../db/sqlite.js';
import type { WorkerJob, WorkerMessage, WorkerStart } from './generate-worker.js';

// The main thread's side of the demo generator's worker thread (./generate-worker.ts). Kept
// apart from seed.ts, and free of the database modules, so that the demo command can start
// the worker before it loads those.

/** A worker thread making demo rows for seedDemoData (see its `worker` option). */
export interface DemoWorker {
  /** The rows for this job, handed over as the bulk loader asks for them. Once only. */
  rows(job: WorkerJob): Generator<BulkAssociation>;
  /** Stops the thread (seedDemoData does when it is done with it). */
  close(): Promise<void>;
}

/** How long the writer waits for a batch before it gives the worker up for dead. */
const WORKER_SILENCE_MS = 60_000;

/**
 * Starts the worker thread now, so that it loads while the database is opened. The bulk
 * loader runs in one synchronous transaction, so batches are taken off the port
 * synchronously (receiveMessageOnPort), sleeping on a shared counter while none is there.
 */
export function demoWorker(): DemoWorker {
  const counters = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = startWorker({ port: port2, counters }, [port2]);
  const close = async () => {
    port1.close();
    await worker.terminate();
  };
  function* rows(job: WorkerJob): Generator<BulkAssociation> {
    port1.postMessage(job);
    try {
      for (;;) {
        const posted = Atomics.load(counters, 0);
        const received = receiveMessageOnPort(port1);
        if (!received) {
          if (Atomics.wait(counters, 0, posted, WORKER_SILENCE_MS) === 'timed-out') throw new Error('the demo generator worker stopped answering');
          continue;
        }
        Atomics.add(counters, 1, 1);
        Atomics.notify(counters, 1);
        const message = received.message as WorkerMessage;
        if ('error' in message) throw new Error(`the demo generator worker failed: ${message.error}`);
        if ('done' in message) return;
        yield* message.rows;
      }
    } finally {
      // The thread is done once its rows are in (or the loader gave up on them); seedDemoData
      // closes it again after the load, which is harmless.
      void close();
    }
  }
  return { rows, close };
}

function startWorker(workerData: WorkerStart, transferList: MessagePort[]): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./generate-worker.js', here), { workerData, transferList });
  // A worker thread does not inherit the tsx loader Node was started with: it loads the
  // worker's module through tsx's API, and reports a failure to load as the worker would.
  const target = JSON.stringify(new URL('./generate-worker.ts', here).href);
  const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then((tsx) => tsx.tsImport(${target}, ${target}))
    .catch((error) => {
      const { port, counters } = require('node:worker_threads').workerData;
      port.postMessage({ error: String((error && error.stack) || error) });
      Atomics.add(counters, 0, 1);
      Atomics.notify(counters, 0);
    });`;
  return new Worker(code, { eval: true, workerData, transferList });
}
