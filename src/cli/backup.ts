import { existsSync } from 'node:fs';
import { ConfigError } from '../config.js';
import { backupDatabase, integrityCheck, openDatabase } from '../db/sqlite.js';
import { loadSqliteConfig, runCommand } from './command.js';
import { cumulativeProgress } from './progress.js';

// npm run backup -- DEST: a consistent copy of the database (DB_PATH) while the server runs.

await runCommand(
  {
    usage: 'npm run backup -- DEST',
    summary:
      "Writes a consistent copy of the database (DB_PATH) to the new file DEST while the server keeps running, then checks the copy with SQLite's integrity check. Never overwrites a file.",
    positionals: { min: 1, max: 1 },
    progress: true,
  },
  async ({ positionals: [destination], progress, summary, took }) => {
    const config = loadSqliteConfig('npm run backup copies the SQLite database at DB_PATH; with DATABASE_URL set, back up PostgreSQL with pg_dump instead.');
    if (!existsSync(config.dbPath)) throw new ConfigError(`There is no database at ${config.dbPath} (DB_PATH) to back up.`);
    if (existsSync(destination!)) throw new ConfigError(`${destination} exists already; choose a new file name so no backup is overwritten.`);
    const { sqlite } = await openDatabase(config.dbPath);
    const pages = await backupDatabase(sqlite, destination!, cumulativeProgress(progress, 'backup (pages)'));
    sqlite.close();
    const { sqlite: copy } = await openDatabase(destination!);
    const check = integrityCheck(copy);
    copy.close();
    if (check !== 'ok') throw new Error(`the copy failed SQLite's integrity check: ${check}`);
    summary(`backed up ${config.dbPath} to ${destination} (${pages} pages, integrity ok) in ${took()}`);
  },
);
