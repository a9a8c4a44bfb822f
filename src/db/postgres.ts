import {
  type ColumnDefinitionNode,
  type CompiledQuery,
  type DatabaseConnection,
  DataTypeNode,
  type Driver,
  Kysely,
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PostgresAdapter,
  PostgresDialect,
  type QueryResult,
  type RawBuilder,
  type TransactionSettings,
  type RootOperationNode,
  type UnknownRow,
  sql,
} from 'kysely';
import type pg from 'pg';
import { ConfigError, withoutPassword } from '../config.js';
import { indexedText } from '../lib/search-words.js';
import type { Database } from './types.js';
import type { PostgresChangeFeed } from './change-feed-postgres.js';

// Everything that only PostgreSQL needs (issue 21), beside src/db/sqlite.ts: the pool and
// its start-up checks, the migrations' autoincrement ids, and the search index. Query
// modules stay portable Kysely; src/db/sqlite.ts hands a PostgreSQL handle over to the
// functions here where the two differ.

type DB = Kysely<Database>;

/**
 * Why PostgreSQL could not be used, as one line that names DATABASE_URL. A ConfigError, so
 * that the commands print it as they print any bad setting: the line, no stack trace.
 */
export class DatabaseStartError extends ConfigError {
  override name = 'DatabaseStartError';
}

/** Whether this handle (or a transaction of it) talks to PostgreSQL. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * The migrations declare ids as SQLite's `integer primary key autoincrement`; PostgreSQL has
 * no such keyword and numbers rows with a sequence instead, which `serial` creates.
 */
class SerialIds extends OperationNodeTransformer {
  protected override transformColumnDefinition(node: ColumnDefinitionNode): ColumnDefinitionNode {
    const transformed = super.transformColumnDefinition(node);
    if (!transformed.autoIncrement) return transformed;
    return { ...transformed, autoIncrement: undefined, dataType: DataTypeNode.create('serial') };
  }
}

const serialIdsPlugin: KyselyPlugin = {
  transformQuery: ({ node }: PluginTransformQueryArgs): RootOperationNode => new SerialIds().transformNode(node),
  transformResult: async ({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => result,
};

// count(*) and sum() are bigint and numeric in PostgreSQL, which pg hands over as strings to
// keep their precision; every count here fits a JavaScript number, as it does from SQLite.
const BIGINT = 20;
const NUMERIC = 1700;
const typesFrom = (driver: typeof pg) => ({
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === BIGINT || oid === NUMERIC) return (value: string) => Number(value);
    return driver.types.getTypeParser(oid, format);
  },
});

/** What connectPostgres knows of a handle it made: for the change feed and the pool metrics. */
interface Opened {
  /** The pool's connection settings (TLS as the URL's sslmode says), for the change feed's own connection. */
  config: pg.ClientConfig;
  pool: pg.Pool;
  feed: Promise<PostgresChangeFeed> | null;
  /** The feed once it is made: read synchronously (the data version), and synced after this node's writes. */
  feedNow: PostgresChangeFeed | null;
  /** Everyone who asked to hear of the feed's lost connection. */
  onErrors: ((error: Error) => void)[];
}
const opened = new WeakMap<Kysely<any>, Opened>();

/** The pg pool behind a handle made by connectPostgres (its sizes are reported by /metrics); null otherwise. */
export function poolOf(db: Kysely<any>): pg.Pool | null {
  return opened.get(db)?.pool ?? null;
}

/**
 * This node's change feed on the database of `db` (a handle made by connectPostgres): one per
 * connection, made on first use, listening on a connection of its own
 * (src/db/change-feed-postgres.ts), and closed with the connection. After each write through
 * `db` the feed is synced before the write resolves, so this node's next request sees it.
 */
export function changeFeedOf(db: Kysely<any>, options: { onError?: (error: Error) => void } = {}): Promise<PostgresChangeFeed> {
  const entry = opened.get(db);
  if (!entry) throw new Error('changeFeedOf needs a database opened with connectPostgres');
  if (options.onError) entry.onErrors.push(options.onError);
  entry.feed ??= import('./change-feed-postgres.js').then(({ postgresChangeFeed }) => {
    const feed = postgresChangeFeed(entry.config, { onError: (error) => entry.onErrors.forEach((report) => report(error)) });
    // Closed before it was made (connection.close() in between): nobody will close it later.
    if (entry.feed === null) void feed.close();
    else entry.feedNow = feed;
    return feed;
  });
  return entry.feed;
}

