import { Hono } from 'hono';
import type { Context } from 'hono';
import { queueRowId } from '../../views/components/queue-row-id.js';
import { ReportPage, VisitorThanksPage } from '../../views/visitor-forms.js';
import type { AppContext, AppEnv } from '../app-env.js';
import { findPublishedBySlug } from '../db/associations.js';
import { findVisibleActivity } from '../db/activities.js';
import { inScope } from '../db/moderation.js';
import { type ReportDecision, createReport, decideReport, findReport } from '../db/reports.js';
import { translatorFor } from '../i18n/index.js';
import { type HeldPostStatus, type PublicFormState, publicFormProps, screenPublicForm } from '../lib/public-form.js';
import { pageMeta } from './render.js';
import { answerDecision, renderOutOfScope } from './decision.js';
import { type ReportFormErrors, type ReportFormValues, readReportForm, validateReportForm } from '../lib/visitor-forms.js';
import { renderNotFound } from './errors.js';

export const REPORT_PURPOSE = 'report';

/**
 * "Meld feil": visitors report errors on a published entry from its own page (moderators of
 * the entry's municipality close it in reportDecisionRoutes below).
 */
export function reportRoutes(ctx: AppContext) {
  const { db, assets, config } = ctx;
  const app = new Hono<AppEnv>();

  function renderForm(
    c: Context<AppEnv>,
    association: { name: string; slug: string },
    status: 200 | HeldPostStatus,
    state: PublicFormState<ReportFormValues, ReportFormErrors>,
  ) {
    const tr = c.get('tr');
    // A form page with a fresh token: never to be cached and served to someone else.
    c.header('Cache-Control', 'no-store');
    return c.html(
      <ReportPage
        meta={pageMeta(c, ctx, tr.t.visitor.reportTitle(association.name), { current: 'associations' })}
        assets={assets}
        {...publicFormProps(ctx, REPORT_PURPOSE, association, state)}
      />,
      status,
    );
  }

  app.get('/lag/:slug/meld-feil', async (c) => {
    const association = await findPublishedBySlug(db, c.req.param('slug'));
    if (!association) return renderNotFound(c, ctx);
    // From an activity's page (?aktivitet=id): the message starts by naming it, so the moderator knows which.
    const activityId = c.req.query('aktivitet');
    const activity = activityId && /^\d{1,9}$/.test(activityId) ? await findVisibleActivity(db, Number(activityId)) : undefined;
    const message =
      activity && activity.association_id === association.id
        ? c.get('tr').t.calendar.reportPrefill(activity.title, `${ctx.config.baseUrl}/hva-skjer/${activity.id}`)
        : '';
    return renderForm(c, association, 200, { values: { kind: '', message, email: '' } });
  });

  app.post('/lag/:slug/meld-feil', async (c) => {
    const association = await findPublishedBySlug(db, c.req.param('slug'));
    if (!association) return renderNotFound(c, ctx);
    const tr = c.get('tr');
    const now = ctx.clock();
    const body = await c.req.parseBody({ all: true });
    const values = readReportForm(body);
    const result = await screenPublicForm(c, ctx, body, now, {
      purpose: REPORT_PURPOSE,
      perHour: config.reportsPerHour,
      validate: () => validateReportForm(values),
      // The reporter, if they gave an address, is mailed when a moderator handles the report.
      recipient: (data) => data.email,
    });
    if (!result.ok) return renderForm(c, association, result.status, { values, errors: result.errors, formMessage: result.formMessage });

    const id = await createReport(db, { associationId: association.id, data: result.data, lang: tr.lang, now });
    ctx.logger.info({ reportId: id, associationId: association.id }, 'error report received');
    return c.redirect(`/lag/${association.slug}/meld-feil/takk`, 303);
  });

  app.get('/lag/:slug/meld-feil/takk', async (c) => {
    const association = await findPublishedBySlug(db, c.req.param('slug'));
    if (!association) return renderNotFound(c, ctx);
    const { t } = c.get('tr');
    return c.html(
      <VisitorThanksPage meta={pageMeta(c, ctx, t.visitor.reportThanksTitle)} assets={assets} association={association} text={t.visitor.reportThanksText} />,
    );
  });

  return app;
}

/** A moderator closes a report as handled or dismissed; mounted at /moderering/feilmelding inside the moderator area's guard. */
export function reportDecisionRoutes(ctx: AppContext) {
  const { db, config } = ctx;
  const app = new Hono<AppEnv>();

  app.post('/:id/:decision{behandlet|avvis}', async (c) => {
    const user = c.get('user')!;
    const idText = c.req.param('id');
    const report = /^\d{1,10}$/.test(idText) ? await findReport(db, Number(idText)) : undefined;
    if (!report) return c.notFound();
    const tr = c.get('tr');
    if (!inScope(user, report.municipality_number)) return renderOutOfScope(c, ctx);
    const decision: ReportDecision = c.req.param('decision') === 'behandlet' ? 'handled' : 'dismissed';
    const result = await decideReport(db, { reportId: report.id, decision, userId: user.id, now: ctx.clock() });
    if (result.decision === 'ok' && decision === 'handled' && result.reporterEmail) {
      // The reporter hears back in the language they wrote in.
      const v = translatorFor(result.lang, ctx.config.defaultLanguage).t.visitor;
      await ctx.mailer.send({
        to: result.reporterEmail,
        about: { associationId: report.association_id, reportId: report.id },
        subject: v.mailReportHandledSubject(report.name),
        text: v.mailReportHandledBody({ name: report.name, url: `${config.baseUrl}/lag/${report.slug}` }),
      });
    }
    return answerDecision(c, {
      row: queueRowId({ kind: 'report', id: report.id }),
      ok: result.decision === 'ok',
      doneText: tr.t.visitor.decided[decision],
      conflictText: tr.t.mod.alreadyHandled,
      back: '/moderering',
      done: `report-${decision}`,
    });
  });

  return app;
}
