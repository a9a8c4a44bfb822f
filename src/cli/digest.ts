import { sendDigests } from '../digest.js';
import { withMailingCommand } from './mailing.js';
import { runScheduledCommand } from './scheduled-command.js';

// npm run digest: mails each moderator whose digest is due what waits in their scope.
// Safe to run from cron as often as you like (hourly, say): a moderator gets at most one
// digest a day (or a week), and never the same item twice in one period.

await runScheduledCommand(
  {
    job: 'digest',
    usage: 'npm run digest',
    summary:
      'Mails every moderator whose digest is due (daily or weekly, chosen on /moderering/konto) the new registrations, changes, removal requests, reports and claims waiting in their scope. Run it from cron as often as you like; what was sent in a period is not sent again.',
  },
  ({ config, progress, once }) => withMailingCommand(config, (deps) => once(deps.db, () => sendDigests({ ...deps, config, now: new Date(), progress }))),
  ({ sent, recipients }, took) => `sent ${sent} digest(s) to ${recipients} moderator(s) who want one in ${took}`,
);
