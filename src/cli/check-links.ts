import { openConfiguredDatabase } from '../db/open.js';
import { OffLoop } from '../lib/off-loop.js';
import { runLinkCheck } from '../link-check.js';
import { runScheduledCommand } from './scheduled-command.js';

// npm run check-links: checks every website link of published associations and flags dead,
// moved and hijacked-looking ones to moderators. Safe to run from cron (nightly, say).

await runScheduledCommand(
  {
    job: 'check-links',
    usage: 'npm run check-links',
    summary:
      'Checks every website link of published associations and flags dead, moved and hijacked-looking ones in the moderation queue. Safe to run from cron (nightly, say). LINK_CHECK_TIMEOUT_MS, LINK_CHECK_CONCURRENCY and LINK_CHECK_ALLOW_PRIVATE tune it.',
  },
  async ({ config, progress, once }) => {
    const { db, close: closeDatabase } = await openConfiguredDatabase(config);
    const offLoop = new OffLoop();
    try {
      // Once across every node, and never beside a check started from the moderators' button.
      return await once(db, () => runLinkCheck({ db, config, clock: () => new Date(), municipalities: null, offLoop, progress }));
    } finally {
      await offLoop.close();
      await closeDatabase();
    }
  },
  (result, took) =>
    `checked: ${result.checked}, ok: ${result.ok}, dead: ${result.dead}, redirected elsewhere: ${result.elsewhere}, ` +
    `title mismatch: ${result.titleMismatch}; took ${took}`,
);
