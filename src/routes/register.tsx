import { Hono } from 'hono';
import type { Context } from 'hono';
import { RegisterPage, ThanksPage } from '../../views/register.js';
import type { AppContext, AppEnv } from '../app-env.js';
import { type PossibleDuplicate, createEditToken, findPossibleDuplicates, registerAssociation } from '../db/submissions.js';
import {
  type AssociationFormErrors,
  type AssociationFormValues,
  emptyAssociationForm,
  readAssociationForm,
  validateAssociationForm,
} from '../lib/association-form.js';
import { issueFormToken, refusePublicForm, single } from '../lib/form-guard.js';
import { refuseOverSendingLimits } from '../lib/public-form.js';
import { pageMeta } from './render.js';
import { sendEditLinkMail } from './edit-link-mail.js';
import { notifyNewRegistration } from '../digest.js';

export const REGISTER_PURPOSE = 'register';

/** Registration: a public form, stored as pending, confirmed by email with a private edit link. */
export function registerRoutes(ctx: AppContext) {
  const { db, reference, assets, config } = ctx;
  const app = new Hono<AppEnv>();

  function renderForm(
    c: Context<AppEnv>,
    status: 200 | 403 | 422 | 429,
    state: { values: AssociationFormValues; errors?: AssociationFormErrors; formMessage?: string; duplicates?: PossibleDuplicate[] },
  ) {
    const tr = c.get('tr');
    return c.html(
      <RegisterPage
        meta={pageMeta(c, ctx, tr.t.registerTitle, { canonicalPath: '/registrer', current: 'register' })}
        assets={assets}
        form={{
          reference,
          values: state.values,
          errors: state.errors ?? {},
          action: '/registrer',
          submitLabel: tr.t.submitRegistration,
          formToken: issueFormToken(ctx.secret, REGISTER_PURPOSE, ctx.clock()),
          requireTerms: true,
          formMessage: state.formMessage,
          duplicates: state.duplicates,
        }}
      />,
      status,
    );
  }

  app.get('/registrer', (c) => renderForm(c, 200, { values: emptyAssociationForm() }));

  app.post('/registrer', async (c) => {
    const now = ctx.clock();
    const body = await c.req.parseBody({ all: true });
    const values = readAssociationForm(body);
    const refused = await refusePublicForm(c, ctx, body, REGISTER_PURPOSE, now);
    if (refused) return renderForm(c, refused.status, { values, formMessage: refused.message });

    const result = validateAssociationForm(values, { reference, currentYear: now.getUTCFullYear(), requireTerms: true });
    if (!result.ok) return renderForm(c, 422, { values, errors: result.errors });

    if (single(body.not_duplicate) !== '1') {
      const duplicates = await findPossibleDuplicates(db, {
        municipalityNumber: result.data.municipalityNumber,
        name: result.data.name,
        orgNumber: result.data.orgNumber,
      });
      if (duplicates.length > 0) return renderForm(c, 422, { values, duplicates });
    }

    const limited = await refuseOverSendingLimits(c, ctx, {
      purpose: REGISTER_PURPOSE,
      perHour: config.submissionsPerHour,
      recipient: result.data.contactEmail,
      now,
    });
    if (limited) return renderForm(c, limited.status, { values, formMessage: limited.message });

    const { id, editToken } = await db.transaction().execute(async (trx) => {
      const created = await registerAssociation(trx, result.data, reference, now, c.get('tr').lang);
      return { id: created.id, editToken: await createEditToken(trx, created.id, now, config.editLinkDays) };
    });
    await sendEditLinkMail(ctx, c.get('tr'), 'registered', {
      to: result.data.contactEmail,
      name: result.data.name,
      token: editToken,
      associationId: id,
    });
    // Moderators who asked (through an admin) to hear at once; the others read it in their digest.
    await notifyNewRegistration(ctx, { associationId: id, name: result.data.name, municipalityNumber: result.data.municipalityNumber });
    ctx.logger.info({ associationId: id }, 'registration received');
    return c.redirect('/registrer/takk', 303);
  });

  app.get('/registrer/takk', (c) => {
    const tr = c.get('tr');
    return c.html(<ThanksPage meta={pageMeta(c, ctx, tr.t.thanksTitle)} assets={assets} />);
  });

  return app;
}
