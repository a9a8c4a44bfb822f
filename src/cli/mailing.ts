import { type Logger, pino } from 'pino';
import type { Config } from '../config.js';
import { openConfiguredDatabase } from '../db/open.js';
import type { DB } from '../db/sqlite.js';
import { type Reference, loadReference } from '../db/reference.js';
import { type Mailer, configuredMailer } from '../mail/mailer.js';

/** What a command that sends mail works with. */
export interface MailingCommandDeps {
  db: DB;
  mailer: Mailer;
  reference: Reference;
  logger: Logger;
}

/**
 * Runs the work of a command that sends mail (digest, remind, import:calendars) with the
 * configured database, its reference data and a mailer that does not poll (the command
 * delivers once, itself). What
 * the work queued is delivered before the command exits where SMTP answers; what it refuses
 * waits in the outbox, where the server's queue tries it again. Everything is closed even
 * when the work fails.
 */
export async function withMailingCommand<T>(config: Config, work: (deps: MailingCommandDeps) => Promise<T>): Promise<T> {
  // A command's own info lines would drown its progress and summary.
  const logger = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const { db, close: closeDatabase } = await openConfiguredDatabase(config);
  const mailer = configuredMailer(config, db, logger, { pollMs: 0 });
  try {
    const result = await work({ db, mailer, reference: await loadReference(db), logger });
    await mailer.deliverDue();
    return result;
  } finally {
    await mailer.close();
    await closeDatabase();
  }
}
