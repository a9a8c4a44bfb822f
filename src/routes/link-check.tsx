import { Hono } from 'hono';
import type { Context } from 'hono';
import { queueRowId } from '../../views/components/queue-row-id.js';
import { LinkCheckPage } from '../../views/link-check.js';
import type { AppContext, AppEnv, SignedInUser } from '../app-env.js';
import { findLinkCheck, ignoreLinkFlag, linkCheckOverview } from '../db/link-checks.js';
import { inScope } from '../db/moderation.js';
import { runLinkCheck } from '../link-check.js';
import { jobIsRunning } from '../db/scheduled-jobs.js';
import { runScheduledJob } from '../lib/scheduled-job.js';
import { pageMeta } from './render.js';
import { answerDecision, renderOutOfScope } from './decision.js';

const MESSAGES = ['started', 'running', 'ignored', 'already-handled'] as const;
type Message = (typeof MESSAGES)[number];

/**
 * The link checker in the moderator area: a page with a "check now" button and the action
 * that sets a flagged link aside. Any moderator may start a check, limited to the
 * municipalities they moderate (admins: all), since those are the entries they answer for;
 * one check runs at a time across every node (and `npm run check-links`: the same scheduled
 * job), so repeated clicks cannot multiply the load on other sites.
 */
export function linkCheckRoutes(ctx: AppContext) {
  const { db, assets } = ctx;
  const app = new Hono<AppEnv>();

  const userOf = (c: Context<AppEnv>): SignedInUser => c.get('user')!;
  const scopeOf = (user: SignedInUser) => (user.municipalityNumbers === 'all' ? null : [...user.municipalityNumbers]);

  app.get('/lenkesjekk', async (c) => {
    const user = userOf(c);
    const tr = c.get('tr');
    const l = tr.t.linkCheck;
    const requested = c.req.query('melding');
    const message = (MESSAGES as readonly string[]).includes(requested ?? '') ? (requested as Message) : undefined;
    const texts: Record<Message, { text: string; problem: boolean }> = {
      started: { text: l.started, problem: false },
      running: { text: l.alreadyRunning, problem: true },
      ignored: { text: l.ignored, problem: false },
      'already-handled': { text: l.alreadyHandled, problem: true },
    };
    return c.html(
      <LinkCheckPage
        meta={pageMeta(c, ctx, l.pageTitle)}
        assets={assets}
        user={user}
        overview={await linkCheckOverview(db, scopeOf(user))}
        running={await jobIsRunning(db, 'check-links', ctx.clock())}
        message={message ? texts[message] : undefined}
      />,
    );
  });

  app.post('/lenkesjekk', async (c) => {
    const user = userOf(c);
    // The job is claimed before the answer, so the answer can say whether it started.
    const started = await new Promise<boolean>((resolve) => {
      ctx.background.run('link-check', async () => {
        try {
          const run = await runScheduledJob(
            db,
            'check-links',
            () => {
              resolve(true);
              return runLinkCheck({ db, config: ctx.config, clock: ctx.clock, municipalities: scopeOf(user), offLoop: ctx.offLoop });
            },
            { clock: ctx.clock },
          );
          if (run.ran) ctx.logger.info({ ...run.result, userId: user.id }, 'link check finished');
        } finally {
          resolve(false);
        }
      });
    });
    return c.redirect(`/moderering/lenkesjekk?melding=${started ? 'started' : 'running'}`, 303);
  });

  app.post('/lenke/:id/ignorer', async (c) => {
    const user = userOf(c);
    const tr = c.get('tr');
    const idText = c.req.param('id');
    const check = /^\d{1,10}$/.test(idText) ? await findLinkCheck(db, Number(idText)) : undefined;
    if (!check) return c.notFound();
    const row = queueRowId({ kind: 'link', id: check.id });
    if (!inScope(user, check.municipality_number)) return renderOutOfScope(c, ctx, row);
    const decision = await ignoreLinkFlag(db, { id: check.id, userId: user.id, now: ctx.clock() });
    return answerDecision(c, {
      row,
      ok: decision === 'ok',
      doneText: tr.t.linkCheck.ignored,
      conflictText: tr.t.linkCheck.alreadyHandled,
      back: '/moderering/lenkesjekk',
      done: 'ignored',
    });
  });

  return app;
}
