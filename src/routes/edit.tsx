import { Hono } from 'hono';
import type { Context } from 'hono';
import { z } from 'zod';
import { EditPage, EditRequestPage } from '../../views/edit.js';
import type { AppContext, AppEnv } from '../app-env.js';
import { findPublishedBySlug } from '../db/associations.js';
import {
  associationFormData,
  associationsByContactEmail,
  confirmAssociation,
  contactEmailChanged,
  createEditToken,
  pendingRevisions,
  requestRemoval,
  saveAssociationChange,
} from '../db/submissions.js';
import type { Association } from '../db/types.js';
import {
  type AssociationFormData,
  type AssociationFormErrors,
  type AssociationFormValues,
  formValuesFrom,
  readAssociationForm,
  validateAssociationForm,
} from '../lib/association-form.js';
import { issueFormToken, refuseLinkPost, refusePublicForm, single } from '../lib/form-guard.js';
import { refuseOverSendingLimits } from '../lib/public-form.js';
import { pageMeta } from './render.js';
import { withEditLink } from './edit-link.js';
import { handOverEditLinks, sendEditLinkMail } from './edit-link-mail.js';
import { activitySection } from './calendar-edit.js';

const EDIT_LINK_PURPOSE = 'edit-link';
/** Forms behind a private link need no fill-time check, only proof they came from our page. */
const EDIT_PURPOSE = 'edit';
const emailSchema = z.email().max(254);

type Done = 'saved' | 'saved-for-review' | 'confirmed' | 'removal';
const DONE_VALUES: readonly string[] = ['saved', 'saved-for-review', 'confirmed', 'removal'];

