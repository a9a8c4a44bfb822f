import { loadConfig } from '../config.js';
import { sendDigests } from '../digest.js';
import { heldElsewhere, runScheduledJob } from '../lib/scheduled-job.js';
import { runCommand } from './command.js';
import { withMailingCommand } from './mailing.js';

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
  async ({ progress, summary, took }) => {
    const config = loadConfig();
    const run = await withMailingCommand(config, (deps) =>
      runScheduledJob(deps.db, 'digest', () => sendDigests({ ...deps, config, now: new Date(), progress })),
    );
    if (!run.ran) return summary(heldElsewhere('digest', run));
    const { sent, recipients } = run.result;
    summary(`sent ${sent} digest(s) to ${recipients} moderator(s) who want one in ${took()}`);
  },
);
