import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../config.js';
import { loadReference } from '../db/reference.js';
import { openDatabase } from '../db/sqlite.js';
import { sendDigests } from '../digest.js';
import { createMailer } from '../mail/mailer.js';

// npm run digest: mails each moderator whose digest is due what waits in their scope.
// Safe to run from cron as often as you like (hourly, say): a moderator gets at most one
// digest a day (or a week), and never the same item twice in one period.
// Exit codes: 0 done, 1 failed, 2 bad arguments.

const USAGE = `Usage: npm run digest [-- --help]
Mails every moderator whose digest is due (daily or weekly, chosen on /moderering/konto)
the new registrations, changes, removal requests, reports and claims waiting in their scope.
Run it from cron as often as you like; what was sent in a period is not sent again.
Exit codes: 0 done, 1 failed, 2 bad arguments.`;

function readArguments(): { help: boolean } {
  try {
    const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
    if (positionals.length > 0) throw new Error(`Unknown argument ${JSON.stringify(positionals[0])}.`);
    return { help: values.help === true };
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exit(2);
  }
}

if (readArguments().help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

try {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const { db, sqlite } = await openDatabase(config.dbPath);
  const mailer = createMailer({ db, from: config.mailFrom, smtpUrl: config.smtpUrl, outboxDir: config.outboxDir, logger, clock: () => new Date() });
  try {
    const { sent, recipients } = await sendDigests({ db, mailer, config, reference: await loadReference(db), logger, now: new Date() });
    process.stdout.write(`sent ${sent} digest(s) to ${recipients} moderator(s) who want one\n`);
  } finally {
    await mailer.close();
    await db.destroy();
    if (sqlite.open) sqlite.close();
  }
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
