import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { migrations } from '../../db/migrations/index.js';
import { type QueryWord, indexedText, queryWords } from '../lib/search-words.js';
import * as postgres from './postgres.js';
import type { Database, LinkKind, NewAssociation } from './types.js';

// Everything that only SQLite has lives here: opening the file with its pragmas, and the
// FTS5 query syntax. Query modules call these helpers and stay portable to other dialects.
// Given a PostgreSQL handle, the helpers that differ hand over to src/db/postgres.ts (which
// reads the same FTS5 expressions), so callers need not know which database they have.

export type DB = Kysely<Database>;

export interface OpenedDatabase {
  db: DB;
  /** The underlying handle, for SQLite-only operations (backup, checkpoint, close). */
  sqlite: SQLite.Database;
}

// The raw handle behind each Kysely instance opened here, for the per-request data-version
// read and the bulk loader below.
const handles = new WeakMap<DB, SQLite.Database>();

/**
 * Opens (creating if needed) a SQLite database and brings its schema up to date.
 * @example const { db } = await openDatabase(':memory:');
 */
export async function openDatabase(path: string, options: { waitForWriters?: boolean } = {}): Promise<OpenedDatabase> {
  if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // 16 KB pages instead of SQLite's 4 KB, for a new database (the size is fixed when the first
  // page is written, so an existing file keeps its own; in WAL mode even VACUUM keeps it):
  // rows of 600-700 bytes left about 8 % of every 4 KB page empty. The 100,000-association
  // bench database is 186 MB instead of 194 (see bench/README.md). Set before WAL, whose
  // switch writes the first page.
  sqlite.pragma('page_size = 16384');
  // WAL lets readers go on while one request writes; NORMAL sync is durable across a
  // process crash in WAL mode, which is the failure we guard against.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  registerSearchFunctions(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  if (options.waitForWriters) await untilWritable(sqlite);
  await migrateToLatest(db);
  refreshPlannerStatistics(sqlite, 'at-open');
  handles.set(db, sqlite);
  return { db, sqlite };
}

/**
 * Lets SQLite gather (or renew) the row statistics its query planner chooses indexes by,
 * where they are missing or the tables have grown or shrunk a lot since: SQLite's own advice
 * for long-lived connections (PRAGMA optimize=0x10002 at open, plain optimize after big
 * changes). Without them it guesses from the indexes' shapes alone, and for a municipality's
 * activities it took the index on status and start date, reading every activity in the
 * country (0.4 s for 100,000 associations) instead of the municipality's associations'.
 * Whole tables are read (about half a second for 100,000 associations, only when the figures
 * are missing or stale): with a sampling limit the figures for an index that starts with a
 * column of few values (status) came out a hundred times too small, and misled it the same way.
 */
function refreshPlannerStatistics(sqlite: SQLite.Database, when: 'at-open' | 'after-load'): void {
  // Never worth waiting for: while another connection holds the database (a backup, a long
  // import), ANALYZE's write would wait out the busy timeout with the thread blocked and then
  // fail the start. It is skipped instead, and the next open or load tries again.
  withoutBusyWait(sqlite, () => {
    try {
      sqlite.pragma(when === 'at-open' ? 'optimize = 0x10002' : 'optimize');
    } catch (error) {
      if (!isBusy(error)) throw error;
    }
  });
}

/**
 * Waits while another connection holds the write lock (a long import, a restore being
 * checked), asking again every 50 ms instead of sleeping inside SQLite's busy timeout: that
 * sleep blocks the thread, so a server starting up could not answer /healthz and /readyz
 * meanwhile, and after five seconds its first write failed the start.
 */
