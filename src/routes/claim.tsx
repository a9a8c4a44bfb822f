import { Hono } from 'hono';
import type { Context } from 'hono';
import { ClaimPage, type ClaimPageProps, ClaimThanksPage } from '../../views/claim.js';
import { QueueRow } from '../../views/moderation.js';
import { queueRowId } from '../../views/components/queue-row-id.js';
import type { AppContext, AppEnv } from '../app-env.js';
import { findPublishedBySlug } from '../db/associations.js';
import { isUnclaimed } from '../db/brreg.js';
import { approveClaim, createClaim, findClaim, rejectClaim } from '../db/claims.js';
import { type QueueItem, inScope } from '../db/moderation.js';
import { translatorFor } from '../i18n/index.js';
import { type ClaimFormErrors, type ClaimFormValues, emptyClaimForm, readClaimForm, validateClaimForm } from '../lib/claim-form.js';
import { single } from '../lib/form-guard.js';
import { type PublicFormState, publicFormProps, screenPublicForm } from '../lib/public-form.js';
import { cleanText } from '../lib/list-query.js';
import { pageMeta } from './render.js';
import { answerDecision, answerReasonRequired, renderOutOfScope } from './decision.js';
import { editLinkUrl } from './edit-link-mail.js';
import { renderNotFound } from './errors.js';

export const CLAIM_PURPOSE = 'claim';

/**
 * Claiming an entry imported from Enhetsregisteret: the public form at /lag/:slug/dette-er-oss
 * (the moderator's decision is claimDecisionRoutes below).
 */
export function claimRoutes(ctx: AppContext) {
  const { db, assets, config } = ctx;
  const app = new Hono<AppEnv>();

  function renderForm(
    c: Context<AppEnv>,
    association: { name: string; slug: string },
    status: 200 | 403 | 409 | 422 | 429,
    state: PublicFormState<ClaimFormValues, ClaimFormErrors> & { claimed?: boolean },
  ) {
    const tr = c.get('tr');
    const props: Omit<ClaimPageProps, 'meta' | 'assets'> = { ...publicFormProps(ctx, CLAIM_PURPOSE, association, state), claimed: state.claimed };
    // The form page is not for search engines: the entry's own page is.
    const meta = pageMeta(c, ctx, tr.t.claim.title(association.name), { canonicalPath: `/lag/${association.slug}/dette-er-oss`, current: 'associations' });
    return c.html(<ClaimPage meta={meta} assets={assets} {...props} />, status);
  }

  app.get('/lag/:slug/dette-er-oss', async (c) => {
    const association = await findPublishedBySlug(db, c.req.param('slug'));
    if (!association) return renderNotFound(c, ctx);
    const claimed = !(await isUnclaimed(db, association.id));
    return renderForm(c, association, 200, { values: emptyClaimForm(), claimed });
  });

  app.post('/lag/:slug/dette-er-oss', async (c) => {
    const association = await findPublishedBySlug(db, c.req.param('slug'));
    if (!association) return renderNotFound(c, ctx);
    const tr = c.get('tr');
    const now = ctx.clock();
    const body = await c.req.parseBody({ all: true });
    const values = readClaimForm(body);
    const result = await screenPublicForm(c, ctx, body, now, {
      purpose: CLAIM_PURPOSE,
      perHour: config.submissionsPerHour,
      // An entry someone has claimed already answers 409 with the page that says so.
      stillOpen: () => isUnclaimed(db, association.id),
      validate: () => validateClaimForm(values),
      // The claimant is mailed the moderator's decision.
      recipient: (data) => data.contactEmail,
    });
    if (!result.ok)
      return renderForm(c, association, result.status, { values, errors: result.errors, formMessage: result.formMessage, claimed: result.status === 409 });

    const id = await createClaim(db, { associationId: association.id, ...result.data, lang: tr.lang }, now);
    ctx.logger.info({ associationId: association.id, claimId: id }, 'claim received');
    return c.redirect(`/lag/${association.slug}/dette-er-oss/takk`, 303);
  });

  app.get('/lag/:slug/dette-er-oss/takk', async (c) => {
    const association = await findPublishedBySlug(db, c.req.param('slug'));
    if (!association) return renderNotFound(c, ctx);
    const tr = c.get('tr');
    return c.html(<ClaimThanksPage meta={pageMeta(c, ctx, tr.t.claim.thanksTitle)} assets={assets} association={association} />);
  });

  return app;
}

