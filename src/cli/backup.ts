import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config.js';
import { backupDatabase, integrityCheck, openDatabase } from '../db/sqlite.js';

// npm run backup -- DEST: a consistent copy of the database (DB_PATH) while the server runs.

const destination = process.argv[2];
try {
  if (!destination || destination.startsWith('-')) throw new ConfigError('usage: npm run backup -- DEST (the file to write the copy to)');
  const config = loadConfig();
  if (!existsSync(config.dbPath)) throw new ConfigError(`There is no database at ${config.dbPath} (DB_PATH) to back up.`);
  if (existsSync(destination)) throw new ConfigError(`${destination} exists already; choose a new file name so no backup is overwritten.`);
  const { sqlite } = await openDatabase(config.dbPath);
  const pages = await backupDatabase(sqlite, destination);
  sqlite.close();
  const { sqlite: copy } = await openDatabase(destination);
  const check = integrityCheck(copy);
  copy.close();
  if (check !== 'ok') throw new Error(`the copy failed SQLite's integrity check: ${check}`);
  process.stdout.write(`backed up ${config.dbPath} to ${destination} (${pages} pages, integrity ok)\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error && !(error instanceof ConfigError) ? (error.stack ?? error.message) : (error as Error).message}\n`);
  process.exit(1);
}
