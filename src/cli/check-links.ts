import { loadConfig } from '../config.js';
import { openDatabase } from '../db/sqlite.js';
import { OffLoop } from '../lib/off-loop.js';
import { runLinkCheck } from '../link-check.js';
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
    const { db, sqlite } = await openDatabase(config.dbPath);
    const offLoop = new OffLoop();
    try {
      const result = await runLinkCheck({ db, config, clock: () => new Date(), municipalities: null, offLoop, progress });
      summary(
        `checked: ${result.checked}, ok: ${result.ok}, dead: ${result.dead}, redirected elsewhere: ${result.elsewhere}, ` +
          `title mismatch: ${result.titleMismatch}; took ${took()}`,
      );
    } finally {
      await offLoop.close();
      sqlite.close();
    }
  },
);
