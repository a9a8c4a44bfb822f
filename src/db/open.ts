import type SQLite from 'better-sqlite3';
import { DatabaseStartError, connectPostgres, describeConnectError } from './postgres.js';
import { type DB, migrateToLatest, openDatabase } from './sqlite.js';

// Which database the configuration names (issue 21): DATABASE_URL set means PostgreSQL,
// unset means the SQLite file at DB_PATH, as before. Either comes back migrated.

export { DatabaseStartError } from './postgres.js';

export interface ConfiguredDatabase {
  db: DB;
  dialect: 'sqlite' | 'postgres';
  /** SQLite's handle, for what only SQLite does (backups, checkpoints); null on PostgreSQL. */
  sqlite: SQLite.Database | null;
  /** Where the data is, for logs: the file, or the URL without its password. */
  location: string;
  close: () => Promise<void>;
}

export interface DatabaseSettings {
  dbPath: string;
  databaseUrl?: string | undefined;
  databasePoolSize?: number;
}

/**
 * Opens and migrates the configured database. With `waitForWriters` (the server) a SQLite
 * file that another process is writing is waited for without blocking the thread.
 * @throws DatabaseStartError (one line naming DATABASE_URL) when PostgreSQL cannot be used.
 */
export async function openConfiguredDatabase(settings: DatabaseSettings, options: { waitForWriters?: boolean } = {}): Promise<ConfiguredDatabase> {
  if (!settings.databaseUrl) {
    const { db, sqlite } = await openDatabase(settings.dbPath, options);
    return {
      db,
      dialect: 'sqlite',
      sqlite,
      location: settings.dbPath,
      close: async () => {
        if (sqlite.open) sqlite.close();
      },
    };
  }
  const url = settings.databaseUrl;
  const connection = await connectPostgres(url, settings.databasePoolSize);
  try {
    await migrateToLatest(connection.db);
  } catch (error) {
    await connection.close().catch(() => {});
    throw new DatabaseStartError(describeConnectError(error, url));
  }
  const { withoutPassword } = await import('../config.js');
  return { db: connection.db, dialect: 'postgres', sqlite: null, location: withoutPassword(url), close: connection.close };
}
