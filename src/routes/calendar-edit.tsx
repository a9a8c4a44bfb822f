import { Hono } from 'hono';
import type { Context } from 'hono';
import { ActivityFormPage, ActivitySection } from '../../views/calendar-form.js';
import type { AppContext, AppEnv } from '../app-env.js';
import { MAX_ACTIVITIES_PER_ASSOCIATION, createActivity, deleteActivity, findForAssociation, listForAssociation, updateActivity } from '../db/activities.js';
import type { Activity, Association } from '../db/types.js';
import {
  type ActivityFormErrors,
  type ActivityFormValues,
  activityFormValues,
  emptyActivityForm,
  readActivityForm,
  validateActivityForm,
} from '../lib/activity-form.js';
import { issueFormToken, refuseLinkPost } from '../lib/form-guard.js';
import { localDate } from '../lib/recurrence.js';
import { pageMeta } from './render.js';
import { withEditLink } from './edit-link.js';

/** Forms behind the private link need no fill-time check, only proof that they came from our page. */
const ACTIVITY_PURPOSE = 'edit-activity';

const MESSAGES = ['saved', 'saved-for-review', 'deleted', 'limit', 'not-found'] as const;
type SectionMessage = (typeof MESSAGES)[number];

/**
 * The "Aktiviteter og arrangementer" section of the edit page (/endre/:token), for the edit
 * route to place on its page. `message` is the ?aktivitet= a redirect below came back with.
 */
export async function activitySection(ctx: AppContext, c: Context<AppEnv>, association: Association, token: string) {
  const tr = c.get('tr');
  const t = tr.t.calendar;
  const given = c.req.query('aktivitet');
  const message = MESSAGES.find((m) => m === given);
  const text: Record<SectionMessage, string> = {
    saved: t.saved,
    'saved-for-review': t.savedForReview,
    deleted: t.deleted,
    limit: t.limitReached(tr.number(MAX_ACTIVITIES_PER_ASSOCIATION)),
    'not-found': t.notFound,
  };
  return (
    <ActivitySection
      tr={tr}
      activities={await listForAssociation(ctx.db, association.id)}
      actionBase={`/endre/${token}`}
      actionToken={issueFormToken(ctx.secret, ACTIVITY_PURPOSE, ctx.clock())}
      published={association.status === 'published'}
      message={message ? text[message] : undefined}
    />
  );
}

/** Adding, changing and deleting activities and events through the association's private edit link. */
export function calendarEditRoutes(ctx: AppContext) {
  const { db, reference, assets, config } = ctx;
  const app = new Hono<AppEnv>();

  const withToken = (c: Context<AppEnv>, then: (association: Association, token: string) => Promise<Response>) => withEditLink(ctx, c, then);

  const back = (token: string, message: SectionMessage) => `/endre/${token}?aktivitet=${message}#aktiviteter`;

  function renderForm(
    c: Context<AppEnv>,
    association: Association,
    token: string,
    status: 200 | 403 | 422,
    state: { activity?: Activity; values: ActivityFormValues; errors?: ActivityFormErrors; formMessage?: string },
  ) {
    const tr = c.get('tr');
    const t = tr.t.calendar;
    const heading = state.activity ? t.editTitle(state.activity.title) : state.values.kind === 'event' ? t.newEventTitle : t.newActivityTitle;
    return c.html(
      <ActivityFormPage
        meta={pageMeta(c, ctx, heading)}
        assets={assets}
        heading={heading}
        reference={reference}
        municipalityNumber={association.municipality_number}
        values={state.values}
        errors={state.errors ?? {}}
        action={state.activity ? `/endre/${token}/aktiviteter/${state.activity.id}` : `/endre/${token}/aktiviteter`}
        backHref={`/endre/${token}#aktiviteter`}
        formToken={issueFormToken(ctx.secret, ACTIVITY_PURPOSE, ctx.clock())}
        formMessage={state.formMessage}
      />,
      status,
    );
  }

  const parseId = (value: string | undefined) => (value && /^\d{1,9}$/.test(value) ? Number(value) : null);

  async function save(c: Context<AppEnv>, association: Association, token: string, activity: Activity | undefined) {
    const body = await c.req.parseBody({ all: true });
    const values = readActivityForm(body);
    const refused = refuseLinkPost(c, ctx, body, ACTIVITY_PURPOSE);
    if (refused) return renderForm(c, association, token, refused.status, { activity, values, formMessage: refused.message });
    const now = ctx.clock();
    const result = validateActivityForm(values, { reference, municipalityNumber: association.municipality_number, today: localDate(now) });
    if (!result.ok) return renderForm(c, association, token, 422, { activity, values, errors: result.errors });
    const waits = config.eventsRequireApproval;
    if (activity) {
      const updated = await updateActivity(db, association.id, activity.id, result.data, { requireApproval: waits, now });
      return c.redirect(back(token, !updated ? 'not-found' : waits ? 'saved-for-review' : 'saved'), 303);
    }
    const created = await createActivity(db, association.id, result.data, { status: waits ? 'pending' : 'visible', now });
    return c.redirect(back(token, created === 'limit' ? 'limit' : waits ? 'saved-for-review' : 'saved'), 303);
  }

  app.get('/endre/:token/aktiviteter/ny', (c) =>
    withToken(c, async (association, token) =>
      renderForm(c, association, token, 200, { values: emptyActivityForm(c.req.query('type') === 'arrangement' ? 'event' : 'activity') }),
    ),
  );

  app.post('/endre/:token/aktiviteter', (c) => withToken(c, (association, token) => save(c, association, token, undefined)));

  app.get('/endre/:token/aktiviteter/:id', (c) =>
    withToken(c, async (association, token) => {
      const id = parseId(c.req.param('id'));
      const activity = id === null ? undefined : await findForAssociation(db, association.id, id);
      if (!activity) return c.redirect(back(token, 'not-found'), 303);
      return renderForm(c, association, token, 200, { activity, values: activityFormValues(activity, reference) });
    }),
  );

  app.post('/endre/:token/aktiviteter/:id', (c) =>
    withToken(c, async (association, token) => {
      const id = parseId(c.req.param('id'));
      const activity = id === null ? undefined : await findForAssociation(db, association.id, id);
      if (!activity) return c.redirect(back(token, 'not-found'), 303);
      return save(c, association, token, activity);
    }),
  );

  app.post('/endre/:token/aktiviteter/:id/slett', (c) =>
    withToken(c, async (association, token) => {
      const body = await c.req.parseBody({ all: true });
      const refused = refuseLinkPost(c, ctx, body, ACTIVITY_PURPOSE);
      if (refused) return c.text(refused.message, refused.status);
      const id = parseId(c.req.param('id'));
      const deleted = id !== null && (await deleteActivity(db, association.id, id));
      return c.redirect(back(token, deleted ? 'deleted' : 'not-found'), 303);
    }),
  );

  return app;
}
