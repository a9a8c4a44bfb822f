import type { Child } from 'hono/jsx';
import { AssociationForm, type AssociationFormProps } from './association-form.js';
import { ErrorSummary } from './components/error-summary.js';
import { Field } from './fields.js';
import { type Assets, Layout, type PageMeta } from './layout.js';
import { FORM_TOKEN_FIELD, HONEYPOT_FIELD } from '../src/lib/form-guard.js';

export function EditRequestPage(props: {
  meta: PageMeta;
  assets: Assets;
  email: string;
  slug: string;
  associationName: string | undefined;
  formToken: string;
  error?: string;
  formMessage?: string;
  sent: boolean;
  days: number;
}) {
  const { meta, assets, email, error } = props;
  const { t } = meta.tr;
  return (
    <Layout {...meta} assets={assets}>
      <h1>{t.editRequestTitle}</h1>
      {props.sent ? (
        <div class="success" role="status">
          <p>{t.editRequestSent(meta.tr.number(props.days))}</p>
        </div>
      ) : null}
      {props.formMessage ? (
        <div class="notice" role="alert">
          <p>{props.formMessage}</p>
        </div>
      ) : null}
      <ErrorSummary tr={meta.tr} items={error ? [{ href: '#field-email', message: error }] : []} />
      <p class="lead">{props.associationName ? t.editRequestIntroFor(props.associationName) : t.editRequestIntro}</p>
      <form method="post" action="/endre" novalidate>
        <input type="hidden" name={FORM_TOKEN_FIELD} value={props.formToken} />
        {props.slug ? <input type="hidden" name="lag" value={props.slug} /> : null}
        <div class="hp">
          <label for={HONEYPOT_FIELD}>{t.honeypotLabel}</label>
          <input type="text" id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} tabindex={-1} autocomplete="off" />
        </div>
        <Field
          id="field-email"
          label={t.editRequestEmailLabel}
          error={error}
          control={(a) => <input type="email" name="email" value={email} autocomplete="email" maxlength={254} {...a} />}
        />
        <button type="submit">{t.editRequestSubmit}</button>
      </form>
      <p>{t.editRequestNoAccess}</p>
    </Layout>
  );
}

export interface EditPageProps {
  meta: PageMeta;
  assets: Assets;
  associationName: string;
  published: boolean;
  /** Messages after a save, confirmation or removal request. */
  done?: string;
  pendingRevision: boolean;
  pendingRemoval: boolean;
  actionBase: string;
  actionToken: string;
  form: Omit<AssociationFormProps, 'tr'>;
  /** The "Aktiviteter og arrangementer" section (views/calendar-form.tsx). */
  activities?: Child;
}

export function EditPage(props: EditPageProps) {
  const { meta, assets, form } = props;
  const { t } = meta.tr;
  return (
    <Layout {...meta} assets={assets}>
      <h1>{t.editTitle(props.associationName)}</h1>
      {props.done ? (
        <div class="success" role="status">
          <p>{props.done}</p>
        </div>
      ) : null}
      <p class="lead">{props.published ? t.editIntroPublished : t.editIntroPending}</p>
      {props.pendingRevision ? <p class="notice">{t.editPendingRevision}</p> : null}
      {props.pendingRemoval ? <p class="notice">{t.editPendingRemoval}</p> : null}
      {props.published ? (
        <section class="panel" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading">{t.confirmHeading}</h2>
          <p>{t.confirmText}</p>
          <form method="post" action={`${props.actionBase}/bekreft`}>
            <input type="hidden" name={FORM_TOKEN_FIELD} value={props.actionToken} />
            <button type="submit">{t.confirmButton}</button>
          </form>
        </section>
      ) : null}
      <AssociationForm tr={meta.tr} {...form} />
      {props.activities}
      <section class="panel" aria-labelledby="remove-heading">
        <h2 id="remove-heading">{t.removeHeading}</h2>
        <p>{t.removeText}</p>
        <form method="post" action={`${props.actionBase}/slett`}>
          <input type="hidden" name={FORM_TOKEN_FIELD} value={props.actionToken} />
          <button type="submit" class="secondary">
            {t.removeButton}
          </button>
        </form>
      </section>
    </Layout>
  );
}

export function LinkProblemPage(props: { meta: PageMeta; assets: Assets; expired: boolean }) {
  const { t } = props.meta.tr;
  return (
    <Layout {...props.meta} assets={props.assets}>
      <h1>{props.expired ? t.linkExpiredTitle : t.linkUnknownTitle}</h1>
      <p>{props.expired ? t.linkExpiredText : t.linkUnknownText}</p>
      <p>
        <a href="/endre">{t.requestNewLink}</a>
      </p>
    </Layout>
  );
}
