import { loadConfig } from '../config.js';
import { sendReminders } from '../reminders.js';
import { heldElsewhere, runScheduledJob } from '../lib/scheduled-job.js';
import { runCommand } from './command.js';
import { withMailingCommand } from './mailing.js';

// npm run remind: emails associations whose entry has not been confirmed for 12 months.
// Safe to run from cron as often as you like; each association is reminded once.

await runCommand(
  {
    usage: 'npm run remind',
    summary:
      'Emails every published association not confirmed for 12 months a fresh link where one button confirms the entry. Each is reminded once per confirmation, so it is safe to run from cron as often as you like.',
    progress: true,
  },
  async ({ progress, summary, took }) => {
    const config = loadConfig();
    // Once across every node: a second cron run (here or on another machine) leaves it be.
    const run = await withMailingCommand(config, ({ db, mailer, logger }) =>
      runScheduledJob(db, 'remind', () => sendReminders({ db, mailer, config, logger, now: new Date(), progress })),
    );
    summary(run.ran ? `sent ${run.result} reminder(s) in ${took()}` : heldElsewhere('remind', run));
  },
);
