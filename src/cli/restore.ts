import { existsSync } from 'node:fs';
import { ConfigError } from '../config.js';
import { checkRestorable, restoreDatabase } from '../db/sqlite.js';
import { runningServer } from '../lib/server-marker.js';
import { loadSqliteConfig, runCommand } from './command.js';
import { cumulativeProgress } from './progress.js';

// npm run restore -- FILE: puts a backup back in place of DB_PATH, with the server stopped.

await runCommand(
  {
    usage: 'npm run restore -- FILE',
    summary:
      "Replaces the database (DB_PATH) with the backup FILE. FILE must pass SQLite's integrity check and be a Lagportal database this version knows; the server must be stopped. The current database is kept beside it as DB_PATH.before-restore-<time>, and migrations bring the restored copy up to date.",
    positionals: { min: 1, max: 1 },
    progress: true,
  },
  async ({ positionals: [file], progress, summary, took }) => {
    const config = loadSqliteConfig(
      'npm run restore puts back a SQLite backup at DB_PATH; with DATABASE_URL set, restore PostgreSQL with pg_restore or psql instead.',
    );
    if (!existsSync(file!)) throw new ConfigError(`There is no file ${file} to restore.`);
    const check = checkRestorable(file!);
    if (!check.ok) throw new ConfigError(`${file} cannot be restored: it ${check.reason}. Nothing was changed.`);
    const server = runningServer(config.dbPath);
    if (server !== null) {
      throw new ConfigError(`A Lagportal server (process ${server}) is running on ${config.dbPath} (DB_PATH); stop it before restoring. Nothing was changed.`);
    }
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const { pages, previous } = await restoreDatabase(file!, config.dbPath, stamp, cumulativeProgress(progress, 'restore (pages)'));
    summary(
      `restored ${file} to ${config.dbPath} (${pages} pages, integrity ok)` +
        `${previous ? `; the database it replaced is kept as ${previous}` : ''}; took ${took()}`,
    );
  },
);
