import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/sqlite.js';
import { OffLoop } from '../lib/off-loop.js';
import { runLinkCheck } from '../link-check.js';

// npm run check-links: checks every website link of published associations and flags dead,
// moved and hijacked-looking ones to moderators. Safe to run from cron (nightly, say).
// LINK_CHECK_TIMEOUT_MS, LINK_CHECK_CONCURRENCY and LINK_CHECK_ALLOW_PRIVATE tune it.

try {
  const config = loadConfig();
  const { db, sqlite } = await openDatabase(config.dbPath);
  const offLoop = new OffLoop();
  const summary = await runLinkCheck({ db, config, clock: () => new Date(), municipalities: null, offLoop });
  await offLoop.close();
  sqlite.close();
  process.stdout.write(
    [
      `checked: ${summary.checked}`,
      `ok: ${summary.ok}`,
      `dead: ${summary.dead}`,
      `redirected elsewhere: ${summary.elsewhere}`,
      `title mismatch: ${summary.titleMismatch}`,
    ].join('\n') + '\n',
  );
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
