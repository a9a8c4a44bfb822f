import { pino } from 'pino';
import { loadConfig } from '../config.js';
import { loadReference } from '../db/reference.js';
import { openConfiguredDatabase } from '../db/open.js';
import { sendDigests } from '../digest.js';
import { createMailer } from '../mail/mailer.js';
import { heldElsewhere, runScheduledJob } from '../lib/scheduled-job.js';
import { runCommand } from './command.js';
import { duration } from './progress.js';

// npm run digest: mails each moderator whose digest is due what waits in their scope.
// Safe to run from cron as often as you like (hourly, say): a moderator gets at most one
// digest a day (or a week), and never the same item twice in one period.

await runCommand(
  {
    usage: 'npm run digest',
    summary:
      'Mails every moderator whose digest is due (daily or weekly, chosen on /moderering/konto) the new registrations, changes, removal requests, reports and claims waiting in their scope. Run it from cron as often as you like; what was sent in a period is not sent again.',
    progress: true,
  },
  async ({ progress, summary }) => {
    const started = Date.now();
    const config = loadConfig();
    const logger = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
    const { db, close: closeDatabase } = await openConfiguredDatabase(config);
    const mailer = createMailer({ db, from: config.mailFrom, smtpUrl: config.smtpUrl, outboxDir: config.outboxDir, keepDays: config.outboxKeepDays, logger, clock: () => new Date(), pollMs: 0 });
    try {
      const reference = await loadReference(db);
      const run = await runScheduledJob(db, 'digest', () => sendDigests({ db, mailer, config, reference, logger, now: new Date(), progress }));
      // Delivered before exiting where SMTP answers; what it refuses waits in the outbox for the server's queue.
      await mailer.deliverDue();
      if (!run.ran) return summary(heldElsewhere('digest', run));
      const { sent, recipients } = run.result;
      summary(`sent ${sent} digest(s) to ${recipients} moderator(s) who want one in ${duration((Date.now() - started) / 1000)}`);
    } finally {
      await mailer.close();
      await db.destroy();
      await closeDatabase();
    }
  },
);
