import { Hono } from 'hono';
import type { Context } from 'hono';
import { EntryPage, HistoryPage, OutboxPage, QueuePage, QueueRow } from '../../views/moderation.js';
import { queueRowId } from '../../views/components/queue-row-id.js';
import { listOutbox } from '../mail/mailer.js';
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
} from '../db/moderation.js';
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
import { translator } from '../i18n/index.js';
import { single } from '../lib/form-guard.js';

/** Queue items a page: each carries its own forms, so a long page is hard going on a phone. */
const QUEUE_PAGE_SIZE = 25;
const MESSAGES = ['approved', 'rejected', 'archived', 'merged', 'saved', 'savedAndApproved', 'already-handled', 'reason-required', 'report-handled', 'report-dismissed'] as const;
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
  function answer(c: Context<AppEnv>, row: string, decision: Decision, done: Exclude<Message, 'already-handled' | 'reason-required' | 'report-handled' | 'report-dismissed'>) {
    const { t } = c.get('tr');
    return answerDecision(c, { row, ok: decision === 'ok', doneText: t.mod.decided[done], conflictText: t.mod.alreadyHandled, back: '/moderering', done });
  }

  function parseId(value: string | undefined): number | null {
    return value && /^\d{1,10}$/.test(value) ? Number(value) : null;
  }

  async function changesFor(item: QueueItem, tr = translator('nb')) {
    if (item.kind !== 'revision' || !item.proposed) return null;
    const association = await findAssociation(db, item.associationId);
    if (!association) return null;
    return diffAssociation(await associationFormData(db, association, reference), item.proposed, reference, tr);
  }

  app.get('/', async (c) => {
    const user = userOf(c);
    const tr = c.get('tr');
    const params = new URL(c.req.url).searchParams;
    const kinds = params.getAll('type').filter((k): k is QueueKind => (QUEUE_KINDS as readonly string[]).includes(k));
    const municipalities = params.getAll('kommune').filter((n) => /^\d{4}$/.test(n) && inScope(user, n));
    const pageText = params.get('side') ?? '1';
    const page = /^\d{1,5}$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : 1;
    const { items, total, counts } = await moderationQueue(db, user, {
      kinds,
      municipalities,
      now: ctx.clock(),
      limit: QUEUE_PAGE_SIZE,
      offset: (page - 1) * QUEUE_PAGE_SIZE,
    });
    const withChanges = await Promise.all(items.map(async (item) => ({ item, changes: await changesFor(item, tr) })));
    const options = (user.municipalityNumbers === 'all' ? reference.municipalities.map((m) => m.number) : [...user.municipalityNumbers])
      .map((number) => ({ number, name: reference.municipalityByNumber.get(number)?.display_name ?? number }))
      .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
    const requested = params.get('melding');
    const message = requested && (MESSAGES as readonly string[]).includes(requested) ? (requested as Message) : undefined;
    return c.html(
      <QueuePage
        meta={pageMeta(c, ctx, tr.t.mod.queueTitle)}
        assets={assets}
        user={user}
        reference={reference}
        items={withChanges}
        counts={counts}
        filter={{ kinds, municipalities }}
        paging={{ page, pageCount: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)) }}
        municipalityOptions={options}
        message={messageText(c, message)}
      />,
    );
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

  async function sendMail(to: string | null, subject: string, text: string) {
    if (to) await ctx.mailer.send({ to, subject, text });
  }

  app.post('/innsending/:id/:decision{godkjenn|avvis}', async (c) => {
    const user = userOf(c);
    const id = parseId(c.req.param('id'));
    const association = id === null ? undefined : await findAssociation(db, id);
    if (!association) return c.notFound();
    if (!inScope(user, association.municipality_number)) return renderOutOfScope(c, ctx);
    const body = await c.req.parseBody();
    const version = Number(single(body.version));
    const rowId = queueRowId({ kind: 'submission', associationId: association.id });
    const t = translator('nb').t;
    if (c.req.param('decision') === 'godkjenn') {
      const decision = await approveSubmission(db, { associationId: association.id, version, userId: user.id, now: ctx.clock() });
      if (decision === 'ok') {
        await sendMail(association.contact_email, t.mod.mailApprovedSubject(association.name), t.mod.mailApprovedBody({ name: association.name, url: `${ctx.config.baseUrl}/lag/${association.slug}` }));
      }
      return answer(c, rowId, decision, 'approved');
    }
    const reason = await reasonOrRow(c, submissionItem(association));
    if (reason instanceof Response) return reason;
    const decision = await rejectSubmission(db, { associationId: association.id, version, userId: user.id, reason: reason.reason, now: ctx.clock() });
    if (decision === 'ok') {
      await sendMail(association.contact_email, t.mod.mailRejectedSubject(association.name), t.mod.mailRejectedBody({ name: association.name, reason: reason.reason }));
    }
    return answer(c, rowId, decision, 'rejected');
  });

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
      const decision = await approveRevision(db, { revisionId: revision.id, userId: user.id, reference, now: ctx.clock() });
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
    const reason = await reasonOrRow(c, item);
    if (reason instanceof Response) return reason;
    const decision = await rejectRevision(db, { revisionId: revision.id, userId: user.id, reason: reason.reason, now: ctx.clock() });
    if (decision === 'ok') {
      const t = translator('nb').t;
      await sendMail(revision.contact_email, t.mod.mailRevisionRejectedSubject(revision.name), t.mod.mailRevisionRejectedBody({ name: revision.name, reason: reason.reason }));
    }
    return answer(c, rowId, decision, 'rejected');
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

  app.get('/lag/:id', (c) =>
    withEntry(c, (association) => {
      const requested = c.req.query('melding');
      const message = requested && (MESSAGES as readonly string[]).includes(requested) ? (requested as Message) : undefined;
      return renderEntry(c, association, 200, { message });
    }),
  );

  app.post('/lag/:id', (c) =>
    withEntry(c, async (association, user) => {
      const body = await c.req.parseBody({ all: true });
      const values = readAssociationForm(body);
      const now = ctx.clock();
      // An imported entry nobody has claimed has no contact person, and a moderator need not invent one.
      const result = validateAssociationForm(values, { reference, currentYear: now.getUTCFullYear(), requireTerms: false, requireContact: association.contact_email !== null });
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
      if (publish && association.status === 'pending') {
        const t = translator('nb').t;
        await sendMail(association.contact_email, t.mod.mailApprovedSubject(result.data.name), t.mod.mailApprovedBody({ name: result.data.name, url: `${ctx.config.baseUrl}/lag/${association.slug}` }));
      }
      return c.redirect(`/moderering/lag/${association.id}?melding=${publish ? 'savedAndApproved' : 'saved'}`, 303);
    }),
  );

  app.post('/lag/:id/arkiver', (c) =>
    withEntry(c, async (association, user) => {
      const body = await c.req.parseBody();
      const decision = await archiveAssociation(db, { associationId: association.id, version: Number(single(body.version)), userId: user.id, now: ctx.clock() });
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
      const decision = await mergeAssociation(db, { duplicateId: association.id, version: Number(single(body.version)), targetId: target.id, userId: user.id, now: ctx.clock() });
      return c.redirect(`/moderering/lag/${association.id}?melding=${decision === 'ok' ? 'merged' : 'already-handled'}`, 303);
    }),
  );

  app.get('/lag/:id/historikk', (c) =>
    withEntry(c, async (association) => {
      const tr = c.get('tr');
      const entries = await associationHistory(db, association.id);
      const describe = (entry: HistoryEntry) => {
        const details = JSON.parse(entry.details) as { before?: unknown; after?: unknown; reason?: string };
        if (details.reason) return <p>{details.reason}</p>;
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
        <HistoryPage meta={pageMeta(c, ctx, tr.t.mod.historyTitle(association.name))} assets={assets} association={association} entries={entries} describe={describe} />,
      );
    }),
  );

  const OUTBOX_PAGE_SIZE = 50;

  /** Every email the site has sent or queued, newest first: how an admin reads mail without SMTP. */
  app.get('/utboks', requireUser(ctx, ['admin']), async (c) => {
    const tr = c.get('tr');
    const pageText = c.req.query('side') ?? '1';
    const page = /^\d{1,5}$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : 1;
    const messages = await listOutbox(db, { limit: OUTBOX_PAGE_SIZE + 1, offset: (page - 1) * OUTBOX_PAGE_SIZE });
    return c.html(
      <OutboxPage
        meta={pageMeta(c, ctx, tr.t.mod.outboxTitle)}
        assets={assets}
        messages={messages.slice(0, OUTBOX_PAGE_SIZE)}
        page={page}
        hasNext={messages.length > OUTBOX_PAGE_SIZE}
      />,
    );
  });

  return app;
}
