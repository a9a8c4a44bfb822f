import type { SignedInUser } from '../src/app-env.js';
import type { OwnDecision } from '../src/db/moderation.js';
import { DIGEST_FREQUENCIES, type DigestFrequency } from '../src/db/types.js';
import type { UserSummary } from '../src/db/users.js';
import { authText } from '../src/i18n/auth-text.js';
import type { Translator } from '../src/i18n/index.js';
import { MIN_PASSWORD_LENGTH } from '../src/lib/password.js';
import { AdminNav } from './components/admin-nav.js';
import { ErrorSummary } from './components/error-summary.js';
import { Field, type Message, MessageBox } from './fields.js';
import { type Assets, Layout, type PageMeta } from './layout.js';
import { CsrfField } from './components/csrf-field.js';

// A moderator's own account (digest choice, password, recent decisions), the "forgot
// password" pages, and the controls an admin gets per user for enabling and notifications.

export type PasswordField = 'current' | 'password' | 'repeat';
export type PasswordErrors = Partial<Record<PasswordField, string>>;

export interface AccountPageProps {
  meta: PageMeta;
  assets: Assets;
  user: SignedInUser;
  digestFrequency: DigestFrequency;
  notifyRegistrations: boolean;
  decisions: OwnDecision[];
  message?: Message;
  digestError?: string;
  passwordErrors?: PasswordErrors;
}

