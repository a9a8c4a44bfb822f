import type { LinkResult, LinkToCheck } from '../lib/link-checker.js';
import type { DB } from './sqlite.js';
import type { LinkProblem } from './types.js';
import { scopeValues } from './municipality-scope.js';

// The link checker's findings. One row per association and URL holds the latest check; the
// queue shows a row while its problem stands, nobody has set it aside, and the association
// still links to that URL (so editing the website clears the flag without a new check).

/** A flagged link as the moderation queue shows it. */
export interface LinkFlag {
  id: number;
  url: string;
  problem: LinkProblem;
  detail: string | null;
  status: number | null;
  finalUrl: string | null;
  title: string | null;
  checkedAt: string;
}

/** Social media pages answer bots with login walls, so only their status is judged. */
const STATUS_ONLY_KINDS = new Set(['facebook', 'instagram']);

/**
 * Every http(s) website link of published associations (the website field and the other
 * links), within `municipalities` unless that is null.
 */
export async function linksToCheck(db: DB, municipalities: readonly string[] | null): Promise<LinkToCheck[]> {
  const scope = municipalities === null ? null : scopeValues(municipalities);
  let websites = db.selectFrom('associations').select(['id', 'name', 'website']).where('status', '=', 'published').where('website', 'is not', null);
  let others = db
    .selectFrom('association_links as l')
    .innerJoin('associations as a', 'a.id', 'l.association_id')
    .select(['a.id', 'a.name', 'l.url', 'l.kind'])
    .where('a.status', '=', 'published');
  if (scope) {
    websites = websites.where('municipality_number', 'in', scope);
    others = others.where('a.municipality_number', 'in', scope);
  }
  const [websiteRows, otherRows] = await Promise.all([websites.orderBy('id').execute(), others.orderBy('a.id').orderBy('l.position').execute()]);
  const links = [
    ...websiteRows.map((r) => ({ associationId: r.id, name: r.name, url: r.website!, checkTitle: true })),
    ...otherRows.map((r) => ({ associationId: r.id, name: r.name, url: r.url, checkTitle: !STATUS_ONLY_KINDS.has(r.kind) })),
  ];
  const seen = new Set<string>();
  return links.filter((link) => {
    const key = `${link.associationId} ${link.url}`;
    if (seen.has(key) || !/^https?:\/\//i.test(link.url)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Stores the latest result per association and URL. A problem keeps the time it was first
 * found, and a moderator's "checked, it is fine" holds only while the problem stays the same.
 */
export async function recordLinkResults(db: DB, results: LinkResult[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const r of results) {
      const previous = await trx
        .selectFrom('link_checks')
        .select(['problem', 'flagged_at', 'ignored_at', 'ignored_by'])
        .where('association_id', '=', r.associationId)
        .where('url', '=', r.url)
        .executeTakeFirst();
      const sameProblem = r.problem !== null && previous?.problem === r.problem;
      const values = {
        checked_at: r.checkedAt,
        status: r.page.status,
        final_url: r.page.finalUrl,
        title: r.page.title,
        problem: r.problem,
        detail: r.detail,
        flagged_at: r.problem === null ? null : sameProblem ? (previous.flagged_at ?? r.checkedAt) : r.checkedAt,
        ignored_at: sameProblem ? previous.ignored_at : null,
        ignored_by: sameProblem ? previous.ignored_by : null,
      };
      await trx
        .insertInto('link_checks')
        .values({ association_id: r.associationId, url: r.url, ...values })
        .onConflict((oc) => oc.columns(['association_id', 'url']).doUpdateSet(values))
        .execute();
    }
  });
}

/**
 * Forgets checks of URLs that no association links to any more, so an old verdict cannot
 * come back if the same URL is entered again later; the next check judges it afresh.
 */
export async function forgetUnlinkedChecks(db: DB): Promise<void> {
  await db
    .deleteFrom('link_checks')
    .where((eb) =>
      eb.not(
        eb.or([
          eb.exists(
            eb.selectFrom('associations as a').select('a.id').whereRef('a.id', '=', 'link_checks.association_id').whereRef('a.website', '=', 'link_checks.url'),
          ),
          eb.exists(
            eb
              .selectFrom('association_links as l')
              .select('l.id')
              .whereRef('l.association_id', '=', 'link_checks.association_id')
              .whereRef('l.url', '=', 'link_checks.url'),
          ),
        ]),
      ),
    )
    .execute();
}

export interface LinkFlagRow extends LinkFlag {
  associationId: number;
  name: string;
  slug: string;
  municipalityNumber: string;
  version: number;
  flaggedAt: string;
}

/** Flags waiting for a moderator, oldest first, within `municipalities` unless null. */
export async function linkFlags(db: DB, municipalities: readonly string[] | null): Promise<LinkFlagRow[]> {
  let q = db
    .selectFrom('link_checks as lc')
    .innerJoin('associations as a', 'a.id', 'lc.association_id')
    .select([
      'lc.id',
      'lc.url',
      'lc.problem',
      'lc.detail',
      'lc.status',
      'lc.final_url',
      'lc.title',
      'lc.checked_at',
      'lc.flagged_at',
      'a.id as association_id',
      'a.name',
      'a.slug',
      'a.municipality_number',
      'a.version',
    ])
    .where('lc.problem', 'is not', null)
    .where('lc.ignored_at', 'is', null)
    .where('a.status', '=', 'published')
    .where((eb) =>
      eb.or([
        eb('a.website', '=', eb.ref('lc.url')),
        eb.exists(eb.selectFrom('association_links as l').select('l.id').whereRef('l.association_id', '=', 'a.id').whereRef('l.url', '=', 'lc.url')),
      ]),
    );
  if (municipalities !== null) q = q.where('a.municipality_number', 'in', scopeValues(municipalities));
  const rows = await q.orderBy('lc.flagged_at').orderBy('lc.id').execute();
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    problem: r.problem!,
    detail: r.detail,
    status: r.status,
    finalUrl: r.final_url,
    title: r.title,
    checkedAt: r.checked_at,
    associationId: r.association_id,
    name: r.name,
    slug: r.slug,
    municipalityNumber: r.municipality_number,
    version: r.version,
    flaggedAt: r.flagged_at ?? r.checked_at,
  }));
}

