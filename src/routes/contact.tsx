import { Hono } from 'hono';
import type { Context } from 'hono';
import { ContactPage, VisitorThanksPage } from '../../views/visitor-forms.js';
import type { AppContext, AppEnv } from '../app-env.js';
import { type AssociationDetail, findPublishedBySlug } from '../db/associations.js';
import { translatorFor } from '../i18n/index.js';
import { hasContactForm } from '../lib/contact.js';
import { type HeldPostStatus, type PublicFormState, publicFormProps, screenPublicForm } from '../lib/public-form.js';
import { pageMeta } from './render.js';
import { type ContactFormErrors, type ContactFormValues, readContactForm, validateContactForm } from '../lib/visitor-forms.js';
import { renderNotFound } from './errors.js';

export const CONTACT_PURPOSE = 'contact';

/**
 * The contact form of an association that chose not to show its email address: the message
 * goes to that address through the outbox, with the visitor as Reply-To. Lagportal keeps the
 * visitor's address nowhere but in that outgoing message.
 */
export function contactRoutes(ctx: AppContext) {
  const { db, assets, config } = ctx;
  const app = new Hono<AppEnv>();

  /** The published entry in the URL, if it takes messages through the form. */
  async function withForm(c: Context<AppEnv>): Promise<(AssociationDetail & { email: string }) | undefined> {
    const association = await findPublishedBySlug(db, c.req.param('slug') ?? '');
    if (!association || !hasContactForm(association) || !association.email) return undefined;
    return { ...association, email: association.email };
  }

  function renderForm(
    c: Context<AppEnv>,
    association: { name: string; slug: string },
    status: 200 | HeldPostStatus,
    state: PublicFormState<ContactFormValues, ContactFormErrors>,
  ) {
    const tr = c.get('tr');
    c.header('Cache-Control', 'no-store');
    return c.html(
      <ContactPage
        meta={pageMeta(c, ctx, tr.t.visitor.contactTitle(association.name), { current: 'associations' })}
        assets={assets}
        {...publicFormProps(ctx, CONTACT_PURPOSE, association, state)}
      />,
      status,
    );
  }

  app.get('/lag/:slug/kontakt', async (c) => {
    const association = await withForm(c);
    if (!association) return renderNotFound(c, ctx);
    return renderForm(c, association, 200, { values: { name: '', email: '', message: '' } });
  });

  app.post('/lag/:slug/kontakt', async (c) => {
    const association = await withForm(c);
    if (!association) return renderNotFound(c, ctx);
    const now = ctx.clock();
    const body = await c.req.parseBody({ all: true });
    const values = readContactForm(body);
    const result = await screenPublicForm(c, ctx, body, now, {
      purpose: CONTACT_PURPOSE,
      perHour: config.contactMessagesPerHour,
      validate: () => validateContactForm(values),
      recipient: () => association.email,
    });
    if (!result.ok) return renderForm(c, association, result.status, { values, errors: result.errors, formMessage: result.formMessage });

    // The association reads the language it registered in, like every other mail Lagportal sends it.
    const v = translatorFor(association.language, config.defaultLanguage).t.visitor;
    await ctx.mailer.send({
      to: association.email,
      replyTo: result.data.email,
      about: { associationId: association.id },
      subject: v.mailContactSubject,
      text: v.mailContactBody({
        association: association.name,
        from: result.data.name,
        message: result.data.message,
        url: `${config.baseUrl}/lag/${association.slug}`,
      }),
    });
    ctx.logger.info({ associationId: association.id }, 'contact message sent');
    return c.redirect(`/lag/${association.slug}/kontakt/takk`, 303);
  });

  app.get('/lag/:slug/kontakt/takk', async (c) => {
    const association = await withForm(c);
    if (!association) return renderNotFound(c, ctx);
    const { t } = c.get('tr');
    return c.html(
      <VisitorThanksPage
        meta={pageMeta(c, ctx, t.visitor.contactThanksTitle)}
        assets={assets}
        association={association}
        text={t.visitor.contactThanksText(association.name)}
      />,
    );
  });

  return app;
}
