import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, withoutPassword } from '../config.js';
import { CopyRefused, copySqliteToPostgres } from '../db/copy.js';
import { DatabaseStartError, connectPostgres, describeConnectError } from '../db/postgres.js';
import { migrateToLatest, openDatabase } from '../db/sqlite.js';
import { UsageError, runCommand } from './command.js';
import { duration } from './progress.js';

// npm run db:copy -- --to postgres://…: moves a site from its SQLite file to PostgreSQL.

await runCommand(
  {
    usage: 'npm run db:copy -- --to postgres://USER:PASSWORD@HOST:5432/DATABASE [--from FILE]',
    summary:
      'Copies everything in the SQLite database (DB_PATH, or --from) into a new, empty PostgreSQL database in one transaction: ' +
      'associations, users, audit log, outbox and every other table. The target is brought to the same schema first; ' +
      'row counts are compared table by table before the copy is committed. Refuses a target that holds data. Stop the server first.',
    options: {
      to: { type: 'string', valueName: 'URL', help: 'the PostgreSQL database to copy into (postgres://…; TLS per its sslmode)' },
      from: { type: 'string', valueName: 'FILE', help: 'the SQLite database to copy (default: DB_PATH)' },
    },
    progress: true,
  },
  async ({ values, progress, summary }) => {
    const started = Date.now();
    const to = values.to as string | undefined;
    if (to === undefined) throw new UsageError('--to is required: the PostgreSQL database to copy into');
    if (!/^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(to))
      throw new UsageError(`--to must be a postgres:// URL with a database name (got "${withoutPassword(to)}")`);
    const from = (values.from as string | undefined) ?? loadConfig().dbPath;
    if (!existsSync(from)) throw new ConfigError(`There is no SQLite database at ${from} to copy.`);

    const { sqlite } = await openDatabase(from);
    let target;
    try {
      target = await connectPostgres(to, 2, { named: '--to' });
      await migrateToLatest(target.db).catch((error: unknown) => {
        throw new DatabaseStartError(describeConnectError(error, to, '--to'));
      });
      const result = await copySqliteToPostgres(sqlite, target.db, progress);
      summary(
        `copied ${result.rows} rows in ${result.tables.length} tables from ${from} to ${withoutPassword(to)}, ` +
          `row counts checked, in ${duration((Date.now() - started) / 1000)}`,
      );
    } catch (error) {
      if (error instanceof CopyRefused) throw new ConfigError(`Nothing copied: ${error.message}.`);
      if (error instanceof DatabaseStartError) throw new ConfigError(error.message);
      throw error;
    } finally {
      sqlite.close();
      await target?.close();
    }
  },
);
