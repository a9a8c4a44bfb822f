import { type Kysely, sql } from 'kysely';

// SQLite only: the search index keeps, per term, which documents and columns hold it, but no
// longer each word's position (FTS5's detail=column). Searches are prefix terms, optionally
// limited to the name column (see toMatchQuery and nameOnlyMatch in src/db/sqlite.ts); neither
// needs positions. Phrase and NEAR queries would, and nothing makes them. At 100,000
// associations the index shrinks by about 40 % and is built about a quarter faster.
//
// On a contentless table this detail also leaves FTS5 without per-word instances, so bm25()
// scores every row 0: src/db/sqlite.ts ranks name hits itself (rankedMatchingIds).
//
// The table is recreated with the same columns, tokenizer and options as the association-search
// migration made it, and refilled from the same view. The triggers that feed it are on the
// other tables and refer to it by name, so they keep working unchanged.

async function recreate(db: Kysely<any>, detail: 'column' | 'full'): Promise<void> {
  await sql`DROP TABLE association_search`.execute(db);
  await sql`CREATE VIRTUAL TABLE association_search USING fts5(
    name, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    detail = ${sql.raw(detail)}
  )`.execute(db);
  await sql`INSERT INTO association_search (rowid, name, body)
    SELECT id, name, body FROM association_search_source`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await recreate(db, 'column');
}

export async function down(db: Kysely<any>): Promise<void> {
  await recreate(db, 'full');
}
