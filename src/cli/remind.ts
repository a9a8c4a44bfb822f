import { sendReminders } from '../reminders.js';
import { withMailingCommand } from './mailing.js';
import { runScheduledCommand } from './scheduled-command.js';

// npm run remind: emails associations whose entry has not been confirmed for 12 months.
// Safe to run from cron as often as you like; each association is reminded once.

await runScheduledCommand(
  {
    job: 'remind',
    usage: 'npm run remind',
    summary:
      'Emails every published association not confirmed for 12 months a fresh link where one button confirms the entry. Each is reminded once per confirmation, so it is safe to run from cron as often as you like.',
  },
  // Once across every node: a second cron run (here or on another machine) leaves it be.
  ({ config, progress, once }) =>
    withMailingCommand(config, ({ db, mailer, logger }) => once(db, () => sendReminders({ db, mailer, config, logger, now: new Date(), progress }))),
  (sent, took) => `sent ${sent} reminder(s) in ${took}`,
);
