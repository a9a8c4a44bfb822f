import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect.js';

// SQLite only: the search index keeps which words are in which column of each association,
// no longer where in the column (FTS5's detail=column instead of full positions). No search
// asks for positions: every grade of match (src/db/sqlite.ts, matchGrades) is a word, a
// prefix or a set of words in a set of columns, and results are ranked by those grades, not
// by bm25 (which needs positions and gives 0 without them). Phrase and NEAR queries, which
// need them, are never built (user input is quoted word by word). For 100,000 associations
// the index goes from 37.8 to 22.0 MB and fills about a quarter faster.
//
// Same columns, same view, same triggers (they name the table, and are left as they are);
// the index is filled afresh from association_search_source.

const COLUMNS = 'name, name_head, name_stem, name_part, body, body_more';

const create = (detail: 'column' | 'full') =>
  sql.raw(`CREATE VIRTUAL TABLE association_search USING fts5(
    ${COLUMNS},
    content = '', contentless_delete = 1, detail = ${detail},
    tokenize = 'unicode61 remove_diacritics 2'
  )`);

async function rebuild(db: Kysely<any>, detail: 'column' | 'full'): Promise<void> {
  await sql`DROP TABLE association_search`.execute(db);
  await create(detail).execute(db);
  await sql.raw(`INSERT INTO association_search (rowid, ${COLUMNS}) SELECT id, ${COLUMNS} FROM association_search_source`).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  // PostgreSQL's tsvector index (migration 03's PostgreSQL part) has no FTS5 table to change.
  if (isPostgres(db)) return;
  await rebuild(db, 'column');
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await rebuild(db, 'full');
}
