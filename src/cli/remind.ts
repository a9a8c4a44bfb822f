import { pino } from 'pino';
import { loadConfig } from '../config.js';
import { openConfiguredDatabase } from '../db/open.js';
import { createMailer } from '../mail/mailer.js';
import { sendReminders } from '../reminders.js';
import { heldElsewhere, runScheduledJob } from '../lib/scheduled-job.js';
import { runCommand } from './command.js';
import { duration } from './progress.js';

// npm run remind: emails associations whose entry has not been confirmed for 12 months.
// Safe to run from cron as often as you like; each association is reminded once.

await runCommand(
  {
    usage: 'npm run remind',
    summary:
      'Emails every published association not confirmed for 12 months a fresh link where one button confirms the entry. Each is reminded once per confirmation, so it is safe to run from cron as often as you like.',
    progress: true,
  },
  async ({ progress, summary }) => {
    const started = Date.now();
    const config = loadConfig();
    const logger = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
    const { db, close: closeDatabase } = await openConfiguredDatabase(config);
    const mailer = createMailer({ db, from: config.mailFrom, smtpUrl: config.smtpUrl, outboxDir: config.outboxDir, keepDays: config.outboxKeepDays, logger, clock: () => new Date(), pollMs: 0 });
    // Once across every node: a second cron run (here or on another machine) leaves it be.
    const run = await runScheduledJob(db, 'remind', () => sendReminders({ db, mailer, config, logger, now: new Date(), progress }));
    // Delivered before exiting where SMTP answers; what it refuses waits in the outbox, where the
    // server's queue tries it again.
    await mailer.deliverDue();
    await mailer.close();
    await closeDatabase();
    summary(run.ran ? `sent ${run.result} reminder(s) in ${duration((Date.now() - started) / 1000)}` : heldElsewhere('remind', run));
  },
);
