import { ErrorSummary } from './components/error-summary.js';
import { type Assets, Layout, type PageMeta } from './layout.js';
import { authText } from '../src/i18n/auth-text.js';
import type { Language } from '../src/i18n/index.js';

export type LoginField = 'email' | 'password';

export interface LoginPageProps {
  meta: PageMeta;
  assets: Assets;
  /** What was typed, shown again after a failure; the password never is. */
  email: string;
  /** Where to go after signing in; already checked to be a local path. */
  next: string;
  /** Messages tied to a field: missing input, or the one answer for a failed sign-in. */
  errors: Partial<Record<LoginField, string>>;
  /** A confirmation above the form, e.g. after a password reset. */
  notice?: string;
}

export function LoginPage(props: LoginPageProps) {
  const { meta, assets, errors } = props;
  const a = authText(meta.tr.lang);
  const summary = (['email', 'password'] as const).flatMap((field) => {
    const message = errors[field];
    return message ? [{ href: `#field-${field}`, message }] : [];
  });
  return (
    <Layout {...meta} assets={assets}>
      <h1>{a.loginTitle}</h1>
      <ErrorSummary tr={meta.tr} items={summary} />
      {props.notice ? (
        <div class="success" role="status">
          <p>{props.notice}</p>
        </div>
      ) : null}
      <p class="lead">{a.loginIntro}</p>
      <form method="post" action="/logg-inn" novalidate>
        {props.next ? <input type="hidden" name="neste" value={props.next} /> : null}
        <div class={errors.email ? 'field field--error' : 'field'}>
          <label for="field-email">{a.emailLabel}</label>
          {errors.email ? (
            <p class="field-error" id="field-email-error">
              {errors.email}
            </p>
          ) : null}
          <input
            type="email"
            id="field-email"
            name="email"
            value={props.email}
            autocomplete="username"
            spellcheck={false}
            autocapitalize="none"
            maxlength={254}
            required
            aria-describedby={errors.email ? 'field-email-error' : undefined}
            aria-invalid={errors.email ? 'true' : undefined}
          />
        </div>
        <div class={errors.password ? 'field field--error' : 'field'}>
          <label for="field-password">{a.passwordLabel}</label>
          {errors.password ? (
            <p class="field-error" id="field-password-error">
              {errors.password}
            </p>
          ) : null}
          <input
            type="password"
            id="field-password"
            name="password"
            autocomplete="current-password"
            required
            aria-describedby={errors.password ? 'field-password-error' : undefined}
            aria-invalid={errors.password ? 'true' : undefined}
          />
        </div>
        <button type="submit">{a.loginSubmit}</button>
      </form>
      <p>
        <a href="/logg-inn/glemt">{meta.tr.t.work.forgotLink}</a>
      </p>
    </Layout>
  );
}

/** A page that only explains something: not signed in, no access, refused form. */
export function AuthMessagePage(props: { meta: PageMeta; assets: Assets; heading: string; message: string; link?: { href: string; label: string } }) {
  const { meta, assets } = props;
  const a = authText(meta.tr.lang);
  const link = props.link ?? { href: '/', label: a.backHome };
  return (
    <Layout {...meta} assets={assets}>
      <h1>{props.heading}</h1>
      <p>{props.message}</p>
      <p>
        <a href={link.href}>{link.label}</a>
      </p>
    </Layout>
  );
}

/**
 * "Signed in as …" and the sign-out button, for the site header. The form carries the
 * session's CSRF token; POST /logg-ut refuses it without one.
 */
export function SignedInBar(props: { lang: Language; email: string; csrfToken: string }) {
  const a = authText(props.lang);
  return (
    <form method="post" action="/logg-ut" class="signed-in">
      <span>{a.signedInAs(props.email)}</span> <input type="hidden" name="csrf" value={props.csrfToken} />
      <button type="submit">{a.logout}</button>
    </form>
  );
}
