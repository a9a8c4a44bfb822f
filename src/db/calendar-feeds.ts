import { type ActivityInput, MAX_ACTIVITIES_PER_ASSOCIATION, searchText } from './activities.js';
import { recordAudit } from './audit.js';
import type { DB } from './sqlite.js';
import type { ActivityStatus, CalendarFeed, ImportSource } from './types.js';

// An association's own calendar, imported (see the calendar-feeds migration): the address it
// gave and how the last fetch went, and the one writer of imported events. Portable Kysely.

/** An imported occurrence, ready to store: the activity's columns and its import key. */
export interface ImportedActivity {
  key: string;
  input: ActivityInput;
}

export interface ImportCounts {
  created: number;
  updated: number;
  removed: number;
  unchanged: number;
}

export function findFeed(db: DB, associationId: number): Promise<CalendarFeed | undefined> {
  return db.selectFrom('calendar_feeds').selectAll().where('association_id', '=', associationId).executeTakeFirst();
}

/** Who made an import happen: the association through its edit link (an address typed, a file, a removal), or the schedule. */
export type ImportTrigger = 'association' | 'schedule';

/** Titles named in an import's audit row, per kind of change; the counts are always whole. */
const AUDITED_TITLES = 20;

/**
 * Forgets the address and takes the events imported from it off every page and feed,
 * together, with the audit row that says so (when there was an address).
 */
export async function removeFeed(db: DB, associationId: number, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const feed = await trx.selectFrom('calendar_feeds').select('url').where('association_id', '=', associationId).executeTakeFirst();
    const removed = await trx
      .deleteFrom('activities')
      .where('association_id', '=', associationId)
      .where('import_source', '=', 'feed')
      .returning('title')
      .execute();
    await trx.deleteFrom('calendar_feeds').where('association_id', '=', associationId).execute();
    if (feed)
      await recordAudit(trx, {
        userId: null,
        action: 'calendar-import',
        associationId,
        details: {
          by: 'association' satisfies ImportTrigger,
          source: 'feed',
          url: feed.url,
          feed_removed: true,
          created: 0,
          updated: 0,
          removed: removed.length,
          titles: { removed: removed.slice(0, AUDITED_TITLES).map((r) => r.title) },
        },
        now,
      });
  });
}

/** Feeds of published associations not tried since `before`, those tried longest ago (or never) first. */
export function feedsDue(db: DB, before: Date, limit: number): Promise<CalendarFeed[]> {
  return db
    .selectFrom('calendar_feeds as f')
    .innerJoin('associations as s', 's.id', 'f.association_id')
    .selectAll('f')
    .where('s.status', '=', 'published')
    .where((eb) => eb.or([eb('f.last_attempt_at', 'is', null), eb('f.last_attempt_at', '<', before.toISOString())]))
    .orderBy((eb) => eb.case().when('f.last_attempt_at', 'is', null).then(0).else(1).end())
    .orderBy('f.last_attempt_at')
    .orderBy('f.association_id')
    .limit(limit)
    .execute();
}

/**
 * Records a failed fetch or read; what was imported before stays as it was. True when this is
 * the first failure after a success (or ever): the one the association is told about.
 */
export async function recordFeedFailure(db: DB, associationId: number, failure: { error: string; detail: string | null }, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('calendar_feeds')
    .set((eb) => ({ last_attempt_at: now.toISOString(), last_error: failure.error, last_error_detail: failure.detail, failures: eb('failures', '+', 1) }))
    .where('association_id', '=', associationId)
    .returning('failures')
    .executeTakeFirst();
  return row?.failures === 1;
}

const COMPARED = ['title', 'description', 'start_date', 'end_date', 'start_time', 'end_time', 'address', 'cancelled_dates'] as const;

/**
 * Makes the association's events from `source` exactly `events`, in one transaction: a key
 * seen before updates its row (same id, SEQUENCE up when something changed), a new key adds
 * one, a key no longer there is deleted. Refused as a whole ('limit') when the association's
 * own items and these together would pass MAX_ACTIVITIES_PER_ASSOCIATION. For a feed, the
 * feed's record of success is written in the same transaction.
 */