async function untilWritable(sqlite: SQLite.Database): Promise<void> {
  for (;;) {
    const free = withoutBusyWait(sqlite, () => {
      try {
        sqlite.exec('BEGIN IMMEDIATE');
        sqlite.exec('ROLLBACK');
        return true;
      } catch (error) {
        if (isBusy(error)) return false;
        throw error;
      }
    });
    if (free) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function withoutBusyWait<T>(sqlite: SQLite.Database, work: () => T): T {
  const busyTimeout = Number(sqlite.pragma('busy_timeout', { simple: true }));
  sqlite.pragma('busy_timeout = 0');
  try {
    return work();
  } finally {
    sqlite.pragma(`busy_timeout = ${busyTimeout}`);
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof SQLite.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(error.code);
}

const CACHED_STATEMENTS = 300;

/**
 * The handle as Kysely sees it, with prepare() remembering statements by their SQL text.
 * Kysely prepares every query afresh, which cost more than running the small ones; a query
 * builder makes the same few texts over and over. A statement that is busy (a stream still
 * reading it) is not handed out twice: that caller gets a fresh one.
 */
function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
  const statements = new Map<string, SQLite.Statement>();
  const prepare = (source: string): SQLite.Statement => {
    const cached = statements.get(source);
    if (cached && !cached.busy) {
      statements.delete(source);
      statements.set(source, cached);
      return cached;
    }
    const statement = sqlite.prepare(source);
    if (!cached) {
      statements.set(source, statement);
      for (const oldest of statements.keys()) {
        if (statements.size <= CACHED_STATEMENTS) break;
        statements.delete(oldest);
      }
    }
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const versionReaders = new WeakMap<DB, () => number>();

/**
 * The data version (see the data-version migration): a number that grows with every write to
 * what public pages show, from this process or any other. One prepared primary-key read, a
 * few microseconds, so callers may ask on every request.
 */
export function dataVersion(db: DB): number {
  const version = dataVersionIfKnown(db);
  if (version === null) throw new Error('dataVersion needs a database opened with openDatabase');
  return version;
}

/** The data version, or null for a handle it cannot be read from (a transaction's, say). */
export function dataVersionIfKnown(db: DB): number | null {
  let read = versionReaders.get(db);
  if (!read) {
    const sqlite = handles.get(db);
    // PostgreSQL's from this node's change feed (LISTEN/NOTIFY), which follows the same row.
    if (!sqlite) return postgres.dataVersionOf(db);
    const statement = sqlite.prepare('SELECT version FROM data_version WHERE id = 1').pluck();
    read = () => Number(statement.get());
    versionReaders.set(db, read);
  }
  return read();
}

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error });
  }
}

/** Answers whether the database responds; used by the health check. */
export async function ping(db: DB): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

export { foldForSearch } from '../lib/search-words.js';

/**
 * search_terms(text, kind): the tokens of one kind that the search index holds for a text
 * (src/lib/search-words.ts), for the index's view (see the compound-search migration). The
 * view asks for several kinds of the same text in a row, so the last analysis is kept.
 */
export function registerSearchFunctions(sqlite: SQLite.Database): void {
  let lastText: string | null = null;
  let last = indexedText('');
  sqlite.function('search_terms', { deterministic: true }, (text: unknown, kind: unknown) => {
    const value = typeof text === 'string' ? text : text === null || text === undefined ? '' : String(text);
    if (value !== lastText) {
      last = indexedText(value);
      lastText = value;
    }
    switch (kind) {
      case 'words':
        return last.words;
      case 'heads':
        return last.heads;
      case 'stems':
        return last.stems;
      case 'parts':
        return last.parts;
      case 'more':
        return `${last.heads} ${last.stems} ${last.parts}`;
      default:
        throw new Error(`search_terms: unknown kind ${String(kind)}`);
    }
  });
}

const SEARCH_COLUMNS = 'name, name_head, name_stem, name_part, body, body_more';

/** Every word becomes a quoted FTS5 string, so FTS5 operators typed by a user are only words. */
const quote = (term: string) => `"${term.replaceAll('"', '""')}"`;
const anyOf = (terms: string[]) => (terms.length === 1 ? quote(terms[0]!) : `(${terms.map(quote).join(' OR ')})`);

/**
 * How a search word can match, best first, as FTS5 expressions over the index's columns:
 * exact word, compound head, a word or head that is the search word's stem (korene: Kor Nord
 * and the choirs before Kors, whose own stem is kor),
 * inflected form (stems, activity-noun partners), prefix, another
 * part of a compound (or its start), one-letter typo; each in the name, then in the rest of
 * the text (descriptions, categories, place and municipality) with fewer grades. An empty
 * string for a grade that cannot match. `typos` are indexed words one edit away.
 */
