import type { Config } from './config.js';
import { forgetUnlinkedChecks, linksToCheck, recordLinkResults } from './db/link-checks.js';
import type { DB } from './db/sqlite.js';
import { type PageResult, checkLinks, linkCheckerUserAgent } from './lib/link-checker.js';
import type { Progress } from './lib/progress.js';
import type { OffLoop } from './lib/off-loop.js';

/** How much longer than its timeout a page may take before its worker is given up on. */
const WORKER_GRACE_MS = 5_000;

/** How a run went, per link (an association and one of its URLs). */
export interface LinkCheckSummary {
  checked: number;
  ok: number;
  dead: number;
  /** Redirected to another domain. */
  elsewhere: number;
  /** The title does not resemble the association's name, or the domain is parked. */
  titleMismatch: number;
}

/**
 * Checks the website links of published associations (in `municipalities`, or all when
 * null) and records the results, which flag problems to moderators. Used by
 * `npm run check-links` and the moderators' "check links now" button.
 */
export async function runLinkCheck(deps: {
  db: DB;
  config: Config;
  clock: () => Date;
  municipalities: readonly string[] | null;
  /** Where pages are fetched and parsed: never on this thread's event loop. */
  offLoop: OffLoop;
  /** Told of each checked address (npm run check-links shows it). */
  progress?: Pick<Progress, 'start' | 'advance'>;
}): Promise<LinkCheckSummary> {
  const { db, config, offLoop, progress } = deps;
  const links = await linksToCheck(db, deps.municipalities);
  // Links sharing an address are fetched once: progress counts addresses.
  progress?.start('links', new Set(links.map((link) => link.url)).size);
  const results = await checkLinks(links, {
    // The worker keeps to the timeout itself; the deadline is for a worker that stops answering.
    fetch: (url, options) =>
      offLoop.run('fetch-page', { url, options }, { deadlineMs: options.timeoutMs + WORKER_GRACE_MS }).catch((error: Error): PageResult => {
        const detail = error.message.includes('deadline') ? 'timeout' : 'network';
        return { url, chain: [url], finalUrl: null, status: null, title: null, error: detail, parked: false };
      }),
    timeoutMs: config.linkCheckTimeoutMs,
    concurrency: config.linkCheckConcurrency,
    allowPrivate: config.linkCheckAllowPrivate,
    userAgent: linkCheckerUserAgent(config.baseUrl),
    clock: deps.clock,
    onChecked: async (judged) => {
      await recordLinkResults(db, judged);
      progress?.advance();
    },
  });
  await forgetUnlinkedChecks(db);
  const count = (test: (problem: string | null) => boolean) => results.filter((r) => test(r.problem)).length;
  return {
    checked: results.length,
    ok: count((p) => p === null),
    dead: count((p) => p === 'dead'),
    elsewhere: count((p) => p === 'elsewhere'),
    titleMismatch: count((p) => p === 'title' || p === 'parked'),
  };
}
