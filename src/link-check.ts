import type { Config } from './config.js';
import { forgetUnlinkedChecks, linksToCheck, recordLinkResults } from './db/link-checks.js';
import type { DB } from './db/sqlite.js';
import { checkLinks, linkCheckerUserAgent } from './lib/link-checker.js';

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
export async function runLinkCheck(deps: { db: DB; config: Config; clock: () => Date; municipalities: readonly string[] | null }): Promise<LinkCheckSummary> {
  const { db, config } = deps;
  const links = await linksToCheck(db, deps.municipalities);
  const results = await checkLinks(links, {
    timeoutMs: config.linkCheckTimeoutMs,
    concurrency: config.linkCheckConcurrency,
    allowPrivate: config.linkCheckAllowPrivate,
    userAgent: linkCheckerUserAgent(config.baseUrl),
    clock: deps.clock,
    onChecked: (judged) => recordLinkResults(db, judged),
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
