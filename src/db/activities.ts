import { type ExpressionBuilder, type Insertable, sql } from 'kysely';
import { recordAudit } from './audit.js';
import { type DB, foldForSearch, insertActivitiesInBulk as insertActivitiesInBulkSqlite } from './sqlite.js';
import type { Schedule } from '../lib/recurrence.js';
import type { Activity, ActivityStatus, Database } from './types.js';

// Activities and events of associations (see the activities migration). Plain, portable
// Kysely: the text filter is a LIKE, so PostgreSQL runs the same queries.

/** An association has at most this many activities and events. */
export const MAX_ACTIVITIES_PER_ASSOCIATION = 300;
/**
 * scanVisibleActivities walks associations' ids in ranges this wide (a primary-key range: no
 * sort, however many or few of them are in scope)…
 */
const SCAN_ID_RANGE = 2000;
/**
 * …and reads the activities of this many of them in one step: about 75 rows, a few
 * milliseconds (an association has 1.5 on average in the demo data, at most
 * MAX_ACTIVITIES_PER_ASSOCIATION).
 */
export const SCAN_ASSOCIATIONS_PER_STEP = 50;

/** What the association's form gives, already checked (src/lib/activity-form.ts): the columns it writes. */
export type ActivityInput = Omit<
  Activity,
  | 'id'
  | 'association_id'
  | 'status'
  | 'hidden_reason'
  | 'reviewed_at'
  | 'sequence'
  | 'search_text'
  | 'created_at'
  | 'updated_at'
  | 'import_source'
  | 'import_key'
>;

/**
 * Text folded so that a plain LIKE finds it whatever the case and accents: SQLite's lower()
 * only folds ASCII, so "Øvelse" is stored as "ovelse" and a search for "øvelse" is folded the same way.
 */
export function searchText(text: string): string {
  return foldForSearch(text).normalize('NFD').replace(/\p{M}/gu, '');
}

const searchColumn = (input: Pick<ActivityInput, 'title' | 'description'>) => searchText(`${input.title}\n${input.description}`);

/** An activity with what the public pages say about its association. */
export interface PublicActivity extends Activity {
  association_name: string;
  association_slug: string;
  municipality_number: string;
  association_place_id: number | null;
  /** For the "not confirmed for a long time" mark, which covers the association's activities too. */
  association_last_confirmed_at: string | null;
}

export interface ActivityFilter {
  municipalityNumbers: string[];
  /** Already expanded with subcategories. */
  categoryIds: number[];
  /** Lower-cased search text, or '' for none. */
  q: string;
  age: number | null;
  freeOnly: boolean;
  /** The window, local dates: only activities that may have an occurrence in it. */
  from: string;
  to: string;
  associationId?: number;
}

export function listForAssociation(db: DB, associationId: number): Promise<Activity[]> {
  return db
    .selectFrom('activities')
    .selectAll()
    .where('association_id', '=', associationId)
    .orderBy('start_date')
    .orderBy('start_time')
    .orderBy('id')
    .execute();
}

export function findForAssociation(db: DB, associationId: number, id: number): Promise<Activity | undefined> {
  return db.selectFrom('activities').selectAll().where('association_id', '=', associationId).where('id', '=', id).executeTakeFirst();
}

/**
 * Adds an activity unless the association already has the maximum; the count and the insert
 * are one transaction, so two quick posts cannot pass the limit together.
 */
