import { loadConfig } from '../config.js';
import { openConfiguredDatabase } from '../db/open.js';
import { OffLoop } from '../lib/off-loop.js';
import { runLinkCheck } from '../link-check.js';
import { heldElsewhere, runScheduledJob } from '../lib/scheduled-job.js';
import { runCommand } from './command.js';

// npm run check-links: checks every website link of published associations and flags dead,
// moved and hijacked-looking ones to moderators. Safe to run from cron (nightly, say).

await runCommand(
  {
    usage: 'npm run check-links',
    summary:
      'Checks every website link of published associations and flags dead, moved and hijacked-looking ones in the moderation queue. Safe to run from cron (nightly, say). LINK_CHECK_TIMEOUT_MS, LINK_CHECK_CONCURRENCY and LINK_CHECK_ALLOW_PRIVATE tune it.',
    progress: true,
  },
  async ({ progress, summary, took }) => {
    const config = loadConfig();
    const { db, close: closeDatabase } = await openConfiguredDatabase(config);
    const offLoop = new OffLoop();
    try {
      // Once across every node, and never beside a check started from the moderators' button.
      const run = await runScheduledJob(db, 'check-links', () =>
        runLinkCheck({ db, config, clock: () => new Date(), municipalities: null, offLoop, progress }),
      );
      if (!run.ran) return summary(heldElsewhere('check-links', run));
      const result = run.result;
      summary(
        `checked: ${result.checked}, ok: ${result.ok}, dead: ${result.dead}, redirected elsewhere: ${result.elsewhere}, ` +
          `title mismatch: ${result.titleMismatch}; took ${took()}`,
      );
    } finally {
      await offLoop.close();
      await closeDatabase();
    }
  },
);
