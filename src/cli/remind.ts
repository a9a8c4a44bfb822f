import { pino } from 'pino';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/sqlite.js';
import { createMailer } from '../mail/mailer.js';
import { sendReminders } from '../reminders.js';

// npm run remind: emails associations whose entry has not been confirmed for 12 months.
// Safe to run from cron as often as you like; each association is reminded once.

try {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const { db, sqlite } = await openDatabase(config.dbPath);
  const mailer = createMailer({ db, from: config.mailFrom, smtpUrl: config.smtpUrl, outboxDir: config.outboxDir, keepDays: config.outboxKeepDays, logger, clock: () => new Date(), pollMs: 0 });
  const sent = await sendReminders({ db, mailer, config, logger, now: new Date() });
  // Delivered before exiting where SMTP answers; what it refuses waits in the outbox, where the
  // server's queue tries it again.
  await mailer.deliverDue();
  await mailer.close();
  sqlite.close();
  process.stdout.write(`sent ${sent} reminder(s)\n`);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