/** The moderator's decision on a claim, mounted at /moderering/krav inside the moderator area's guard. */
export function claimDecisionRoutes(ctx: AppContext) {
  const { db, config, reference } = ctx;
  const app = new Hono<AppEnv>();

  app.post('/:id/:decision{godkjenn|avvis}', async (c) => {
    const user = c.get('user')!;
    const idText = c.req.param('id');
    const claim = /^\d{1,10}$/.test(idText) ? await findClaim(db, Number(idText)) : undefined;
    if (!claim) return c.notFound();
    const tr = c.get('tr');
    if (!inScope(user, claim.municipality_number)) return renderOutOfScope(c, ctx);
    const item: QueueItem = {
      kind: 'claim',
      associationId: claim.association_id,
      revisionId: null,
      name: claim.name,
      slug: claim.slug,
      municipalityNumber: claim.municipality_number,
      since: claim.created_at,
      version: claim.version,
      proposed: null,
      claim: { id: claim.id, contactName: claim.contact_name, contactEmail: claim.contact_email, phone: claim.phone, message: claim.message, otherPending: 0 },
    };
    const row = queueRowId({ kind: 'claim', id: claim.id });
    const answer = (ok: boolean, done: 'approved' | 'rejected') =>
      answerDecision(c, { row, ok, doneText: tr.t.mod.decided[done], conflictText: tr.t.mod.alreadyHandled, back: '/moderering', done });
    const mailTr = (lang: string) => translatorFor(lang, config.defaultLanguage);
    const now = ctx.clock();

    if (c.req.param('decision') === 'godkjenn') {
      const result = await approveClaim(db, { claimId: claim.id, userId: user.id, now, editLinkDays: config.editLinkDays });
      if (result.decision !== 'ok') return answer(false, 'approved');
      const { t } = mailTr(result.claim.lang);
      await ctx.mailer.send({
        to: result.claim.contact_email,
        about: { associationId: result.claim.association_id, claimId: result.claim.id },
        secrets: [result.editToken],
        subject: t.claim.mailApprovedSubject(claim.name),
        text: t.claim.mailApprovedBody({
          name: claim.name,
          link: editLinkUrl(ctx, result.editToken),
          days: mailTr(result.claim.lang).number(config.editLinkDays),
        }),
      });
      for (const other of result.superseded) {
        const o = mailTr(other.lang).t;
        await ctx.mailer.send({
          to: other.contact_email,
          about: { associationId: other.association_id, claimId: other.id },
          subject: o.claim.mailRejectedSubject(claim.name),
          text: o.claim.mailRejectedBody({ name: claim.name, reason: o.claim.otherClaimApprovedReason }),
        });
      }
      return answer(true, 'approved');
    }

    const body = await c.req.parseBody();
    const reason = cleanText(single(body.reason) ?? '').slice(0, 2000);
    if (!reason) return answerReasonRequired(c, () => <QueueRow tr={tr} reference={reference} user={user} item={item} changes={null} reasonError />);
    const result = await rejectClaim(db, { claimId: claim.id, userId: user.id, reason, now });
    if (result.decision !== 'ok') return answer(false, 'rejected');
    const { t } = mailTr(result.claim.lang);
    await ctx.mailer.send({
      to: result.claim.contact_email,
      about: { associationId: result.claim.association_id, claimId: result.claim.id },
      subject: t.claim.mailRejectedSubject(claim.name),
      text: t.claim.mailRejectedBody({ name: claim.name, reason }),
    });
    return answer(true, 'rejected');
  });

  return app;
}
