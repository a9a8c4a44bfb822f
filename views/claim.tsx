import type { Translator } from '../src/i18n/index.js';
import type { ClaimFormError, ClaimFormErrors, ClaimFormField, ClaimFormValues } from '../src/lib/claim-form.js';
import { FORM_TOKEN_FIELD, HONEYPOT_FIELD } from '../src/lib/form-guard.js';
import { ErrorSummary } from './components/error-summary.js';
import { Field, describedBy } from './fields.js';
import { type Assets, Layout, type PageMeta } from './layout.js';

/** The claim prompt on an unclaimed entry's page: a link to the claim form on its own page. */
export function ClaimPrompt(props: { tr: Translator; slug: string; name: string }) {
  const { t } = props.tr;
  return (
    <section aria-labelledby="claim-heading" class="panel claim-prompt">
      <h2 id="claim-heading">{t.claim.promptHeading}</h2>
      <p>{t.claim.promptText}</p>
      <p>
        <a href={`/lag/${props.slug}/dette-er-oss`}>{t.claim.promptLink(props.name)}</a>
      </p>
    </section>
  );
}

export function claimErrorText(tr: Translator, error: ClaimFormError | undefined): string | undefined {
  if (!error) return undefined;
  return 'own' in error ? tr.t.claim.errors[error.own] : tr.t.form.errors[error.form];
}

export interface ClaimPageProps {
  meta: PageMeta;
  assets: Assets;
  association: { name: string; slug: string };
  values: ClaimFormValues;
  errors: ClaimFormErrors;
  formToken: string;
  /** A problem with the form as a whole (too fast, rate limited, already claimed …). */
  formMessage?: string;
  /** The entry has a contact person: no form, just the explanation. */
  claimed?: boolean;
}

export function ClaimPage(props: ClaimPageProps) {
  const { meta, assets, association: a, values, errors } = props;
  const { tr } = meta;
  const { t } = tr;
  const action = `/lag/${a.slug}/dette-er-oss`;
  const errorText = (field: ClaimFormField) => claimErrorText(tr, errors[field]);
  const summary = (Object.keys(errors) as ClaimFormField[]).map((field) => ({ href: `#claim-${field}`, message: errorText(field) ?? '' }));
  const input = (name: Exclude<ClaimFormField, 'message' | 'accept_terms'>, type: string, extra: Record<string, string | number>, optional = false) => (
    <Field
      id={`claim-${name}`}
      label={t.claim.labels[name]}
      hint={(t.claim.hints as Partial<Record<ClaimFormField, string>>)[name]}
      error={errorText(name)}
      optional={optional ? t.optional : undefined}
      control={(c) => <input type={type} name={name} value={values[name]} {...extra} {...c} />}
    />
  );
  const termsError = errorText('accept_terms');
  return (
    <Layout {...meta} assets={assets}>
      <h1>{t.claim.title(a.name)}</h1>
      <p class="lead">{props.claimed ? t.claim.alreadyClaimed : t.claim.intro}</p>
      {props.formMessage ? (
        <div class="notice" role="alert">
          <p>{props.formMessage}</p>
        </div>
      ) : null}
      {props.claimed ? null : (
        <>
          <ErrorSummary tr={tr} items={summary} />
          <form method="post" action={action} class="claim-form" novalidate>
            <input type="hidden" name={FORM_TOKEN_FIELD} value={props.formToken} />
            <div class="hp">
              <label for={HONEYPOT_FIELD}>{t.honeypotLabel}</label>
              <input type="text" id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} tabindex={-1} autocomplete="off" />
            </div>
            <p>{t.claim.fromRegister}</p>
            <p>{t.claim.privacy}</p>
            {input('contact_name', 'text', { autocomplete: 'name', maxlength: 120 })}
            {input('contact_email', 'email', { autocomplete: 'email', maxlength: 254 })}
            {input('phone', 'tel', { autocomplete: 'tel', maxlength: 40 }, true)}
            <Field
              id="claim-message"
              label={t.claim.labels.message}
              hint={t.claim.hints.message}
              error={errorText('message')}
              control={(c) => (
                <textarea name="message" rows={4} maxlength={1000} {...c}>
                  {values.message}
                </textarea>
              )}
            />
            <div class={termsError ? 'field field--error checkbox' : 'field checkbox'}>
              {termsError ? (
                <p class="field-error" id="claim-accept_terms-error">
                  {termsError}
                </p>
              ) : null}
              <input
                type="checkbox"
                id="claim-accept_terms"
                name="accept_terms"
                value="1"
                checked={values.accept_terms}
                aria-describedby={describedBy('claim-accept_terms', true, termsError)}
                aria-invalid={termsError ? 'true' : undefined}
              />
              <label for="claim-accept_terms">{t.claim.labels.accept_terms}</label>
              <p class="hint" id="claim-accept_terms-hint">
                <a href="/vilkar" target="_blank" rel="noopener">
                  {t.admin.terms.link}
                </a>
              </p>
            </div>
            <div class="buttons">
              <button type="submit">{t.claim.submit}</button>
            </div>
          </form>
        </>
      )}
      <p>
        <a href={`/lag/${a.slug}`}>{t.claim.backToAssociation}</a>
      </p>
    </Layout>
  );
}

export function ClaimThanksPage(props: { meta: PageMeta; assets: Assets; association: { slug: string } }) {
  const { t } = props.meta.tr;
  return (
    <Layout {...props.meta} assets={props.assets}>
      <h1>{t.claim.thanksTitle}</h1>
      <p class="lead">{t.claim.thanksText}</p>
      <p>
        <a href={`/lag/${props.association.slug}`}>{t.claim.backToAssociation}</a>
      </p>
    </Layout>
  );
}
