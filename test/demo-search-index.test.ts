import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DB } from '../src/db/sqlite.js';
import { seedDemoData } from '../src/demo/seed.js';
import { demoWorker } from '../src/demo/worker.js';
import { NOW, freshDatabase, testDialect } from './helpers.js';

// The demo worker makes each association's search index document itself (searchDocument in
// src/db/association-rows.ts) instead of the loader reading it from the index's view: the
// index must come out the same, byte for byte, as when it is filled from the view.

/** SQLite's FTS5 index as stored: its segments and the per-document column sizes. */
async function searchIndex(db: DB) {
  const data = (await sql<{ id: number; block: string }>`SELECT id, hex(block) AS block FROM association_search_data ORDER BY id`.execute(db)).rows;
  const sizes = (await sql<{ id: number; sz: string }>`SELECT id, hex(sz) AS sz FROM association_search_docsize ORDER BY id`.execute(db)).rows;
  return { data, sizes };
}

describe.skipIf(testDialect === 'postgres')('the demo worker’s search documents', () => {
  it('give the same search index as the view the triggers use', async () => {
    const options = { count: 1_500, scope: 'all', now: NOW, seed: 11, statusMix: 'demo' } as const;
    const { db: viaView, reference } = await freshDatabase();
    await seedDemoData(viaView, reference, options);
    const { db: viaWorker } = await freshDatabase();
    await seedDemoData(viaWorker, reference, { ...options, worker: demoWorker() });

    const expected = await searchIndex(viaView);
    expect(expected.sizes).toHaveLength(1_500);
    expect(expected.data.length).toBeGreaterThan(2);
    expect(await searchIndex(viaWorker)).toEqual(expected);
  });
});
