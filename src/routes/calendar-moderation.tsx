import { Hono } from 'hono';
import type { Context } from 'hono';
import { NewActivitiesPage } from '../../views/calendar-moderation.js';
import type { AppContext, AppEnv } from '../app-env.js';
import { decideActivity, findModeratedActivity, newActivities } from '../db/activities.js';
import { inScope } from '../db/moderation.js';
import { single } from '../lib/form-guard.js';
import { cleanMultiline } from '../lib/association-form.js';
import { pageMeta } from './render.js';
import { renderOutOfScope } from './decision.js';

const MESSAGES = ['approved', 'hidden', 'already-handled', 'reason-required'] as const;
type Message = (typeof MESSAGES)[number];

/**
 * "Nye arrangementer" for moderators and admins: new and changed activities and events in
 * their municipalities, to approve (when EVENTS_REQUIRE_APPROVAL=1 makes them wait) or hide
 * with a reason. Mounted at /moderering/arrangementer, behind the moderator area's guard.
 */
export function calendarModerationRoutes(ctx: AppContext) {
  const { db, reference, assets } = ctx;
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const user = c.get('user')!;
    const tr = c.get('tr');
    const t = tr.t.calendar;
    const given = c.req.query('melding');
    const message = MESSAGES.find((m) => m === given);
    const text: Record<Message, { text: string; problem: boolean }> = {
      approved: { text: t.moderationApproved, problem: false },
      hidden: { text: t.moderationHidden, problem: false },
      'already-handled': { text: t.moderationAlreadyHandled, problem: true },
      'reason-required': { text: t.moderationReasonRequired, problem: true },
    };
    const items = await newActivities(db, user.municipalityNumbers === 'all' ? null : [...user.municipalityNumbers]);
    return c.html(
      <NewActivitiesPage
        meta={pageMeta(c, ctx, t.moderationTitle)}
        assets={assets}
        user={user}
        reference={reference}
        items={items}
        message={message ? text[message] : undefined}
      />,
    );
  });

  async function decide(c: Context<AppEnv>, decision: 'approve' | 'hide') {
    const user = c.get('user')!;
    const id = /^\d{1,9}$/.test(c.req.param('id') ?? '') ? Number(c.req.param('id')) : null;
    const activity = id === null ? undefined : await findModeratedActivity(db, id);
    if (!activity) return c.redirect('/moderering/arrangementer?melding=already-handled', 303);
    if (!inScope(user, activity.municipality_number)) return renderOutOfScope(c, ctx);
    const body = await c.req.parseBody({ all: true });
    const sequence = Number(single(body.sequence));
    const reason = cleanMultiline(single(body.reason) ?? '', 1000);
    if (decision === 'hide' && reason === '') return c.redirect('/moderering/arrangementer?melding=reason-required', 303);
    const result = await decideActivity(db, {
      id: activity.id,
      sequence: Number.isInteger(sequence) ? sequence : -1,
      decision,
      reason: decision === 'hide' ? reason : null,
      userId: user.id,
      now: ctx.clock(),
    });
    const message: Message = result === 'already-handled' ? 'already-handled' : decision === 'hide' ? 'hidden' : 'approved';
    return c.redirect(`/moderering/arrangementer?melding=${message}`, 303);
  }

  app.post('/:id/godkjenn', (c) => decide(c, 'approve'));
  app.post('/:id/skjul', (c) => decide(c, 'hide'));

  return app;
}