export function matchGrades(word: QueryWord, typos: string[]): string[] {
  const w = word.text;
  return [
    `{name} : ${quote(w)}`,
    `{name_head} : ${quote(w)}`,
    `{name name_head} : ${anyOf(word.stems)}`,
    `{name_stem} : ${anyOf(word.stems)}`,
    `{name} : ${quote(w)}*`,
    `{name_head name_part} : ${quote(w)}*`,
    typos.length > 0 ? `{name name_head name_part} : ${anyOf(typos)}` : '',
    `{body body_more} : ${anyOf([...new Set([w, ...word.stems])])}`,
    `{body body_more} : ${typos.length > 0 ? `(${quote(w)}* OR ${typos.map(quote).join(' OR ')})` : `${quote(w)}*`}`,
  ];
}

/** One expression for everything the words match (every word, in any of its grades). */
export function matchAll(words: { word: QueryWord; typos: string[] }[]): string {
  return words
    .map(
      ({ word, typos }) =>
        `(${matchGrades(word, typos)
          .filter(Boolean)
          .map((g) => `(${g})`)
          .join(' OR ')})`,
    )
    .join(' AND ');
}

/**
 * The match expression for free text without typo tolerance, or null when the text has no
 * searchable word: for tools that count matches (the bench).
 */
export function toMatchQuery(text: string): string | null {
  const words = queryWords(text);
  return words ? matchAll(words.map((word) => ({ word, typos: [] }))) : null;
}

/** Association ids whose text matches the expression (from matchAll), with a bm25 rank where lower is better. */
export function matchingAssociations(db: DB, matchQuery: string) {
  if (postgres.isPostgres(db)) return postgres.matchingAssociations(db, matchQuery) as unknown as ReturnType<typeof sqliteMatchingAssociations>;
  return sqliteMatchingAssociations(db, matchQuery);
}

function sqliteMatchingAssociations(db: DB, matchQuery: string) {
  return db
    .selectFrom(
      sql<{ id: number; rank: number }>`(
      SELECT rowid AS id, bm25(association_search) AS rank
      FROM association_search WHERE association_search MATCH ${matchQuery}
    )`.as('search'),
    )
    .select(['search.id', 'search.rank']);
}

// Small enough that one chunk of a word matching a third of 100,000 rows stays a few ms.
const MATCH_CHUNK = 5000;
const matchReaders = new WeakMap<DB, SQLite.Statement>();

/**
 * Ids of the associations whose text matches, in id order, of every status. Without bm25
 * this stays cheap for a common word that matches a third of all rows; it is read in rowid
 * ranges, letting other requests run in between, so that no single step blocks the server.
 * Read straight from the handle as plain numbers: through Kysely every one of 30,000 ids
 * became a row object first, four times the work.
 */