/** The private edit link: re-request it, change the entry, confirm it, or ask for removal. */
export function editRoutes(ctx: AppContext) {
  const { db, reference, assets, config } = ctx;
  const app = new Hono<AppEnv>();

  function renderRequest(
    c: Context<AppEnv>,
    status: 200 | 403 | 422 | 429,
    state: { email: string; slug: string; error?: string; formMessage?: string; sent?: boolean },
    associationName?: string,
  ) {
    const tr = c.get('tr');
    return c.html(
      <EditRequestPage
        meta={pageMeta(c, ctx, tr.t.editRequestTitle)}
        assets={assets}
        email={state.email}
        slug={state.slug}
        associationName={associationName}
        formToken={issueFormToken(ctx.secret, EDIT_LINK_PURPOSE, ctx.clock())}
        error={state.error}
        formMessage={state.formMessage}
        sent={state.sent ?? false}
        days={config.editLinkDays}
      />,
      status,
    );
  }

  async function publishedName(slug: string): Promise<string | undefined> {
    if (!slug) return undefined;
    return (await findPublishedBySlug(db, slug))?.name;
  }

  app.get('/endre', async (c) => {
    const slug = (c.req.query('lag') ?? '').slice(0, 200);
    return renderRequest(c, 200, { email: '', slug, sent: c.req.query('sendt') === '1' }, await publishedName(slug));
  });

  app.post('/endre', async (c) => {
    const { t } = c.get('tr');
    const now = ctx.clock();
    const body = await c.req.parseBody({ all: true });
    const email = (single(body.email) ?? '').trim().slice(0, 300);
    const slug = (single(body.lag) ?? '').slice(0, 200);
    const name = await publishedName(slug);
    const refused = await refusePublicForm(c, ctx, body, EDIT_LINK_PURPOSE, now);
    if (refused) return renderRequest(c, refused.status, { email, slug, formMessage: refused.message }, name);
    if (!emailSchema.safeParse(email).success) return renderRequest(c, 422, { email, slug, error: t.editRequestEmailInvalid }, name);

    // The recipient is counted for every address asked for, known or not, so the answer tells
    // nothing; it keeps anyone from filling a contact's inbox with links (each replaces the last).
    const limited = await refuseOverSendingLimits(c, ctx, { purpose: EDIT_LINK_PURPOSE, perHour: config.submissionsPerHour, recipient: email, now });
    if (limited) return renderRequest(c, limited.status, { email, slug, formMessage: limited.message }, name);

    // The answer is the same, and as quick, whether or not the address is known: the links
    // are made and mailed after it is sent, so neither the page nor its timing tells.
    const tr = c.get('tr');
    ctx.background.run('edit-link mail', async () => {
      for (const association of await associationsByContactEmail(db, email)) {
        const editToken = await createEditToken(db, association.id, now, config.editLinkDays);
        await sendEditLinkMail(ctx, tr, 'edit-link', {
          to: association.contact_email ?? email,
          name: association.name,
          token: editToken,
          associationId: association.id,
        });
      }
    });
    return c.redirect('/endre?sendt=1', 303);
  });

  const withToken = (c: Context<AppEnv>, then: (association: Association, token: string) => Promise<Response>) => withEditLink(ctx, c, then);

  async function renderEdit(
    c: Context<AppEnv>,
    association: Association,
    token: string,
    status: 200 | 403 | 422,
    state: { values?: AssociationFormValues; errors?: AssociationFormErrors; formMessage?: string; done?: Done },
  ) {
    const tr = c.get('tr');
    const revisions = await pendingRevisions(db, association.id);
    const pendingUpdate = revisions.find((r) => r.kind === 'update');
    let values = state.values;
    if (!values) {
      const data = pendingUpdate?.data ? (JSON.parse(pendingUpdate.data) as AssociationFormData) : await associationFormData(db, association, reference);
      values = formValuesFrom(data);
    }
    const doneText: Record<Done, string> = {
      saved: tr.t.editSaved,
      'saved-for-review': tr.t.editSavedForReview,
      confirmed: tr.t.confirmed,
      removal: tr.t.removalRequested,
    };
    const actionToken = issueFormToken(ctx.secret, EDIT_PURPOSE, ctx.clock());
    return c.html(
      <EditPage
        meta={pageMeta(c, ctx, tr.t.editTitle(association.name))}
        assets={assets}
        associationName={association.name}
        published={association.status === 'published'}
        done={state.done ? doneText[state.done] : undefined}
        pendingRevision={pendingUpdate !== undefined}
        pendingRemoval={revisions.some((r) => r.kind === 'removal')}
        actionBase={`/endre/${token}`}
        actionToken={actionToken}
        activities={await activitySection(ctx, c, association, token)}
        form={{
          reference,
          values,
          errors: state.errors ?? {},
          action: `/endre/${token}`,
          submitLabel: tr.t.editSubmit,
          formToken: actionToken,
          requireTerms: false,
          formMessage: state.formMessage,
        }}
      />,
      status,
    );
  }

  /** Checks that a post behind the link came from our own page. */
  app.get('/endre/:token', (c) =>
    withToken(c, (association, token) => {
      const done = c.req.query('ferdig');
      return renderEdit(c, association, token, 200, { done: done && DONE_VALUES.includes(done) ? (done as Done) : undefined });
    }),
  );

  app.post('/endre/:token', (c) =>
    withToken(c, async (association, token) => {
      const now = ctx.clock();
      const body = await c.req.parseBody({ all: true });
      const values = readAssociationForm(body);
      const refused = refuseLinkPost(c, ctx, body, EDIT_PURPOSE);
      if (refused) return renderEdit(c, association, token, refused.status, { values, formMessage: refused.message });
      const result = validateAssociationForm(values, { reference, currentYear: now.getUTCFullYear(), requireTerms: false });
      if (!result.ok) return renderEdit(c, association, token, 422, { values, errors: result.errors });
      const saved = await saveAssociationChange(db, association.id, result.data, reference, now);
      if (saved === 'proposed') return c.redirect(`/endre/${token}?ferdig=saved-for-review`, 303);
      if (saved === 'changed' && contactEmailChanged(association.contact_email, result.data.contactEmail)) {
        // This link was revoked with the change: the new contact person gets their own.
        await handOverEditLinks(ctx, c.get('tr'), {
          associationId: association.id,
          name: result.data.name,
          before: association.contact_email,
          after: result.data.contactEmail,
          now,
        });
        return c.redirect('/endre?sendt=1', 303);
      }
      return c.redirect(`/endre/${token}?ferdig=saved`, 303);
    }),
  );

  /** A one-button action behind the link: checked like every post, then done and confirmed. */
  const linkAction = (path: string, act: (association: Association, now: Date) => Promise<void>, done: Done) =>
    app.post(path, (c) =>
      withToken(c, async (association, token) => {
        const refused = refuseLinkPost(c, ctx, await c.req.parseBody({ all: true }), EDIT_PURPOSE);
        if (refused) return renderEdit(c, association, token, refused.status, { formMessage: refused.message });
        await act(association, ctx.clock());
        return c.redirect(`/endre/${token}?ferdig=${done}`, 303);
      }),
    );
  linkAction('/endre/:token/bekreft', (association, now) => confirmAssociation(db, association.id, now), 'confirmed');
  linkAction('/endre/:token/slett', (association, now) => requestRemoval(db, association.id, now), 'removal');

  return app;
}
