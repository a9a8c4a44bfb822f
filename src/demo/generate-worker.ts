import { once } from 'node:events';
import { type MessagePort, workerData } from 'node:worker_threads';
import { bulkRows } from '../db/association-rows.js';
import type { BulkAssociation } from '../db/sqlite.js';
import { type GenerateOptions, generateAssociations } from './generate.js';

// The demo generator's worker thread (see demoWorker in seed.ts): it makes the rows while the
// main thread stores the previous batches, so that two cores work at once. It loads only the
// generator and the row builder, and is started before the database is opened.

export interface WorkerStart {
  port: MessagePort;
  /** [batches posted, batches taken]; the main thread waits on the first, this thread on the second. */
  counters: Int32Array;
}

/** What to make, sent once the database has told what exists. */
export interface WorkerJob {
  generate: Omit<GenerateOptions, 'now'>;
  now: string;
  municipalityNames: [string, string][];
  takenSlugs: string[];
  /** The reference names the search index takes (see searchBody): [id, name_nb, name_en] and [id, name]. */
  categoryNames: [number, string, string][];
  placeNames: [number, string][];
}

export type WorkerMessage = { rows: BulkAssociation[] } | { done: true } | { error: string };

const BATCH_ROWS = 2_000;
/** Batches made ahead of the writer at most, to bound the memory they hold. */
const BATCHES_AHEAD = 8;

const { port, counters } = workerData as WorkerStart;

function post(message: WorkerMessage): void {
  port.postMessage(message);
  Atomics.add(counters, 0, 1);
  Atomics.notify(counters, 0);
}

const [job] = (await once(port, 'message')) as [WorkerJob];
try {
  const now = new Date(job.now);
  const searchNames = {
    categories: new Map(job.categoryNames.map(([id, nb, en]) => [id, [nb, en] as [string, string]])),
    places: new Map(job.placeNames),
  };
  // Each row with its search index document: the word analysis is made here, beside the generator.
  const rows = bulkRows(generateAssociations({ ...job.generate, now }), new Map(job.municipalityNames), now, new Set(job.takenSlugs), searchNames);
  let batch: BulkAssociation[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length < BATCH_ROWS) continue;
    for (;;) {
      const taken = Atomics.load(counters, 1);
      if (Atomics.load(counters, 0) - taken < BATCHES_AHEAD) break;
      Atomics.wait(counters, 1, taken, 1_000);
    }
    post({ rows: batch });
    batch = [];
  }
  if (batch.length > 0) post({ rows: batch });
  post({ done: true });
} catch (error) {
  post({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