export function AccountPage(props: AccountPageProps) {
  const { meta, assets, user } = props;
  const { tr } = meta;
  const w = tr.t.work;
  const errors = props.passwordErrors ?? {};
  const summary = [
    ...(props.digestError ? [{ href: '#digest-daily', message: props.digestError }] : []),
    ...(['current', 'password', 'repeat'] as const).flatMap((f) => (errors[f] ? [{ href: `#account-${f}`, message: errors[f]! }] : [])),
  ];
  return (
    <Layout {...meta} assets={assets}>
      <AdminNav tr={tr} user={user} current="account" />
      <h1>{w.accountTitle}</h1>
      <MessageBox message={props.message} />
      <ErrorSummary tr={tr} items={summary} />
      <p class="lead">{w.accountIntro(user.email)}</p>

      <section aria-labelledby="digest-heading" class="panel">
        <h2 id="digest-heading">{w.digestHeading}</h2>
        <p>{w.digestIntro}</p>
        {props.notifyRegistrations ? <p>{w.notifyOn}</p> : null}
        <form method="post" action="/moderering/konto/varsler" novalidate>
          <CsrfField user={user} />
          <fieldset class={props.digestError ? 'field field--error' : 'field'} aria-describedby={props.digestError ? 'digest-error' : undefined}>
            <legend>{w.digestLegend}</legend>
            {props.digestError ? (
              <p class="field-error" id="digest-error">
                {props.digestError}
              </p>
            ) : null}
            {DIGEST_FREQUENCIES.map((frequency) => (
              <div class="checkbox">
                <input type="radio" id={`digest-${frequency}`} name="digest" value={frequency} checked={props.digestFrequency === frequency} />
                <label for={`digest-${frequency}`}>{w.digestOptions[frequency]}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit">{w.digestSave}</button>
        </form>
      </section>

      <section aria-labelledby="password-heading" class="panel">
        <h2 id="password-heading">{w.passwordHeading}</h2>
        <form method="post" action="/moderering/konto/passord" novalidate>
          <CsrfField user={user} />
          {/* For password managers: which account the new password belongs to. */}
          <input type="hidden" name="username" value={user.email} autocomplete="username" />
          <Field
            id="account-current"
            label={w.currentPasswordLabel}
            error={errors.current}
            control={(a) => <input type="password" name="current" autocomplete="current-password" {...a} />}
          />
          <NewPasswordFields tr={tr} errors={errors} />
          <button type="submit">{w.passwordSubmit}</button>
        </form>
      </section>

      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">{w.decisionsHeading}</h2>
        {props.decisions.length === 0 ? (
          <p>{w.decisionsEmpty}</p>
        ) : (
          <table class="decisions">
            <thead>
              <tr>
                <th scope="col">{w.decisionWhen}</th>
                <th scope="col">{w.decisionWhat}</th>
                <th scope="col">{w.decisionEntry}</th>
              </tr>
            </thead>
            <tbody>
              {props.decisions.map((d) => (
                <tr>
                  <td>
                    <time datetime={d.created_at}>{tr.date(d.created_at)}</time>
                  </td>
                  <td>{w.decisionActions[d.action] ?? w.decisionOther}</td>
                  <td>
                    {d.association_id !== null ? <a href={`/moderering/lag/${d.association_id}/historikk`}>{d.name ?? String(d.association_id)}</a> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}

/** The new password twice, with their messages; shared by the account page and the reset link. */
function NewPasswordFields(props: { tr: Translator; errors: PasswordErrors; prefix?: string }) {
  const w = props.tr.t.work;
  const prefix = props.prefix ?? 'account';
  return (
    <>
      <Field
        id={`${prefix}-password`}
        label={w.newPasswordLabel}
        hint={w.newPasswordHint(props.tr.number(MIN_PASSWORD_LENGTH))}
        error={props.errors.password}
        control={(a) => <input type="password" name="password" autocomplete="new-password" minlength={MIN_PASSWORD_LENGTH} {...a} />}
      />
      <Field
        id={`${prefix}-repeat`}
        label={w.repeatPasswordLabel}
        error={props.errors.repeat}
        control={(a) => <input type="password" name="repeat" autocomplete="new-password" {...a} />}
      />
    </>
  );
}

/** Asking for a reset link by email; the same page answers whether or not the address is known. */
export function ForgotPasswordPage(props: { meta: PageMeta; assets: Assets; email: string; error?: string; sent?: boolean }) {
  const { meta, assets } = props;
  const w = meta.tr.t.work;
  return (
    <Layout {...meta} assets={assets}>
      <h1>{w.forgotTitle}</h1>
      <ErrorSummary tr={meta.tr} items={props.error ? [{ href: '#forgot-email', message: props.error }] : []} />
      {props.sent ? <MessageBox message={{ text: w.forgotSent, problem: false }} /> : null}
      <p class="lead">{w.forgotIntro}</p>
      <form method="post" action="/logg-inn/glemt" novalidate>
        <Field
          id="forgot-email"
          label={authText(meta.tr.lang).emailLabel}
          error={props.error}
          control={(a) => (
            <input
              type="email"
              name="email"
              value={props.email}
              autocomplete="username"
              spellcheck={false}
              autocapitalize="none"
              maxlength={254}
              required
              {...a}
            />
          )}
        />
        <button type="submit">{w.forgotSubmit}</button>
      </form>
    </Layout>
  );
}

/** The form behind a valid reset link. */
export function ResetPasswordPage(props: { meta: PageMeta; assets: Assets; token: string; email: string; errors: PasswordErrors }) {
  const { meta, assets, errors } = props;
  const { tr } = meta;
  const w = tr.t.work;
  const summary = (['password', 'repeat'] as const).flatMap((f) => (errors[f] ? [{ href: `#reset-${f}`, message: errors[f]! }] : []));
  return (
    <Layout {...meta} assets={assets}>
      <h1>{w.resetTitle}</h1>
      <ErrorSummary tr={tr} items={summary} />
      <p class="lead">{w.resetIntro}</p>
      <form method="post" action={`/logg-inn/nytt-passord/${props.token}`} novalidate>
        <input type="hidden" name="username" value={props.email} autocomplete="username" />
        <NewPasswordFields tr={tr} errors={errors} prefix="reset" />
        <button type="submit">{w.resetSubmit}</button>
      </form>
    </Layout>
  );
}

/** What an admin can do about an account beside editing it: enable it again, or turn on mail at once. */
export function AccountAdminControls(props: { tr: Translator; user: SignedInUser; account: UserSummary }) {
  const { tr, user, account } = props;
  const w = tr.t.work;
  if (account.disabledAt) {
    return (
      <form method="post" action={`/moderering/brukere/${account.id}/aktiver`} class="admin-item__disable">
        <CsrfField user={user} />
        <p class="hint">{w.enableHint}</p>
        <button type="submit" aria-label={w.enableButtonFor(account.email)}>
          {w.enableButton}
        </button>
      </form>
    );
  }
  const id = `user-${account.id}-notify`;
  return (
    <form method="post" action={`/moderering/brukere/${account.id}/varsling`}>
      <CsrfField user={user} />
      <fieldset class="field">
        <legend>{w.notifyHeading}</legend>
        <div class="checkbox">
          <input type="checkbox" id={id} name="notify" value="1" checked={account.notifyRegistrations} />
          <label for={id}>{w.notifyLabel}</label>
        </div>
      </fieldset>
      <button type="submit" class="secondary">
        {w.notifySave}
      </button>
    </form>
  );
}
