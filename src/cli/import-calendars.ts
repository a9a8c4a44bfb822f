import { FEED_INTERVAL_HOURS, runCalendarImports } from '../calendar-import.js';
import { loadConfig } from '../config.js';
import { OffLoop } from '../lib/off-loop.js';
import { runCommand } from './command.js';
import { withMailingCommand } from './mailing.js';

// npm run import:calendars: fetches the iCalendar address each published association gave
// and replaces its imported events with what the calendar says now. A feed that fails keeps
// its events, and the association is mailed when it starts failing. Safe to run from cron
// as often as you like (hourly, say): a feed is fetched at most every FEED_INTERVAL_HOURS.

await runCommand(
  {
    usage: 'npm run import:calendars [-- --all]',
    summary: `Fetches the calendar address (iCalendar) of every published association not fetched for ${FEED_INTERVAL_HOURS} hours and imports its upcoming events; a calendar that fails keeps its events and its association is mailed once. LINK_CHECK_TIMEOUT_MS and LINK_CHECK_ALLOW_PRIVATE apply as for the link checker.`,
    options: { all: { type: 'boolean', help: `fetch every calendar now, also those fetched in the last ${FEED_INTERVAL_HOURS} hours` } },
    progress: true,
  },
  async ({ values, progress, summary, took }) => {
    const config = loadConfig();
    const result = await withMailingCommand(config, async ({ db, mailer, logger }) => {
      const offLoop = new OffLoop();
      try {
        return await runCalendarImports({ db, config, offLoop, mailer, logger, clock: () => new Date(), all: values.all === true, progress });
      } finally {
        await offLoop.close();
      }
    });
    summary(
      `calendars: ${result.feeds}, imported: ${result.ok}, failed: ${result.failed}, associations told of a new failure: ${result.notified}; took ${took()}`,
    );
  },
);