export async function matchingIds(db: DB, matchQuery: string): Promise<number[]> {
  if (postgres.isPostgres(db)) return postgres.matchingIds(db, matchQuery);
  const sqlite = handles.get(db);
  let statement = matchReaders.get(db);
  if (sqlite && !statement) {
    statement = sqlite.prepare('SELECT rowid FROM association_search WHERE association_search MATCH ? AND rowid > ? ORDER BY rowid LIMIT ?').pluck();
    matchReaders.set(db, statement);
  }
  const ids: number[] = [];
  for (let after = 0; ;) {
    const chunk: number[] = statement
      ? (statement.all(matchQuery, after, MATCH_CHUNK) as number[])
      : (
          await sql<{ id: number }>`SELECT rowid AS id FROM association_search
            WHERE association_search MATCH ${matchQuery} AND rowid > ${after} ORDER BY rowid LIMIT ${MATCH_CHUNK}`.execute(db)
        ).rows.map((r) => r.id);
    for (const id of chunk) ids.push(id);
    if (chunk.length < MATCH_CHUNK) return ids;
    after = chunk[chunk.length - 1]!;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Makes the search index include every write so far. SQLite's triggers index as they write,
 * so there is nothing to do; PostgreSQL's index is fed from the same word rules in
 * TypeScript, here (see src/db/postgres.ts).
 */
export async function searchIndexUpToDate(db: DB): Promise<void> {
  if (postgres.isPostgres(db)) await postgres.refreshSearchIndex(db);
}

/**
 * Indexes every association afresh, in one transaction (after the word rules or the
 * lexicon in db/ change). Returns the number indexed.
 */
export function rebuildSearchIndex(db: DB): number {
  const sqlite = handles.get(db);
  if (!sqlite) throw new Error('rebuildSearchIndex needs a database opened with openDatabase');
  return sqlite
    .transaction(() => {
      sqlite.exec("INSERT INTO association_search (association_search) VALUES ('delete-all')");
      return sqlite.prepare(`INSERT INTO association_search (rowid, ${SEARCH_COLUMNS}) SELECT id, ${SEARCH_COLUMNS} FROM association_search_source`).run()
        .changes;
    })
    .immediate();
}

/** An association's row of the search index (the columns of association_search). */
export interface SearchDocument {
  name: string;
  name_head: string;
  name_stem: string;
  name_part: string;
  body: string;
  body_more: string;
}

/** One new association as its three tables store it; the loader fills in the association id. */
export interface BulkAssociation {
  association: NewAssociation;
  categories: { category_id: number; position: number }[];
  links: { kind: LinkKind; url: string; position: number }[];
  /**
   * Its search index row, made beforehand from the same text the index's view gives
   * (searchDocument in ./association-rows.ts: the demo worker makes it). Without it the
   * loader fills the row from the view.
   */
  search?: SearchDocument;
}

// The triggers that index an association as it is inserted. A bulk load drops them and
// indexes the new rows once at the end: with them on, every category row re-indexes its
// association (up to four FTS writes and three deletes per association).
// The data-version triggers would bump the counter once per row; one bump at the end says the same.
const INSERT_SEARCH_TRIGGERS = [
  'associations_search_insert',
  'association_categories_search_insert',
  'associations_data_version_insert',
  'association_categories_data_version_insert',
  'association_links_data_version_insert',
];
const BULK_TABLES = ['associations', 'association_categories', 'association_links'];

// The search documents a bulk load brought, read by the load's one INSERT … SELECT through a
// table-valued function defined here (better-sqlite3's Database#table), once per handle.
let pendingDocuments: [number, SearchDocument][] = [];
const documentTables = new WeakSet<SQLite.Database>();

function documentTable(sqlite: SQLite.Database): string {
  if (!documentTables.has(sqlite)) {
    sqlite.table('bulk_search_documents', {
      columns: ['id', 'name', 'name_head', 'name_stem', 'name_part', 'body', 'body_more'],
      *rows() {
        for (const [id, d] of pendingDocuments) yield [id, d.name, d.name_head, d.name_stem, d.name_part, d.body, d.body_more];
      },
    });
    documentTables.add(sqlite);
  }
  return 'bulk_search_documents';
}

/**
 * Stores many new associations in one transaction (demo data, imports, test fixtures) with
 * statements prepared once. The search index is fed once at the end from the same view the
 * triggers use, so it ends up exactly as the triggers would leave it; a row that brings its
 * search document (made from the same text by searchDocument, in the demo worker) is indexed
 * with it as it is stored instead. Into an empty table the
 * secondary indexes are also dropped and rebuilt afterwards: sorting once beats 100,000
 * random B-tree inserts. Every schema change here is undone before the transaction commits,
 * from the objects' own stored SQL, and rolled back with it on failure.
 * Returns the number stored.
 */
export function insertAssociationsInBulk(db: DB, items: Iterable<BulkAssociation>): number | Promise<number> {
  if (postgres.isPostgres(db)) return postgres.insertAssociationsInBulk(db, items);
  const sqlite = handles.get(db);
  if (!sqlite) throw new Error('insertAssociationsInBulk needs a database opened with openDatabase');
  const load = sqlite.transaction(() => {
    const after = Number(sqlite.prepare('SELECT coalesce(max(id), 0) FROM associations').pluck().get());
    const empty = after === 0 && sqlite.prepare('SELECT count(*) FROM associations').pluck().get() === 0;
    const deferred = sqlite
      .prepare(
        `SELECT type, name, sql FROM sqlite_master
         WHERE (type = 'trigger' AND name IN (${INSERT_SEARCH_TRIGGERS.map(() => '?').join(', ')}))
            OR (? AND type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map(() => '?').join(', ')}))`,
      )
      .all(...INSERT_SEARCH_TRIGGERS, empty ? 1 : 0, ...BULK_TABLES) as { type: 'trigger' | 'index'; name: string; sql: string }[];
    for (const object of deferred) sqlite.exec(`DROP ${object.type === 'index' ? 'INDEX' : 'TRIGGER'} "${object.name.replaceAll('"', '""')}"`);

    let insertAssociation: SQLite.Statement | undefined;
    const insertCategory = sqlite.prepare('INSERT INTO association_categories (association_id, category_id, position) VALUES (?, ?, ?)');
    const insertLink = sqlite.prepare('INSERT INTO association_links (association_id, kind, url, position) VALUES (?, ?, ?, ?)');
    // Rows that came without their search document are indexed from the view at the end.
    const unindexed: number[] = [];
    const documents: [number, SearchDocument][] = [];
    let stored = 0;
    for (const item of items) {
      if (!insertAssociation) {
        const columns = [...new Set(['uuid', 'service_uuid', ...Object.keys(item.association)])];
        insertAssociation = sqlite.prepare(
          `INSERT INTO associations (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
        );
      }
      // The HSDS ids the insert trigger would add, without an UPDATE per row.
      const id = insertAssociation.run({ uuid: randomUUID(), service_uuid: randomUUID(), ...item.association }).lastInsertRowid;
      for (const c of item.categories) insertCategory.run(id, c.category_id, c.position);
      for (const l of item.links) insertLink.run(id, l.kind, l.url, l.position);
      if (item.search) documents.push([Number(id), item.search]);
      else unindexed.push(Number(id));
      stored++;
    }

    for (const object of deferred) if (object.type === 'index') sqlite.exec(object.sql);
    if (documents.length > 0) {
      // One statement, as from the view: row by row, FTS5 would write a segment per statement.
      pendingDocuments = documents;
      try {
        sqlite.prepare(`INSERT INTO association_search (rowid, ${SEARCH_COLUMNS}) SELECT id, ${SEARCH_COLUMNS} FROM ${documentTable(sqlite)}`).run();
      } finally {
        pendingDocuments = [];
      }
    }
    if (unindexed.length === stored) {
      sqlite
        .prepare(`INSERT INTO association_search (rowid, ${SEARCH_COLUMNS}) SELECT id, ${SEARCH_COLUMNS} FROM association_search_source WHERE id > ?`)
        .run(after);
    } else if (unindexed.length > 0) {
      const indexOne = sqlite.prepare(
        `INSERT INTO association_search (rowid, ${SEARCH_COLUMNS}) SELECT id, ${SEARCH_COLUMNS} FROM association_search_source WHERE id = ?`,
      );
      for (const id of unindexed) indexOne.run(id);
    }
    for (const object of deferred) if (object.type === 'trigger') sqlite.exec(object.sql);
    sqlite.prepare('UPDATE data_version SET version = version + 1 WHERE id = 1').run();
    return stored;
  });
  // A page cache big enough for the whole load keeps SQLite from spilling half-built pages
  // to the journal and reading them back; the server's own small cache is restored after.
  const cacheSize = Number(sqlite.pragma('cache_size', { simple: true }));
  sqlite.pragma('cache_size = -262144');
  try {
    return load.immediate();
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
    refreshPlannerStatistics(sqlite, 'after-load');
  }
}

// The per-row data-version trigger of activities: a bulk load bumps the counter once instead.
const ACTIVITY_INSERT_TRIGGERS = ['activities_data_version_insert'];

/**
 * Stores many whole activity rows in one transaction with one prepared statement per set of
 * columns (demo data): through Kysely every chunk of 400 rows was a fresh 12,800-parameter
 * statement, and the data-version trigger ran once per row. Into an empty table the secondary
 * indexes are dropped and rebuilt afterwards, as insertAssociationsInBulk does, and the
 * trigger is re-created from its own stored SQL before the commit. Returns false (storing
 * nothing) for a handle this module did not open (PostgreSQL, a transaction): the caller then
 * stores the rows its portable way.
 */
export function insertActivitiesInBulk(db: DB, rows: readonly Record<string, unknown>[]): boolean {
  const sqlite = handles.get(db);
  if (!sqlite) return false;
  sqlite
    .transaction(() => {
      const empty = sqlite.prepare('SELECT count(*) FROM activities').pluck().get() === 0;
      const deferred = sqlite
        .prepare(
          `SELECT type, name, sql FROM sqlite_master
           WHERE (type = 'trigger' AND name IN (${ACTIVITY_INSERT_TRIGGERS.map(() => '?').join(', ')}))
              OR (? AND type = 'index' AND sql IS NOT NULL AND tbl_name = 'activities')`,
        )
        .all(...ACTIVITY_INSERT_TRIGGERS, empty ? 1 : 0) as { type: 'trigger' | 'index'; name: string; sql: string }[];
      for (const object of deferred) sqlite.exec(`DROP ${object.type === 'index' ? 'INDEX' : 'TRIGGER'} "${object.name.replaceAll('"', '""')}"`);
      // A column left out takes its default, as in Kysely's insert: one statement per set of columns.
      const statements = new Map<string, { statement: SQLite.Statement; columns: string[] }>();
      for (const row of rows) {
        const columns = Object.keys(row).filter((c) => row[c] !== undefined);
        const key = columns.join(',');
        let insert = statements.get(key);
        if (!insert) {
          const names = columns.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
          insert = { statement: sqlite.prepare(`INSERT INTO activities (${names}) VALUES (${columns.map(() => '?').join(', ')})`), columns };
          statements.set(key, insert);
        }
        insert.statement.run(...insert.columns.map((c) => row[c]));
      }
      for (const object of deferred) sqlite.exec(object.sql);
      if (rows.length > 0) sqlite.prepare('UPDATE data_version SET version = version + 1 WHERE id = 1').run();
    })
    .immediate();
  return true;
}

/**
 * Copies the live database to `destination` with SQLite's online backup: a consistent
 * snapshot even while the server keeps writing. Returns the number of pages copied.
 */
export async function backupDatabase(
  sqlite: SQLite.Database,
  destination: string,
  onProgress?: (copiedPages: number, totalPages: number) => void,
): Promise<number> {
  mkdirSync(dirname(destination), { recursive: true });
  const result = await sqlite.backup(destination, {
    progress({ totalPages, remainingPages }) {
      onProgress?.(totalPages - remainingPages, totalPages);
      // Pages per step: small enough that a server sharing the file is never held up long.
      return 256;
    },
  });
  onProgress?.(result.totalPages, result.totalPages);
  return result.totalPages;
}

/**
 * What a file offered for restore is: 'ok', or why it cannot be restored (not a SQLite
 * database, damaged, not Lagportal's, or made by a newer version with migrations this one
 * does not know).
 */
export function checkRestorable(path: string): { ok: true; migrations: number } | { ok: false; reason: string } {
  let file: SQLite.Database;
  try {
    file = new SQLite(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { ok: false, reason: `cannot be opened as a SQLite database (${(error as Error).message})` };
  }
  try {
    let check: string;
    try {
      check = integrityCheck(file);
    } catch (error) {
      return { ok: false, reason: `is not a SQLite database (${(error as Error).message})` };
    }
    if (check !== 'ok') return { ok: false, reason: `failed SQLite's integrity check: ${check}` };
    const hasMigrations = file.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get();
    if (!hasMigrations) return { ok: false, reason: 'is not a Lagportal database (it has no migration table)' };
    const names = file.prepare('SELECT name FROM kysely_migration').pluck().all() as string[];
    const unknown = names.filter((name) => !(name in migrations));
    if (unknown.length > 0) return { ok: false, reason: `was made by a newer Lagportal (unknown migrations: ${unknown.join(', ')}); upgrade first` };
    return { ok: true, migrations: names.length };
  } finally {
    file.close();
  }
}

/** SQLite's own consistency check: 'ok' when the file is sound. */
export function integrityCheck(sqlite: SQLite.Database): string {
  return String(sqlite.pragma('integrity_check', { simple: true }));
}

/**
 * Puts the database in `source` (checked with checkRestorable first) in place of `target`.
 * The current database is first copied aside to `<target>.before-restore-<stamp>`, so a
 * restore can itself be undone; the new file is staged beside the target and renamed into
 * place, so a crash half-way leaves the old database where it was. Migrations then bring the
 * restored copy up to this version's schema.
 */
export async function restoreDatabase(
  source: string,
  target: string,
  stamp: string,
  onProgress?: (copiedPages: number, totalPages: number) => void,
): Promise<{ pages: number; previous: string | null }> {
  const staging = `${target}.restoring`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(staging + suffix, { force: true });
  const from = new SQLite(source, { readonly: true, fileMustExist: true });
  let pages: number;
  try {
    pages = await backupDatabase(from, staging, onProgress);
  } finally {
    from.close();
  }
  const staged = new SQLite(staging);
  const check = integrityCheck(staged);
  staged.close();
  if (check !== 'ok') throw new Error(`the staged copy failed SQLite's integrity check: ${check}`);

  let previous: string | null = null;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${stamp}`;
    const live = new SQLite(target, { fileMustExist: true });
    try {
      await live.backup(previous);
    } finally {
      live.close();
    }
  }
  for (const suffix of ['-wal', '-shm', '']) rmSync(target + suffix, { force: true });
  for (const suffix of ['-wal', '-shm']) rmSync(staging + suffix, { force: true });
  renameSync(staging, target);
  const { sqlite } = await openDatabase(target);
  sqlite.close();
  return { pages, previous };
}

/** A table of the application's data, as copying it elsewhere needs it (see src/db/copy.ts). */
export interface DataTable {
  name: string;
  columns: string[];
  /** Columns that refer to a row of the same table (a category's parent, say). */
  selfReferences: string[];
}

// Kept by the migrations and the search triggers, not data to copy: the migration history,
// the search index (rebuilt from the data) and the data-version counter.
const NOT_DATA = /^(sqlite_|kysely_|association_search)|^data_version$/;

/**
 * The data tables of a database, each after the tables it refers to (from SQLite's
 * foreign-key lists), so rows can be inserted in this order without breaking a reference.
 */
export function dataTables(sqlite: SQLite.Database): DataTable[] {
  const names = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]).filter(
    (name) => !NOT_DATA.test(name),
  );
  const tables = new Map<string, DataTable & { refersTo: Set<string> }>();
  for (const name of names) {
    const columns = (sqlite.pragma(`table_info("${name.replaceAll('"', '""')}")`) as { name: string }[]).map((c) => c.name);
    const keys = sqlite.pragma(`foreign_key_list("${name.replaceAll('"', '""')}")`) as { table: string; from: string }[];
    tables.set(name, {
      name,
      columns,
      selfReferences: keys.filter((k) => k.table === name).map((k) => k.from),
      refersTo: new Set(keys.filter((k) => k.table !== name).map((k) => k.table)),
    });
  }
  const ordered: DataTable[] = [];
  const placed = new Set<string>();
  const place = (name: string, path: string[]) => {
    if (placed.has(name)) return;
    if (path.includes(name)) throw new Error(`tables refer to each other in a circle: ${[...path, name].join(' → ')}`);
    const table = tables.get(name);
    if (!table) return;
    for (const other of table.refersTo) place(other, [...path, name]);
    placed.add(name);
    ordered.push({ name: table.name, columns: table.columns, selfReferences: table.selfReferences });
  };
  for (const name of names) place(name, []);
  return ordered;
}

/** Every row of a table, by rowid, read a statement step at a time. */
export function tableRows(sqlite: SQLite.Database, table: string): IterableIterator<Record<string, unknown>> {
  return sqlite.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}" ORDER BY rowid`).iterate() as IterableIterator<Record<string, unknown>>;
}

/** The number of rows in a table. */
export function tableRowCount(sqlite: SQLite.Database, table: string): number {
  return Number(
    sqlite
      .prepare(`SELECT count(*) FROM "${table.replaceAll('"', '""')}"`)
      .pluck()
      .get(),
  );
}
