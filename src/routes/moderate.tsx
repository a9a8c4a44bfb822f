import { Hono } from 'hono';
import type { Context } from 'hono';
import { EntryPage, HistoryPage, OutboxPage, QueuePage, QueueRow } from '../../views/moderation.js';
import { queueRowId } from '../../views/components/queue-row-id.js';
import { listOutbox, undeliverableMail } from '../db/outbox.js';
import type { AppContext, AppEnv, SignedInUser } from '../app-env.js';
import {
  type Decision,
  type HistoryEntry,
  QUEUE_KINDS,
  type QueueItem,
  type QueueKind,
  approveRevision,
  approveSubmission,
  archiveAssociation,
  associationHistory,
  editAssociation,
  findAssociation,
  findBySlug,
  findRevision,
  inScope,
  mergeAssociation,
  moderationQueue,
  rejectRevision,
  rejectSubmission,
  remindStaleEntry,
} from '../db/moderation.js';
import { isStale } from '../reminders.js';
import { sendEditLinkMail } from './edit-link-mail.js';
import { associationFormData } from '../db/submissions.js';
import type { Association } from '../db/types.js';
import {
  type AssociationFormData,
  type AssociationFormErrors,
  type AssociationFormValues,
  formValuesFrom,
  readAssociationForm,
  validateAssociationForm,
} from '../lib/association-form.js';
import { diffAssociation } from '../lib/diff.js';
import { cleanText } from '../lib/list-query.js';
import { pageMeta } from './render.js';
import { answerDecision, answerReasonRequired, renderOutOfScope } from './decision.js';
import { requireUser } from './auth.js';
import { type Translator, translator, translatorFor } from '../i18n/index.js';
import { handOverEditLinks } from './edit-link-mail.js';
import { single } from '../lib/form-guard.js';

/** Queue items a page: each carries its own forms, so a long page is hard going on a phone. */
const QUEUE_PAGE_SIZE = 25;
const MESSAGES = [
  'approved',
  'rejected',
  'archived',
  'merged',
  'saved',
  'savedAndApproved',
  'already-handled',
  'reason-required',
  'report-handled',
  'report-dismissed',
] as const;
type Message = (typeof MESSAGES)[number];