/**
 * The data version of a handle made by connectPostgres, from its change feed: what
 * src/db/per-version.ts keeps derived values by, as on SQLite the data_version row. Null
 * (compute afresh) for any other handle (a transaction's) and until the feed is made; asking
 * starts it. While the feed does not listen every read is a new number.
 */
export function dataVersionOf(db: Kysely<any>): number | null {
  const entry = opened.get(db);
  if (!entry) return null;
  if (entry.feedNow) return entry.feedNow.version();
  void changeFeedOf(db).catch(() => {});
  return null;
}

export interface PostgresConnection {
  db: DB;
  pool: pg.Pool;
  /** Ends every connection of the pool. */
  close: () => Promise<void>;
}

/** Statements that never write: a connection that ran only these needs no sync of the feed. */
const READ_ONLY = /^\s*\(*\s*(select|begin|start|commit|end|rollback|savepoint|release|set|show|explain|values|listen)\b/i;

/**
 * A connection that notes whether it wrote: an INSERT, UPDATE, DELETE or MERGE that touched a
 * row, or any statement that may write (a CTE, a function call by DO, DDL).
 */
class NotingConnection implements DatabaseConnection {
  wrote = false;
  inTransaction = false;
  constructor(
    readonly inner: DatabaseConnection,
    private readonly sync: () => Promise<void>,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.inner.executeQuery<R>(query);
    if (result.numAffectedRows === undefined ? !READ_ONLY.test(query.sql) : result.numAffectedRows > 0n) this.wrote = true;
    // Outside a transaction the write is committed now: the feed hears of it before it resolves.
    if (this.wrote && !this.inTransaction) await this.synced();
    return result;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (!READ_ONLY.test(query.sql)) this.wrote = true;
    return this.inner.streamQuery<R>(query, chunkSize);
  }

  async synced(): Promise<void> {
    if (!this.wrote) return;
    this.wrote = false;
    await this.sync();
  }
}

/**
 * Kysely's PostgreSQL driver, with this node's change feed synced after every write through
 * it (before the write's query, or its transaction, resolves): the one listening connection
 * hears this node's writes after their commit like any other node's, and without the sync
 * this node's next request could still be answered from before the write.
 */
class SyncingDriver implements Driver {
  private readonly connections = new WeakMap<DatabaseConnection, NotingConnection>();
  constructor(
    private readonly inner: Driver,
    private readonly feed: () => PostgresChangeFeed | null,
  ) {}

  private readonly sync = async () => {
    await this.feed()?.sync();
  };

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let noting = this.connections.get(connection);
    if (!noting) this.connections.set(connection, (noting = new NotingConnection(connection, this.sync)));
    return noting;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const noting = connection as NotingConnection;
    await this.inner.beginTransaction(noting.inner, settings);
    noting.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const noting = connection as NotingConnection;
    try {
      await this.inner.commitTransaction(noting.inner);
    } finally {
      noting.inTransaction = false;
    }
    await noting.synced();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const noting = connection as NotingConnection;
    try {
      await this.inner.rollbackTransaction(noting.inner);
    } finally {
      noting.inTransaction = false;
      noting.wrote = false;
    }
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    await this.inner.savepoint!((connection as NotingConnection).inner, name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2]): Promise<void> {
    await this.inner.rollbackToSavepoint!((connection as NotingConnection).inner, name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['releaseSavepoint']>>[2]): Promise<void> {
    await this.inner.releaseSavepoint!((connection as NotingConnection).inner, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const noting = connection as NotingConnection;
    noting.inTransaction = false;
    await this.inner.releaseConnection(noting.inner);
    // A write whose sync has not run yet (a streamed one): before the caller goes on.
    await noting.synced();
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

class SyncingPostgresDialect extends PostgresDialect {
  constructor(
    config: ConstructorParameters<typeof PostgresDialect>[0],
    private readonly feed: () => PostgresChangeFeed | null,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new SyncingDriver(super.createDriver(), this.feed);
  }
}

/**
 * Connects to PostgreSQL at `url` (TLS as its `sslmode` says, libpq's meaning) with a pool of
 * `poolSize` connections and checks that it answers.
 * @throws DatabaseStartError naming DATABASE_URL when the URL, the server or the login is wrong.
 */
export async function connectPostgres(
  url: string,
  poolSize = 10,
  options: { idleMs?: number; /** What to call the URL in messages. */ named?: string } = {},
): Promise<PostgresConnection> {
  const named = options.named ?? 'DATABASE_URL';
  // Loaded only here, so that a SQLite site's start-up does not pay for the driver.
  const [{ default: driver }, { parse: parseConnectionString, toClientConfig }] = await Promise.all([import('pg'), import('pg-connection-string')]);
  let config: pg.PoolConfig;
  try {
    config = toClientConfig(parseConnectionString(url, { useLibpqCompat: true })) as pg.PoolConfig;
  } catch (error) {
    throw new DatabaseStartError(`${named} is not a usable PostgreSQL URL (${withoutPassword(url)}): ${(error as Error).message}`);
  }
  const pool = new driver.Pool({
    ...config,
    max: poolSize,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: options.idleMs ?? 10_000,
    types: typesFrom(driver),
  });
  // An idle connection the server drops (a restart, say) is replaced on the next checkout;
  // without a listener pg's pool would crash the process with it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseStartError(describeConnectError(error, url, named));
  }
  const entry: Opened = { config, pool, feed: null, feedNow: null, onErrors: [] };
  const db = new Kysely<Database>({ dialect: new SyncingPostgresDialect({ pool }, () => entry.feedNow), plugins: [serialIdsPlugin] });
  opened.set(db, entry);
  const close = async () => {
    const feed = entry.feed;
    entry.feed = null;
    entry.feedNow = null;
    if (feed) await (await feed).close();
    await db.destroy();
  };
  return { db, pool, close };
}

/** One line about a failed connection or migration, naming DATABASE_URL and never its password. */
export function describeConnectError(error: unknown, url: string, named = 'DATABASE_URL'): string {
  const shown = withoutPassword(url);
  const { code, message } = pgError(error);
  let target: URL | null = null;
  try {
    target = new URL(url);
  } catch {
    // reported below with the plain message
  }
  const where = target ? `${target.hostname}:${target.port || '5432'}` : shown;
  const user = target ? decodeURIComponent(target.username) || '(none)' : '(unknown)';
  const database = target ? decodeURIComponent(target.pathname.slice(1)) : '(unknown)';
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${named}: cannot reach the PostgreSQL server at ${where} (${code}) (${named} is ${shown})`;
    case '28P01':
    case '28000':
      return `${named}: PostgreSQL at ${where} refused the login of user "${user}" (${message})`;
    case '3D000':
      return `${named}: PostgreSQL at ${where} has no database "${database}" (create it first: createdb ${database})`;
    case '42501':
      return `${named}: user "${user}" lacks a permission in database "${database}" (${message}); it needs to create tables there, e.g. GRANT CREATE ON SCHEMA public TO "${user}"`;
    default:
      return `${named}: PostgreSQL at ${where} could not be used: ${message || String(error)}`;
  }
}

function pgError(error: unknown): { code: string | undefined; message: string } {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return { code, message: (e as Error).message };
    // A connection timeout from pg's pool has no code.
    if (e instanceof Error && /timeout/i.test(e.message)) return { code: 'ETIMEDOUT', message: e.message };
    const nested = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(nested) && nested.length > 0) return pgError(nested[0]);
  }
  return { code: undefined, message: error instanceof Error ? error.message : String(error) };
}

// ---------------------------------------------------------------------------------------
// Search. SQLite's FTS5 index is fed by triggers that call the TypeScript word rules
// (search_terms); PostgreSQL cannot run them inside the server, so its triggers only note
// which associations changed (association_search_pending, see the search migrations) and
// the index is brought up to date from the same word rules before any search reads it.
// Each column holds exactly the tokens SQLite's column holds, as a tsvector built from the
// token list (no second stemming by a text-search configuration, which would find other
// things than SQLite does), so both answer the same searches the same way.

const CHUNK = 500;

/** Indexes the associations written since the last search, from any process. */
export async function refreshSearchIndex(db: DB): Promise<number> {
  return db.transaction().execute((trx) => indexPending(trx));
}

/** What refreshSearchIndex does, inside a transaction the caller holds (npm run db:copy's). */
export async function indexPending(trx: Kysely<any>): Promise<number> {
  const pending = await sql<{ id: number }>`DELETE FROM association_search_pending RETURNING association_id AS id`.execute(trx);
  if (pending.rows.length === 0) return 0;
  const ids = [...new Set(pending.rows.map((r) => r.id))].sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i += CHUNK) await indexAssociations(trx, ids.slice(i, i + CHUNK));
  return ids.length;
}

async function indexAssociations(db: Kysely<any>, ids: number[]): Promise<void> {
  const sources = await sql<{ id: number; name: string; body: string }>`
    SELECT id, name, body FROM association_search_text WHERE id = ANY(${ids}::integer[])`.execute(db);
  const found = new Set(sources.rows.map((r) => r.id));
  const gone = ids.filter((id) => !found.has(id));
  if (gone.length > 0) await sql`DELETE FROM association_search WHERE id = ANY(${gone}::integer[])`.execute(db);
  if (sources.rows.length === 0) return;
  const vector = (tokens: string) => sql`array_to_tsvector(${tokens.split(' ').filter((t) => t !== '')}::text[])`;
  const values = sources.rows.map((row) => {
    const name = indexedText(row.name);
    const body = indexedText(row.body);
    return sql`(${row.id}, ${vector(name.words)}, ${vector(name.heads)}, ${vector(name.stems)}, ${vector(name.parts)},
      ${vector(body.words)}, ${vector(`${body.heads} ${body.stems} ${body.parts}`)})`;
  });
  await sql`INSERT INTO association_search (id, name, name_head, name_stem, name_part, body, body_more)
    VALUES ${sql.join(values)}
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_head = excluded.name_head, name_stem = excluded.name_stem,
      name_part = excluded.name_part, body = excluded.body, body_more = excluded.body_more`.execute(db);
}

/** Indexes every association afresh (after the word rules or the lexicon change). */
export async function rebuildSearchIndex(db: DB): Promise<number> {
  await sql`INSERT INTO association_search_pending (association_id) SELECT id FROM associations`.execute(db);
  await sql`DELETE FROM association_search WHERE id NOT IN (SELECT id FROM associations)`.execute(db);
  return refreshSearchIndex(db);
}

const ALL_COLUMNS = ['name', 'name_head', 'name_stem', 'name_part', 'body', 'body_more'];

type Token = { kind: 'columns'; columns: string[] } | { kind: 'term'; text: string; prefix: boolean } | { kind: 'op'; op: '(' | ')' | ':' | 'OR' | 'AND' };

/** The tokens of the FTS5 expressions that src/db/sqlite.ts's matchGrades and matchAll write. */
function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ':') {
      tokens.push({ kind: 'op', op: c });
      i++;
    } else if (c === '{') {
      const end = expression.indexOf('}', i);
      if (end < 0) throw new Error(`search expression: unclosed column filter in ${expression}`);
      const columns = expression
        .slice(i + 1, end)
        .trim()
        .split(/\s+/);
      for (const column of columns) if (!ALL_COLUMNS.includes(column)) throw new Error(`search expression: unknown column ${column}`);
      tokens.push({ kind: 'columns', columns });
      i = end + 1;
    } else if (c === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= expression.length) throw new Error(`search expression: unclosed string in ${expression}`);
        if (expression[i] === '"') {
          if (expression[i + 1] === '"') {
            text += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += expression[i];
        i++;
      }
      const prefix = expression[i] === '*';
      if (prefix) i++;
      tokens.push({ kind: 'term', text, prefix });
    } else {
      const word = /^[A-Z]+/.exec(expression.slice(i))?.[0];
      if (word !== 'OR' && word !== 'AND') throw new Error(`search expression: unexpected ${expression.slice(i, i + 10)}`);
      tokens.push({ kind: 'op', op: word });
      i += word.length;
    }
  }
  return tokens;
}

/** A tsquery for one token as written, or every token it starts. */
function tsquery(text: string, prefix: boolean): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'${prefix ? ':*' : ''}`;
}

/**
 * The FTS5 expression as a condition on association_search (alias s): the same words, the
 * same columns, prefixes, OR and AND, so a grade matches the same rows on both databases.
 */
export function searchCondition(expression: string): RawBuilder<boolean> {
  const tokens = tokenize(expression);
  let at = 0;
  const peek = () => tokens[at];
  const isOp = (op: string) => {
    const t = peek();
    return t?.kind === 'op' && t.op === op;
  };
  const expect = (op: string) => {
    if (!isOp(op)) throw new Error(`search expression: expected ${op} in ${expression}`);
    at++;
  };
  const and = (columns: string[]): RawBuilder<boolean> => {
    const parts = [or(columns)];
    while (isOp('AND')) {
      at++;
      parts.push(or(columns));
    }
    return parts.length === 1 ? parts[0]! : sql<boolean>`(${sql.join(parts, sql` AND `)})`;
  };
  const or = (columns: string[]): RawBuilder<boolean> => {
    const parts = [primary(columns)];
    while (isOp('OR')) {
      at++;
      parts.push(primary(columns));
    }
    return parts.length === 1 ? parts[0]! : sql<boolean>`(${sql.join(parts, sql` OR `)})`;
  };
  const primary = (columns: string[]): RawBuilder<boolean> => {
    const token = peek();
    if (!token) throw new Error(`search expression: ends early: ${expression}`);
    at++;
    if (token.kind === 'op' && token.op === '(') {
      const inner = and(columns);
      expect(')');
      return inner;
    }
    if (token.kind === 'columns') {
      expect(':');
      return primary(token.columns.filter((c) => columns.includes(c)));
    }
    if (token.kind === 'term') {
      const query = tsquery(token.text, token.prefix);
      return sql<boolean>`(${sql.join(
        columns.map((c) => sql`${sql.ref(`s.${c}`)} @@ ${query}::tsquery`),
        sql` OR `,
      )})`;
    }
    throw new Error(`search expression: unexpected ${token.op} in ${expression}`);
  };
  const condition = and(ALL_COLUMNS);
  if (at !== tokens.length) throw new Error(`search expression: unexpected rest in ${expression}`);
  return condition;
}

/**
 * Numbers the next row of every table with a serial id after the highest id in it: rows
 * copied in with their ids (npm run db:copy) do not move the sequence themselves.
 */
export async function resetIdSequences(db: Kysely<any>, tables: string[]): Promise<void> {
  for (const table of tables) {
    await sql`SELECT setval(seq, coalesce((SELECT max(id) FROM ${sql.table(table)}), 0) + 1, false)
      FROM (SELECT pg_get_serial_sequence(${table}, 'id') AS seq) s WHERE seq IS NOT NULL`.execute(db);
  }
}

/** The columns of each table in the current schema. */
export async function tableColumns(db: Kysely<any>): Promise<Map<string, Set<string>>> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema()`.execute(db);
  const tables = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!tables.has(row.table_name)) tables.set(row.table_name, new Set());
    tables.get(row.table_name)!.add(row.column_name);
  }
  return tables;
}

/** Ids of every association whose text matches the expression, in id order. */
export async function matchingIds(db: DB, expression: string): Promise<number[]> {
  await refreshSearchIndex(db);
  // One row holding an array: a common word matches a third of the registry, and pg turning
  // 30,000 rows into objects cost more than the query.
  const result = await sql<{ ids: number[] | null }>`SELECT array_agg(s.id ORDER BY s.id) AS ids FROM association_search s
    WHERE ${searchCondition(expression)}`.execute(db);
  return result.rows[0]?.ids ?? [];
}

/**
 * The matching ids with a rank, lower is better, as a subquery (refreshSearchIndex must have
 * run since the last write; searchExpression sees to that).
 */
export function matchingAssociations(db: DB, expression: string) {
  return db
    .selectFrom(
      sql<{ id: number; rank: number }>`(
      SELECT s.id AS id, 0 AS rank FROM association_search s WHERE ${searchCondition(expression)}
    )`.as('search'),
    )
    .select(['search.id', 'search.rank']);
}

/** One new association as its three tables store it (see BulkAssociation in src/db/sqlite.ts). */
interface BulkRow {
  association: Record<string, unknown>;
  categories: { category_id: number; position: number }[];
  links: { kind: string; url: string; position: number }[];
}

/**
 * Stores many new associations in one transaction, in batches of multi-row inserts. The
 * triggers do the rest as for any writer (ids for the open-data API, search marks, data version).
 */
export async function insertAssociationsInBulk(db: DB, items: Iterable<BulkRow>): Promise<number> {
  const stored = await db.transaction().execute(async (trx) => {
    let stored = 0;
    let batch: BulkRow[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const ids = await trx
        .insertInto('associations')
        .values(batch.map((b) => b.association) as never)
        .returning('id')
        .execute();
      const categories = batch.flatMap((b, i) => b.categories.map((c) => ({ ...c, association_id: ids[i]!.id })));
      const links = batch.flatMap((b, i) => b.links.map((l) => ({ ...l, association_id: ids[i]!.id })));
      if (categories.length > 0) await trx.insertInto('association_categories').values(categories).execute();
      if (links.length > 0)
        await trx
          .insertInto('association_links')
          .values(links as never)
          .execute();
      stored += batch.length;
      batch = [];
    };
    for (const item of items) {
      batch.push(item);
      if (batch.length >= 200) await flush();
    }
    await flush();
    return stored;
  });
  // Fresh statistics for the planner, which would otherwise plan for the table as it was
  // until autovacuum comes round (see copy.ts).
  if (stored > 0) await sql`ANALYZE associations, association_categories, association_links`.execute(db);
  return stored;
}