/** A stored check with the municipality of its association, for scope checks. */
export async function findLinkCheck(db: DB, id: number) {
  return db
    .selectFrom('link_checks as lc')
    .innerJoin('associations as a', 'a.id', 'lc.association_id')
    .select(['lc.id', 'lc.association_id', 'lc.problem', 'lc.ignored_at', 'a.municipality_number'])
    .where('lc.id', '=', id)
    .executeTakeFirst();
}

/** A moderator has looked at a flag and leaves the link as it is. */
export async function ignoreLinkFlag(db: DB, input: { id: number; userId: number; now: Date }): Promise<'ok' | 'already-handled'> {
  const result = await db
    .updateTable('link_checks')
    .set({ ignored_at: input.now.toISOString(), ignored_by: input.userId })
    .where('id', '=', input.id)
    .where('problem', 'is not', null)
    .where('ignored_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0 ? 'ok' : 'already-handled';
}

/** When links were last checked and how many checks there are, within `municipalities` unless null. */
export async function linkCheckOverview(db: DB, municipalities: readonly string[] | null): Promise<{ lastCheckedAt: string | null; checked: number }> {
  let q = db
    .selectFrom('link_checks as lc')
    .innerJoin('associations as a', 'a.id', 'lc.association_id')
    .select((eb) => [eb.fn.max('lc.checked_at').as('last'), eb.fn.countAll<number>().as('checked')]);
  if (municipalities !== null) q = q.where('a.municipality_number', 'in', scopeValues(municipalities));
  const row = await q.executeTakeFirst();
  return { lastCheckedAt: row?.last ?? null, checked: Number(row?.checked ?? 0) };
}