/** The moderator area's own pages (mounted at /moderering, behind its guard): the queue, decisions, curating entries and their history. */
export function moderationRoutes(ctx: AppContext) {
  const { db, reference, assets } = ctx;
  const app = new Hono<AppEnv>();

  const userOf = (c: Context<AppEnv>): SignedInUser => c.get('user')!;

  function messageText(c: Context<AppEnv>, message: Message | undefined) {
    if (!message) return undefined;
    const { t } = c.get('tr');
    if (message === 'already-handled') return { text: t.mod.alreadyHandled, problem: true };
    if (message === 'reason-required') return { text: t.mod.rejectReasonRequired, problem: true };
    if (message === 'report-handled') return { text: t.visitor.decided.handled, problem: false };
    if (message === 'report-dismissed') return { text: t.visitor.decided.dismissed, problem: false };
    return { text: t.mod.decided[message], problem: false };
  }

  /** Answers a decision: the row for htmx, a redirect back to the queue for a plain form. */
  function answer(
    c: Context<AppEnv>,
    row: string,
    decision: Decision,
    done: Exclude<Message, 'already-handled' | 'reason-required' | 'report-handled' | 'report-dismissed'>,
  ) {
    const { t } = c.get('tr');
    return answerDecision(c, { row, ok: decision === 'ok', doneText: t.mod.decided[done], conflictText: t.mod.alreadyHandled, back: '/moderering', done });
  }

  /** Mail to an association goes in the language it registered in. */
  function mailTranslator(language: string | null) {
    return translatorFor(language, ctx.config.defaultLanguage);
  }

  function parseId(value: string | undefined): number | null {
    return value && /^\d{1,10}$/.test(value) ? Number(value) : null;
  }

  /** The page a list's ?side= asks for; the first for anything but a page number. */
  function pageNumber(value: string | undefined): number {
    return value && /^\d{1,5}$/.test(value) && Number(value) >= 1 ? Number(value) : 1;
  }

  /** The ?melding= after a redirect, if it names one of the messages. */
  function messageParam(value: string | null | undefined): Message | undefined {
    return value && (MESSAGES as readonly string[]).includes(value) ? (value as Message) : undefined;
  }

  async function changesFor(item: QueueItem, tr = translator('nb')) {
    if (item.kind !== 'revision' || !item.proposed) return null;
    const association = await findAssociation(db, item.associationId);
    if (!association) return null;
    return diffAssociation(await associationFormData(db, association, reference), item.proposed, reference, tr);
  }

  /** The queue as the URL asks for it; a bulk action sent with nothing ticked comes back with 422. */
  async function renderQueue(c: Context<AppEnv>, state: { url?: URL; status?: 200 | 422; bulkError?: string } = {}) {
    const user = userOf(c);
    const tr = c.get('tr');
    const params = (state.url ?? new URL(c.req.url)).searchParams;
    const kinds = params.getAll('type').filter((k): k is QueueKind => (QUEUE_KINDS as readonly string[]).includes(k));
    const municipalities = params.getAll('kommune').filter((n) => /^\d{4}$/.test(n) && inScope(user, n));
    const search = cleanText(params.get('q') ?? '').slice(0, 200);
    const page = pageNumber(params.get('side') ?? undefined);
    const { items, total, counts } = await moderationQueue(db, user, {
      kinds,
      municipalities,
      search,
      now: ctx.clock(),
      limit: QUEUE_PAGE_SIZE,
      offset: (page - 1) * QUEUE_PAGE_SIZE,
    });
    const withChanges = await Promise.all(items.map(async (item) => ({ item, changes: await changesFor(item, tr) })));
    const options = (user.municipalityNumbers === 'all' ? reference.municipalities.map((m) => m.number) : [...user.municipalityNumbers])
      .map((number) => ({ number, name: reference.municipalityByNumber.get(number)?.display_name ?? number }))
      .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
    const message = messageParam(params.get('melding'));
    return c.html(
      <QueuePage
        meta={pageMeta(c, ctx, tr.t.mod.queueTitle)}
        assets={assets}
        user={user}
        reference={reference}
        items={withChanges}
        counts={counts}
        filter={{ kinds, municipalities, search }}
        paging={{ page, pageCount: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)) }}
        municipalityOptions={options}
        message={messageText(c, message) ?? bulkMessage(c, params)}
        bulkError={state.bulkError}
      />,
      state.status ?? 200,
    );
  }

  app.get('/', (c) => renderQueue(c));

  /** What a bulk action did, from the redirect after it (?utfort=remind&antall=3&hoppet=1). */
  function bulkMessage(c: Context<AppEnv>, params: URLSearchParams) {
    const done = params.get('utfort');
    const count = (name: string) => (/^\d{1,5}$/.test(params.get(name) ?? '') ? Number(params.get(name)) : 0);
    if (done !== 'paminnelse' && done !== 'arkiver') return undefined;
    const { t, number } = c.get('tr');
    const entries = t.work.entryCount(count('antall'), number(count('antall')));
    const skipped = number(count('hoppet'));
    return { text: done === 'paminnelse' ? t.work.bulkReminded(entries, skipped) : t.work.bulkArchived(entries, skipped), problem: false };
  }

  // Stale entries in bulk: each ticked entry is reminded or archived on its own, with its own
  // audit row; one that is out of scope, no longer stale or already archived is skipped.
  app.post('/utdaterte', async (c) => {
    const user = userOf(c);
    const body = await c.req.parseBody({ all: true });
    const back = single(body.tilbake) ?? '';
    const backUrl = /^\/moderering(\?[\x21-\x7e]*)?$/.test(back) ? back : '/moderering?type=stale';
    const ids = [...new Set((Array.isArray(body.id) ? body.id : [body.id]).flatMap((v) => (typeof v === 'string' ? [parseId(v)] : [])))]
      .filter((id): id is number => id !== null)
      .slice(0, 500);
    const action = single(body.handling);
    if (action !== 'paminnelse' && action !== 'arkiver') return c.text('Bad request', 400);
    if (ids.length === 0) {
      // Shown as the queue the moderator came from, with the message above the buttons.
      return renderQueue(c, { url: new URL(backUrl, ctx.config.baseUrl), status: 422, bulkError: c.get('tr').t.work.bulkNoneSelected });
    }
    const now = ctx.clock();
    let done = 0;
    for (const id of ids) {
      const association = await findAssociation(db, id);
      if (!association || !inScope(user, association.municipality_number) || association.status !== 'published' || !isStale(association.last_confirmed_at, now))
        continue;
      if (action === 'paminnelse') {
        const reminder = await remindStaleEntry(db, { associationId: id, userId: user.id, now, editLinkDays: ctx.config.editLinkDays });
        if (!reminder) continue;
        await sendEditLinkMail(ctx, mailTranslator(association.language), 'reminder', {
          to: reminder.email,
          name: reminder.name,
          token: reminder.token,
          associationId: id,
        });
      } else if ((await archiveAssociation(db, { associationId: id, version: association.version, userId: user.id, now })) !== 'ok') continue;
      done++;
    }
    const url = new URL(backUrl, ctx.config.baseUrl);
    url.searchParams.delete('melding');
    url.searchParams.set('utfort', action);
    url.searchParams.set('antall', String(done));
    url.searchParams.set('hoppet', String(ids.length - done));
    return c.redirect(`${url.pathname}${url.search}`, 303);
  });

  /** A rejection needs a reason; without one the row comes back with the field marked. */
  async function reasonOrRow(c: Context<AppEnv>, item: QueueItem): Promise<{ reason: string } | Response> {
    const body = await c.req.parseBody();
    const reason = cleanText(single(body.reason) ?? '').slice(0, 2000);
    if (reason) return { reason };
    const changes = await changesFor(item, c.get('tr'));
    return answerReasonRequired(c, () => <QueueRow tr={c.get('tr')} reference={reference} user={userOf(c)} item={item} changes={changes} reasonError />);
  }

  function submissionItem(a: Association): QueueItem {
    return {
      kind: 'submission',
      associationId: a.id,
      revisionId: null,
      name: a.name,
      slug: a.slug,
      municipalityNumber: a.municipality_number,
      since: a.created_at,
      version: a.version,
      proposed: null,
    };
  }

  /** After personal data may have been erased: the .eml copies of erased mail go now, not at the hourly sweep. */
  function sweepErasedMail() {
    ctx.background.run('eml sweep', async () => {
      await ctx.mailer.sweepEmlFiles();
    });
  }

  async function sendMail(associationId: number, to: string | null, subject: string, text: string) {
    if (to) await ctx.mailer.send({ to, subject, text, about: { associationId } });
  }

  /** Tells the association's contact person that the entry (by the name it now has) is published. */
  async function mailApproved(association: Association, name: string) {
    const t = mailTranslator(association.language).t;
    const url = `${ctx.config.baseUrl}/lag/${association.slug}`;
    await sendMail(association.id, association.contact_email, t.mod.mailApprovedSubject(name), t.mod.mailApprovedBody({ name, url }));
  }

  /**
   * A rejection of the queue item in `row`: without a reason the row comes back with the
   * field marked; with one, `reject` decides and, when it did, the contact person is mailed
   * the reason (`mail` gives the subject and text).
   */
  async function answerRejection(
    c: Context<AppEnv>,
    item: QueueItem,
    row: string,
    reject: (reason: string) => Promise<Decision>,
    mail: { associationId: number; to: string | null; text: (reason: string) => { subject: string; body: string } },
  ) {
    const reason = await reasonOrRow(c, item);
    if (reason instanceof Response) return reason;
    const decision = await reject(reason.reason);
    if (decision === 'ok') {
      const { subject, body } = mail.text(reason.reason);
      await sendMail(mail.associationId, mail.to, subject, body);
    }
    return answer(c, row, decision, 'rejected');
  }

  app.post('/innsending/:id/:decision{godkjenn|avvis}', (c) =>
    withEntry(c, async (association, user) => {
      const body = await c.req.parseBody();
      const version = Number(single(body.version));
      const rowId = queueRowId({ kind: 'submission', associationId: association.id });
      if (c.req.param('decision') === 'godkjenn') {
        const decision = await approveSubmission(db, { associationId: association.id, version, userId: user.id, now: ctx.clock() });
        if (decision === 'ok') await mailApproved(association, association.name);
        return answer(c, rowId, decision, 'approved');
      }
      const t = mailTranslator(association.language).t;
      return answerRejection(
        c,
        submissionItem(association),
        rowId,
        (reason) => rejectSubmission(db, { associationId: association.id, version, userId: user.id, reason, now: ctx.clock() }),
        {
          associationId: association.id,
          to: association.contact_email,
          text: (reason) => ({ subject: t.mod.mailRejectedSubject(association.name), body: t.mod.mailRejectedBody({ name: association.name, reason }) }),
        },
      );
    }),
  );

  app.post('/endring/:id/:decision{godkjenn|avvis}', async (c) => {
    const user = userOf(c);
    const id = parseId(c.req.param('id'));
    const revision = id === null ? undefined : await findRevision(db, id);
    if (!revision) return c.notFound();
    if (!inScope(user, revision.municipality_number)) return renderOutOfScope(c, ctx);
    // A change that moves the entry needs a moderator of the municipality it moves to as well.
    const proposedMunicipality = revision.data ? (JSON.parse(revision.data) as AssociationFormData).municipalityNumber : null;
    if (c.req.param('decision') === 'godkjenn' && proposedMunicipality && !inScope(user, proposedMunicipality)) return renderOutOfScope(c, ctx);
    const rowId = queueRowId({ kind: revision.kind === 'removal' ? 'removal' : 'revision', revisionId: revision.id });
    if (c.req.param('decision') === 'godkjenn') {
      const now = ctx.clock();
      const decision = await approveRevision(db, { revisionId: revision.id, userId: user.id, reference, now });
      if (decision === 'ok' && revision.kind === 'update' && revision.data) {
        const proposed = JSON.parse(revision.data) as AssociationFormData;
        await handOverEditLinks(ctx, mailTranslator(revision.language), {
          associationId: revision.association_id,
          name: proposed.name,
          before: revision.contact_email,
          after: proposed.contactEmail,
          now,
        });
      }
      if (decision === 'ok' && revision.kind === 'removal') sweepErasedMail();
      return answer(c, rowId, decision, revision.kind === 'removal' ? 'archived' : 'approved');
    }
    const association = await findAssociation(db, revision.association_id);
    const item: QueueItem = {
      kind: revision.kind === 'removal' ? 'removal' : 'revision',
      associationId: revision.association_id,
      revisionId: revision.id,
      name: revision.name,
      slug: association?.slug ?? '',
      municipalityNumber: revision.municipality_number,
      since: association?.updated_at ?? '',
      version: association?.version ?? 0,
      proposed: revision.data ? (JSON.parse(revision.data) as AssociationFormData) : null,
    };
    const t = mailTranslator(revision.language).t;
    return answerRejection(c, item, rowId, (reason) => rejectRevision(db, { revisionId: revision.id, userId: user.id, reason, now: ctx.clock() }), {
      associationId: revision.association_id,
      to: revision.contact_email,
      text: (reason) => ({ subject: t.mod.mailRevisionRejectedSubject(revision.name), body: t.mod.mailRevisionRejectedBody({ name: revision.name, reason }) }),
    });
  });

  /** Loads the entry in the URL and checks the user's scope, or answers 404/403. */
  async function withEntry(c: Context<AppEnv>, then: (association: Association, user: SignedInUser) => Promise<Response>) {
    const user = userOf(c);
    const id = parseId(c.req.param('id'));
    const association = id === null ? undefined : await findAssociation(db, id);
    if (!association) return c.notFound();
    if (!inScope(user, association.municipality_number)) return renderOutOfScope(c, ctx);
    return then(association, user);
  }

  async function renderEntry(
    c: Context<AppEnv>,
    association: Association,
    status: 200 | 409 | 422,
    state: { values?: AssociationFormValues; errors?: AssociationFormErrors; message?: Message; mergeError?: string; mergeTarget?: string } = {},
  ) {
    const user = userOf(c);
    const tr = c.get('tr');
    const values = state.values ?? formValuesFrom(await associationFormData(db, association, reference));
    return c.html(
      <EntryPage
        meta={pageMeta(c, ctx, tr.t.mod.entryTitle(association.name))}
        assets={assets}
        user={user}
        association={association}
        message={messageText(c, state.message)}
        mergeError={state.mergeError}
        mergeTarget={state.mergeTarget}
        form={{
          reference,
          values,
          errors: state.errors ?? {},
          action: `/moderering/lag/${association.id}`,
          submitLabel: tr.t.mod.saveEdit,
          formToken: '',
          requireTerms: false,
          hidden: { csrf: user.csrfToken, version: String(association.version) },
          alternativeSubmit: association.status === 'pending' ? { name: 'publish', value: '1', label: tr.t.mod.saveAndApprove } : undefined,
        }}
      />,
      status,
    );
  }

  app.get('/lag/:id', (c) => withEntry(c, (association) => renderEntry(c, association, 200, { message: messageParam(c.req.query('melding')) })));

  app.post('/lag/:id', (c) =>
    withEntry(c, async (association, user) => {
      const body = await c.req.parseBody({ all: true });
      const values = readAssociationForm(body);
      const now = ctx.clock();
      // An imported entry nobody has claimed has no contact person, and a moderator need not invent one.
      const result = validateAssociationForm(values, {
        reference,
        currentYear: now.getUTCFullYear(),
        requireTerms: false,
        requireContact: association.contact_email !== null,
      });
      if (!result.ok) return renderEntry(c, association, 422, { values, errors: result.errors });
      // Moving an entry out of one's own municipalities would hand it to someone else unasked.
      if (!inScope(user, result.data.municipalityNumber)) {
        return renderEntry(c, association, 422, { values, errors: { municipality: 'municipalityOutOfScope' } });
      }
      const publish = single(body.publish) === '1';
      const decision = await editAssociation(db, {
        association,
        version: Number(single(body.version)),
        data: result.data,
        publish,
        userId: user.id,
        reference,
        now,
      });
      if (decision !== 'ok') return renderEntry(c, (await findAssociation(db, association.id)) ?? association, 409, { values, message: 'already-handled' });
      await handOverEditLinks(ctx, mailTranslator(association.language), {
        associationId: association.id,
        name: result.data.name,
        before: association.contact_email,
        after: result.data.contactEmail,
        now,
      });
      if (publish && association.status === 'pending') await mailApproved(association, result.data.name);
      return c.redirect(`/moderering/lag/${association.id}?melding=${publish ? 'savedAndApproved' : 'saved'}`, 303);
    }),
  );

  app.post('/lag/:id/arkiver', (c) =>
    withEntry(c, async (association, user) => {
      const body = await c.req.parseBody();
      const decision = await archiveAssociation(db, {
        associationId: association.id,
        version: Number(single(body.version)),
        userId: user.id,
        now: ctx.clock(),
      });
      if (decision === 'ok') sweepErasedMail();
      return c.redirect(`/moderering/lag/${association.id}?melding=${decision === 'ok' ? 'archived' : 'already-handled'}`, 303);
    }),
  );

  app.post('/lag/:id/sla-sammen', (c) =>
    withEntry(c, async (association, user) => {
      const body = await c.req.parseBody();
      const slug = cleanText(single(body.target) ?? '').slice(0, 200);
      const target = slug ? await findBySlug(db, slug) : undefined;
      if (!target || target.id === association.id || target.status !== 'published' || !inScope(user, target.municipality_number)) {
        return renderEntry(c, association, 422, { mergeError: c.get('tr').t.mod.mergeTargetUnknown, mergeTarget: slug });
      }
      const decision = await mergeAssociation(db, {
        duplicateId: association.id,
        version: Number(single(body.version)),
        targetId: target.id,
        userId: user.id,
        now: ctx.clock(),
      });
      if (decision === 'ok') sweepErasedMail();
      return c.redirect(`/moderering/lag/${association.id}?melding=${decision === 'ok' ? 'merged' : 'already-handled'}`, 303);
    }),
  );

  /** What an import changed (src/db/calendar-feeds.ts writes the row): counts, where from, and the titles it names. */
  type CalendarImportDetails = {
    by?: string;
    source?: string;
    url?: string;
    feed_removed?: boolean;
    created?: number;
    updated?: number;
    removed?: number;
    titles?: Partial<Record<'created' | 'updated' | 'removed', string[]>>;
  };
  const calendarImportDetails = (tr: Translator, d: CalendarImportDetails) => {
    const t = tr.t.mod;
    const titles = (['created', 'updated', 'removed'] as const).filter((kind) => (d.titles?.[kind]?.length ?? 0) > 0);
    return (
      <>
        <p>
          {t.historyCalendarImport({
            schedule: d.by === 'schedule',
            where: d.source === 'file' ? null : (d.url ?? null),
            created: tr.number(d.created ?? 0),
            updated: tr.number(d.updated ?? 0),
            removed: tr.number(d.removed ?? 0),
            feedRemoved: d.feed_removed === true,
          })}
        </p>
        {titles.length > 0 ? (
          <ul>
            {titles.map((kind) => (
              <li>
                {t.historyCalendarTitles[kind]}: {d.titles![kind]!.join(', ')}
              </li>
            ))}
          </ul>
        ) : null}
      </>
    );
  };

  app.get('/lag/:id/historikk', (c) =>
    withEntry(c, async (association) => {
      const tr = c.get('tr');
      const entries = await associationHistory(db, association.id);
      const describe = (entry: HistoryEntry) => {
        const details = JSON.parse(entry.details) as { before?: unknown; after?: unknown; reason?: string };
        if (details.reason) return <p>{details.reason}</p>;
        if (entry.action === 'calendar-import') return calendarImportDetails(tr, details as CalendarImportDetails);
        const isForm = (v: unknown): v is AssociationFormData => typeof v === 'object' && v !== null && 'categorySlugs' in v;
        if (isForm(details.before) && isForm(details.after)) {
          const changes = diffAssociation(details.before, details.after, reference, tr);
          return (
            <ul>
              {changes.map((ch) => (
                <li>
                  {ch.label}: <del>{ch.before || tr.t.mod.diffEmpty}</del> → <ins>{ch.after || tr.t.mod.diffEmpty}</ins>
                </li>
              ))}
            </ul>
          );
        }
        return null;
      };
      return c.html(
        <HistoryPage
          meta={pageMeta(c, ctx, tr.t.mod.historyTitle(association.name))}
          assets={assets}
          association={association}
          entries={entries}
          describe={describe}
        />,
      );
    }),
  );

  const OUTBOX_PAGE_SIZE = 50;

  /** Every email the site has sent or queued, newest first: how an admin reads mail without SMTP. */
  app.get('/utboks', requireUser(ctx, ['admin']), async (c) => {
    const tr = c.get('tr');
    const page = pageNumber(c.req.query('side'));
    const [messages, undeliverable] = await Promise.all([
      listOutbox(db, { limit: OUTBOX_PAGE_SIZE + 1, offset: (page - 1) * OUTBOX_PAGE_SIZE }),
      undeliverableMail(db, { limit: OUTBOX_PAGE_SIZE }),
    ]);
    return c.html(
      <OutboxPage
        meta={pageMeta(c, ctx, tr.t.mod.outboxTitle)}
        assets={assets}
        messages={messages.slice(0, OUTBOX_PAGE_SIZE)}
        page={page}
        hasNext={messages.length > OUTBOX_PAGE_SIZE}
        undeliverable={undeliverable}
      />,
    );
  });

  return app;
}
