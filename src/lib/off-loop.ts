import { Worker } from 'node:worker_threads';
import type { OffLoopJobName, OffLoopJobs } from './off-loop-jobs.js';
import type { OffLoopAnswer, OffLoopRequest } from './off-loop-worker.js';

// Runs fetch-and-parse jobs (./off-loop-jobs.ts) in one worker thread, so that nothing a
// remote site sends (a huge page, a page built to make a parser slow) can hold up the event
// loop that answers requests. The thread starts on the first job and is let go of (unref)
// whenever no job is waiting, so an idle one never keeps a process alive. A job that runs
// past its deadline takes the thread down with it; the next job gets a fresh one.

export class OffLoopError extends Error {
  override name = 'OffLoopError';
}

interface Pending {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/** What the runner has done, for logs and for tests that check the work left this thread. */
export interface OffLoopStats {
  /** Jobs answered by the worker. */
  completed: number;
  /** The worker thread's id, or null before it first started. */
  lastThreadId: number | null;
}

export class OffLoop {
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  readonly stats: OffLoopStats = { completed: 0, lastThreadId: null };

  /**
   * Runs `job` in the worker thread. Rejects with OffLoopError when the job throws, the
   * thread dies, or `deadlineMs` passes (the thread is then ended, with every job in it).
   */
  run<K extends OffLoopJobName>(job: K, input: OffLoopJobs[K]['input'], options: { deadlineMs?: number } = {}): Promise<OffLoopJobs[K]['output']> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer =
        options.deadlineMs === undefined
          ? undefined
          : setTimeout(() => this.#fail(worker, new OffLoopError(`off-loop job ${job} ran past its deadline of ${options.deadlineMs} ms`)), options.deadlineMs);
      this.#pending.set(id, { resolve: resolve as (output: unknown) => void, reject, timer });
      worker.ref();
      worker.postMessage({ id, job, input } satisfies OffLoopRequest);
    });
  }

  /** Ends the thread; jobs still running are rejected. */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#fail(worker, new OffLoopError('the off-loop worker was closed'));
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startWorker();
    worker.on('message', (message: OffLoopAnswer | { ready: true }) => {
      if ('ready' in message) return;
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      clearTimeout(pending.timer);
      this.stats.completed += 1;
      this.stats.lastThreadId = message.threadId;
      if ('error' in message) pending.reject(new OffLoopError(message.error));
      else pending.resolve(message.output);
      if (this.#pending.size === 0) worker.unref();
    });
    worker.on('error', (error) => this.#fail(worker, new OffLoopError(`the off-loop worker failed: ${error.stack ?? error.message}`)));
    worker.on('exit', (code) => this.#fail(worker, new OffLoopError(`the off-loop worker stopped (exit code ${code})`)));
    worker.unref();
    this.#worker = worker;
    return worker;
  }

  /** Rejects every job of `worker` and lets it go; the next job starts a new thread. */
  #fail(worker: Worker, error: OffLoopError): void {
    if (this.#worker !== worker) return;
    this.#worker = null;
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.#pending.delete(id);
    }
    void worker.terminate();
  }
}

function startWorker(): Worker {
  const here = import.meta.url;
  // Built by esbuild, the worker is dist/off-loop-worker.js beside dist/server.js.
  if (!here.endsWith('.ts')) return new Worker(new URL('./off-loop-worker.js', here));
  // Run from the sources (tsx, vitest): a worker thread does not inherit the TypeScript
  // loader, so it loads its module through tsx's API (as the demo generator's worker does).
  const target = JSON.stringify(new URL('./off-loop-worker.ts', here).href);
  const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${target}, ${target}))`;
  return new Worker(code, { eval: true });
}
