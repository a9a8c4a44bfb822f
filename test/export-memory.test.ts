import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from '../src/db/sqlite.js';
import { testApp, testDialect } from './helpers.js';

// The CSV export of 100,000 entries, consumed through HTTP, keeps only a batch or so in
// memory. Heap is measured after a forced garbage collection, so garbage that simply has not
// been collected yet does not count; what counts is what the export holds on to.

const ROWS = 100_000;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function retainedHeap(): number {
  collectGarbage();
  collectGarbage();
  // Chunks are Uint8Arrays whose bytes live outside the JavaScript heap: count both.
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/**
 * 100,000 minimal published entries in one statement; the search index is not needed here, so
 * the trigger that feeds it is dropped first (on PostgreSQL a trigger belongs to its table).
 */
async function insertMany(db: DB, count: number): Promise<void> {
  if (testDialect === 'postgres') await sql`DROP TRIGGER associations_search_insert ON associations`.execute(db);
  else await sql`DROP TRIGGER associations_search_insert`.execute(db);
  await sql`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
    INSERT INTO associations (slug, name, sort_name, short_description, description, municipality_number,
      status, created_at, updated_at, published_at, contact_name, contact_email, publish_contact)
    SELECT 'lag-' || i, 'Lag nummer ' || i, 'lag nummer ' || i, 'Et lag i Narvik med æøå.', 'Beskrivelse ' || i, '1806',
      'published', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.000Z',
      'Privat Person', 'privat' || i || '@example.no', 0
    FROM n`.execute(db);
  // PostgreSQL plans from statistics, which still describe an empty table until autovacuum
  // comes round; the app's own bulk loads gather them at once (insertAssociationsInBulk, db:copy).
  if (testDialect === 'postgres') await sql`ANALYZE associations`.execute(db);
}

describe('CSV export of 100,000 entries', () => {
  it('streams every row while holding far less memory than the rows would take', async () => {
    const { app, db } = await testApp();
    await insertMany(db, ROWS);

    // One small export first, so code compiled on first use is not counted as growth.
    const warmUp = (await app.request('/lag.csv?kommune=1806')).body!.getReader();
    await warmUp.read();
    await warmUp.cancel();

    const baseline = retainedHeap();
    const response = await app.request('/lag.csv?kommune=1806');
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let lineBreaks = 0;
    let bytes = 0;
    let chunks = 0;
    let peak = 0;
    let sawPrivate = false;
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      bytes += chunk.value.byteLength;
      const text = decoder.decode(chunk.value, { stream: true });
      // No field in these rows holds a line break, so each CRLF ends one record.
      lineBreaks += text.split('\r\n').length - 1;
      sawPrivate ||= text.includes('Privat Person');
      // Measured while this chunk and its text are still held, as a consumer would hold them.
      if (++chunks === 1 || chunks % 25 === 0) peak = Math.max(peak, retainedHeap() - baseline);
    }
    peak = Math.max(peak, retainedHeap() - baseline);
    expect(lineBreaks).toBe(ROWS + 1);
    expect(sawPrivate).toBe(false);

    // For comparison, what holding the rows would take, measured on a tenth of them (the
    // whole table would be some 200 MB) and scaled up: the rows read into one array.
    const before = retainedHeap();
    const tenth = await db
      .selectFrom('associations')
      .selectAll()
      .limit(ROWS / 10)
      .execute();
    const materialisedHeap = (retainedHeap() - before) * 10;
    expect(tenth).toHaveLength(ROWS / 10);

    console.info(
      `export: ${chunks} chunks, ${(bytes / 1e6).toFixed(1)} MB sent, peak retained heap ${(peak / 1e6).toFixed(2)} MB; ` +
        `all rows in memory would take about ${(materialisedHeap / 1e6).toFixed(0)} MB`,
    );
    // Holding the file would take at least its size; holding the rows, far more.
    expect(peak).toBeLessThan(bytes / 4);
    expect(peak).toBeLessThan(materialisedHeap / 20);
  }, 60_000);
});