export async function replaceImportedEvents(
  db: DB,
  associationId: number,
  source: ImportSource,
  events: ImportedActivity[],
  options: {
    requireApproval: boolean;
    now: Date;
    /** For a feed: saves this address with the success (an address typed just now). */
    feedUrl?: string;
    /** For the audit row; the schedule when not given. */
    by?: ImportTrigger;
  },
): Promise<ImportCounts | 'limit'> {
  return db.transaction().execute(async (trx) => {
    const { n } = await trx
      .selectFrom('activities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('association_id', '=', associationId)
      .where((eb) => eb.or([eb('import_source', 'is', null), eb('import_source', '!=', source)]))
      .executeTakeFirstOrThrow();
    if (Number(n) + events.length > MAX_ACTIVITIES_PER_ASSOCIATION) return 'limit';
    const now = options.now.toISOString();
    const existing = await trx.selectFrom('activities').selectAll().where('association_id', '=', associationId).where('import_source', '=', source).execute();
    const byKey = new Map(existing.map((row) => [row.import_key, row]));
    const counts: ImportCounts = { created: 0, updated: 0, removed: 0, unchanged: 0 };
    const titles: { created: string[]; updated: string[]; removed: string[] } = { created: [], updated: [], removed: [] };
    const kept = new Set<number>();
    for (const { key, input } of events) {
      const row = byKey.get(key);
      if (!row) {
        const status: ActivityStatus = options.requireApproval ? 'pending' : 'visible';
        await trx
          .insertInto('activities')
          .values({
            ...input,
            search_text: searchText(`${input.title}\n${input.description}`),
            association_id: associationId,
            status,
            sequence: 0,
            created_at: now,
            updated_at: now,
            import_source: source,
            import_key: key,
          })
          .execute();
        counts.created += 1;
        titles.created.push(input.title);
        continue;
      }
      kept.add(row.id);
      if (COMPARED.every((column) => row[column] === input[column])) {
        counts.unchanged += 1;
        continue;
      }
      // Like the association's own change (updateActivity): back on the moderators' list, and waiting again when approval is required.
      await trx
        .updateTable('activities')
        .set((eb) => ({
          ...input,
          search_text: searchText(`${input.title}\n${input.description}`),
          updated_at: now,
          sequence: eb('sequence', '+', 1),
          reviewed_at: null,
          status: options.requireApproval
            ? eb
                .case()
                .when('status', '=', 'hidden')
                .then('hidden' as ActivityStatus)
                .else('pending' as ActivityStatus)
                .end()
            : eb.ref('status'),
        }))
        .where('id', '=', row.id)
        .execute();
      counts.updated += 1;
      titles.updated.push(input.title);
    }
    const goneRows = existing.filter((row) => !kept.has(row.id));
    const gone = goneRows.map((row) => row.id);
    if (gone.length > 0) await trx.deleteFrom('activities').where('id', 'in', gone).execute();
    counts.removed = gone.length;
    titles.removed = goneRows.map((row) => row.title);
    // What the public sees changed: recorded for the moderators (the entry's history), with
    // the import. A run that changed nothing (most scheduled ones) leaves no row.
    if (counts.created + counts.updated + counts.removed > 0) {
      const feedUrl =
        source === 'feed'
          ? (options.feedUrl ??
            (await trx.selectFrom('calendar_feeds').select('url').where('association_id', '=', associationId).executeTakeFirst())?.url ??
            null)
          : null;
      await recordAudit(trx, {
        userId: null,
        action: 'calendar-import',
        associationId,
        details: {
          by: options.by ?? 'schedule',
          source,
          ...(feedUrl ? { url: feedUrl } : {}),
          created: counts.created,
          updated: counts.updated,
          removed: counts.removed,
          unchanged: counts.unchanged,
          status: options.requireApproval ? 'pending' : 'visible',
          titles: {
            created: titles.created.slice(0, AUDITED_TITLES),
            updated: titles.updated.slice(0, AUDITED_TITLES),
            removed: titles.removed.slice(0, AUDITED_TITLES),
          },
        },
        now: options.now,
      });
    }
    if (source === 'feed') {
      const success = {
        last_attempt_at: now,
        last_success_at: now,
        last_error: null,
        last_error_detail: null,
        failures: 0,
        imported_count: events.length,
        updated_at: now,
      };
      if (options.feedUrl === undefined) await trx.updateTable('calendar_feeds').set(success).where('association_id', '=', associationId).execute();
      else {
        const url = options.feedUrl;
        await trx
          .insertInto('calendar_feeds')
          .values({ association_id: associationId, url, created_at: now, ...success })
          .onConflict((oc) => oc.column('association_id').doUpdateSet({ url, ...success }))
          .execute();
      }
    }
    return counts;
  });
}

/** How many events the association has from each source: for its import page. */
export async function importedCounts(db: DB, associationId: number): Promise<Record<ImportSource, number>> {
  const rows = await db
    .selectFrom('activities')
    .select(['import_source', (eb) => eb.fn.countAll<number>().as('n')])
    .where('association_id', '=', associationId)
    .where('import_source', 'is not', null)
    .groupBy('import_source')
    .execute();
  const counts: Record<ImportSource, number> = { feed: 0, file: 0 };
  for (const row of rows) if (row.import_source) counts[row.import_source] = Number(row.n);
  return counts;
}