export async function createActivity(
  db: DB,
  associationId: number,
  input: ActivityInput,
  options: { status: ActivityStatus; now: Date },
): Promise<{ id: number } | 'limit'> {
  return db.transaction().execute(async (trx) => {
    const { n } = await trx
      .selectFrom('activities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('association_id', '=', associationId)
      .executeTakeFirstOrThrow();
    if (Number(n) >= MAX_ACTIVITIES_PER_ASSOCIATION) return 'limit';
    const now = options.now.toISOString();
    const row = await trx
      .insertInto('activities')
      .values({
        ...input,
        search_text: searchColumn(input),
        association_id: associationId,
        status: options.status,
        created_at: now,
        updated_at: now,
        sequence: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id };
  });
}

/**
 * Saves the association's change. SEQUENCE grows so calendars that subscribed take the new
 * version; the item goes back on the moderators' "new" list, and waits again when approval is required.
 * A hidden item stays hidden.
 */
export async function updateActivity(
  db: DB,
  associationId: number,
  id: number,
  input: ActivityInput,
  options: { requireApproval: boolean; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('activities')
    .set((eb) => ({
      ...input,
      search_text: searchColumn(input),
      updated_at: options.now.toISOString(),
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
    .where('association_id', '=', associationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteActivity(db: DB, associationId: number, id: number): Promise<boolean> {
  const result = await db.deleteFrom('activities').where('association_id', '=', associationId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Visible activities of published associations, joined with their association, nothing selected yet. */
function publicRows(db: DB) {
  return db
    .selectFrom('activities as a')
    .innerJoin('associations as s', 's.id', 'a.association_id')
    .where('a.status', '=', 'visible')
    .where('s.status', '=', 'published');
}

function publicSelection(db: DB) {
  return db
    .selectFrom('activities as a')
    .innerJoin('associations as s', 's.id', 'a.association_id')
    .selectAll('a')
    .select([
      's.name as association_name',
      's.slug as association_slug',
      's.municipality_number',
      's.place_id as association_place_id',
      's.last_confirmed_at as association_last_confirmed_at',
    ])
    .where('a.status', '=', 'visible')
    .where('s.status', '=', 'published');
}

/** Escapes LIKE's wildcards, so a search for "50%" looks for the text. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

function textMatches(eb: ExpressionBuilder<Database & { a: Database['activities']; s: Database['associations'] }, 'a' | 's'>, q: string) {
  const folded = likePattern(searchText(q));
  // The association's name is matched as written (ASCII case-insensitively).
  return eb.or([sql<boolean>`a.search_text like ${folded} escape '\\'`, sql<boolean>`lower(s.name) like ${likePattern(q.toLowerCase())} escape '\\'`]);
}

/** What a list's index needs of an activity: which one, its title (the order within a time) and its schedule. */
export type ScheduledActivity = Pick<PublicActivity, 'id' | 'title' | keyof Schedule>;

const SCHEDULE_COLUMNS = [
  'a.id',
  'a.title',
  'a.kind',
  'a.start_date',
  'a.end_date',
  'a.start_time',
  'a.end_time',
  'a.frequency',
  'a.weekdays',
  'a.week_of_month',
  'a.occurrence_count',
  'a.skipped_dates',
  'a.cancelled_dates',
] as const;

/** Visible activities of published associations that may occur in [from, to] and match the filter's activity conditions. */
function activitiesInWindow(db: DB, filter: ActivityFilter, columns: 'public' | 'schedule') {
  let query = (columns === 'schedule' ? publicRows(db).select(SCHEDULE_COLUMNS) : publicSelection(db))
    .where('a.start_date', '<=', filter.to)
    .where((eb) =>
      eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>=', filter.from), eb.and([eb('a.kind', '=', 'event'), eb('a.start_date', '>=', filter.from)])]),
    );
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) => textMatches(eb, q));
  }
  if (filter.age !== null) {
    const age = filter.age;
    query = query
      .where((eb) => eb.or([eb('a.age_from', 'is', null), eb('a.age_from', '<=', age)]))
      .where((eb) => eb.or([eb('a.age_to', 'is', null), eb('a.age_to', '>=', age)]));
  }
  // Imported events have no price given, which is not the same as free.
  if (filter.freeOnly) query = query.where('a.price', 'is', null).where('a.import_source', 'is', null);
  return query;
}

/** Hands the event loop back (to timers and other requests' sockets) before the next step. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Every visible activity of published associations that may occur within the filter's
 * window and matches every given filter, in steps: the associations in scope are walked in
 * order of id, SCAN_ASSOCIATIONS_PER_STEP at a time, and each step's activities are yielded
 * as one batch (ordered by start date), the event loop handed back between steps. Nothing is
 * left out however many there are (a big municipality has tens of thousands), and no step
 * holds the loop for long; the caller keeps only what it needs of each batch.
 */
export function scanVisibleActivities(
  db: DB,
  filter: ActivityFilter,
  options?: { associationsPerStep?: number; idRange?: number },
): AsyncGenerator<PublicActivity[], void, undefined> {
  return scan(db, filter, 'public', options) as AsyncGenerator<PublicActivity[], void, undefined>;
}

/**
 * scanVisibleActivities with only what a list's index needs (ScheduledActivity): a third of
 * the bytes of a whole row (no description, no search text), so a big municipality's index
 * reads half as long and leaves less garbage.
 */
export function scanVisibleSchedules(
  db: DB,
  filter: ActivityFilter,
  options?: { associationsPerStep?: number; idRange?: number },
): AsyncGenerator<ScheduledActivity[], void, undefined> {
  return scan(db, filter, 'schedule', options) as AsyncGenerator<ScheduledActivity[], void, undefined>;
}

async function* scan(
  db: DB,
  filter: ActivityFilter,
  columns: 'public' | 'schedule',
  options: { associationsPerStep?: number; idRange?: number } = {},
): AsyncGenerator<unknown[], void, undefined> {
  const inWindow = () => activitiesInWindow(db, filter, columns).orderBy('a.start_date').orderBy('a.id');
  if (filter.associationId !== undefined) {
    yield await inWindow().where('a.association_id', '=', filter.associationId).execute();
    return;
  }
  const step = options.associationsPerStep ?? SCAN_ASSOCIATIONS_PER_STEP;
  const width = options.idRange ?? SCAN_ID_RANGE;
  const { last } = await db
    .selectFrom('associations')
    .select((eb) => eb.fn.max('id').as('last'))
    .executeTakeFirstOrThrow();
  for (let low = 0; low < Number(last ?? 0); low += width) {
    let scope = db
      .selectFrom('associations as s')
      .select('s.id')
      .where('s.status', '=', 'published')
      .where('s.id', '>', low)
      .where('s.id', '<=', low + width);
    if (filter.municipalityNumbers.length > 0) scope = scope.where('s.municipality_number', 'in', filter.municipalityNumbers);
    if (filter.categoryIds.length > 0) {
      const ids = filter.categoryIds;
      scope = scope.where((eb) =>
        eb.exists(
          eb.selectFrom('association_categories as ac').select('ac.category_id').whereRef('ac.association_id', '=', 's.id').where('ac.category_id', 'in', ids),
        ),
      );
    }
    const associationIds = (await scope.execute()).map((r) => r.id);
    for (let i = 0; i < associationIds.length; i += step) {
      const rows = await inWindow()
        .where('a.association_id', 'in', associationIds.slice(i, i + step))
        .execute();
      if (rows.length > 0) yield rows;
      await nextTurn();
    }
    if (associationIds.length === 0) await nextTurn();
  }
}

/** Every batch of scanVisibleActivities as one array: for an association's own few hundred, or tests. */
export async function visibleActivities(db: DB, filter: ActivityFilter): Promise<PublicActivity[]> {
  const all: PublicActivity[] = [];
  for await (const rows of scanVisibleActivities(db, filter)) all.push(...rows);
  return all;
}

/** The visible activities with these ids (of published associations), in no particular order; ids not visible are left out. */
export async function visibleActivitiesByIds(db: DB, ids: readonly number[]): Promise<PublicActivity[]> {
  if (ids.length === 0) return [];
  return (await publicSelection(db)
    .where('a.id', 'in', [...ids])
    .execute()) as PublicActivity[];
}

export function findVisibleActivity(db: DB, id: number): Promise<PublicActivity | undefined> {
  return publicSelection(db).where('a.id', '=', id).executeTakeFirst() as Promise<PublicActivity | undefined>;
}

/** An activity for the moderators' list: what they need to judge it, and where. */
export interface ModeratedActivity extends Activity {
  association_name: string;
  association_slug: string;
  municipality_number: string;
}

/**
 * "Nye arrangementer": items of published associations no moderator has looked at yet
 * (new or changed), waiting ones first, then oldest first; within the given municipalities,
 * or everywhere for null.
 */
export function newActivities(db: DB, municipalityNumbers: string[] | null, limit = 200): Promise<ModeratedActivity[]> {
  let query = db
    .selectFrom('activities as a')
    .innerJoin('associations as s', 's.id', 'a.association_id')
    .selectAll('a')
    .select(['s.name as association_name', 's.slug as association_slug', 's.municipality_number'])
    .where('a.reviewed_at', 'is', null)
    .where('a.status', '!=', 'hidden')
    .where('s.status', '=', 'published');
  if (municipalityNumbers) {
    if (municipalityNumbers.length === 0) return Promise.resolve([]);
    query = query.where('s.municipality_number', 'in', municipalityNumbers);
  }
  return query
    .orderBy(sql`case when a.status = 'pending' then 0 else 1 end`)
    .orderBy('a.updated_at')
    .orderBy('a.id')
    .limit(limit)
    .execute() as Promise<ModeratedActivity[]>;
}

export function findModeratedActivity(db: DB, id: number): Promise<ModeratedActivity | undefined> {
  return db
    .selectFrom('activities as a')
    .innerJoin('associations as s', 's.id', 'a.association_id')
    .selectAll('a')
    .select(['s.name as association_name', 's.slug as association_slug', 's.municipality_number'])
    .where('a.id', '=', id)
    .executeTakeFirst() as Promise<ModeratedActivity | undefined>;
}

/**
 * A moderator's decision: 'approve' shows it (and marks it seen), 'hide' takes it off every
 * page and feed with a reason. Conditional on the version the moderator saw (`sequence`), so a
 * decision on an item changed meanwhile is refused; written with its audit row.
 */
export async function decideActivity(
  db: DB,
  input: { id: number; sequence: number; decision: 'approve' | 'hide'; reason: string | null; userId: number; now: Date },
): Promise<'ok' | 'already-handled'> {
  return db.transaction().execute(async (trx) => {
    const now = input.now.toISOString();
    const row = await trx
      .updateTable('activities')
      .set(
        input.decision === 'hide'
          ? { status: 'hidden', hidden_reason: input.reason, reviewed_at: now, updated_at: now, sequence: input.sequence + 1 }
          : { status: 'visible', reviewed_at: now },
      )
      .where('id', '=', input.id)
      .where('sequence', '=', input.sequence)
      .where('reviewed_at', 'is', null)
      .where('status', '!=', 'hidden')
      .returning(['association_id', 'title'])
      .executeTakeFirst();
    if (!row) return 'already-handled';
    await recordAudit(trx, {
      userId: input.userId,
      action: input.decision === 'hide' ? 'activity-hide' : 'activity-approve',
      associationId: row.association_id,
      details: { activity_id: input.id, title: row.title, ...(input.reason ? { reason: input.reason } : {}) },
      now: input.now,
    });
    return 'ok';
  });
}

/** The newest visible activities and events of published associations in the municipalities, newest first: for the Atom feed. */
export function recentActivities(db: DB, municipalityNumbers: string[], limit: number): Promise<PublicActivity[]> {
  return publicSelection(db)
    .where('s.municipality_number', 'in', municipalityNumbers.length > 0 ? municipalityNumbers : ['-'])
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute() as Promise<PublicActivity[]>;
}

/** Published associations that have no activities yet, with their main category's ICNPO code (for demo data). */
export async function publishedWithoutActivities(db: DB): Promise<{ id: number; placeId: number | null; icnpoCode: string }[]> {
  const rows = await db
    .selectFrom('associations as a')
    .innerJoin('association_categories as ac', (join) => join.onRef('ac.association_id', '=', 'a.id').on('ac.position', '=', 1))
    .innerJoin('categories as c', 'c.id', 'ac.category_id')
    .select(['a.id', 'a.place_id', 'c.icnpo_code'])
    .where('a.status', '=', 'published')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('activities as x').select('x.id').whereRef('x.association_id', '=', 'a.id'))))
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({ id: r.id, placeId: r.place_id, icnpoCode: r.icnpo_code }));
}

const BULK_CHUNK = 400;

/**
 * Stores many whole activity rows in one transaction: on SQLite with prepared statements
 * (src/db/sqlite.ts), elsewhere in chunks below the variable limit.
 */
export async function insertActivitiesInBulk(db: DB, rows: readonly Insertable<Database['activities']>[]): Promise<void> {
  if (insertActivitiesInBulkSqlite(db, rows)) return;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += BULK_CHUNK)
      await trx
        .insertInto('activities')
        .values(rows.slice(i, i + BULK_CHUNK))
        .execute();
  });
}
