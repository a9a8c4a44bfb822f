import type { Child } from 'hono/jsx';
import { REPORT_KINDS } from '../src/db/types.js';
import type { Translator } from '../src/i18n/index.js';
import { FORM_TOKEN_FIELD, HONEYPOT_FIELD } from '../src/lib/form-guard.js';
import {
  CONTACT_MESSAGE_MAX,
  type ContactFormErrors,
  type ContactFormValues,
  REPORT_MESSAGE_MAX,
  type ReportFormErrors,
  type ReportFormValues,
} from '../src/lib/visitor-forms.js';
import { ErrorSummary } from './components/error-summary.js';
import { Field, MessageBox, describedBy } from './fields.js';
import { type Assets, Layout, type PageMeta } from './layout.js';

// The public forms about one entry, each on its own page: "Meld feil" and the contact form.

/** The guard fields every anonymous form carries: the signed fill-time token and the honeypot. */
function GuardFields(props: { tr: Translator; formToken: string }) {
  return (
    <>
      <input type="hidden" name={FORM_TOKEN_FIELD} value={props.formToken} />
      <div class="hp">
        <label for={HONEYPOT_FIELD}>{props.tr.t.honeypotLabel}</label>
        <input type="text" id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} tabindex={-1} autocomplete="off" />
      </div>
    </>
  );
}

function Textarea(props: { name: string; value: string; max: number; a: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' } }) {
  return (
    <textarea name={props.name} rows={6} maxlength={props.max} {...props.a}>
      {props.value}
    </textarea>
  );
}

interface EntryRef {
  name: string;
  slug: string;
}

export interface ReportPageProps {
  meta: PageMeta;
  assets: Assets;
  association: EntryRef;
  values: ReportFormValues;
  errors: ReportFormErrors;
  formToken: string;
  formMessage?: string;
}

export function ReportPage(props: ReportPageProps) {
  const { meta, assets, association, values, errors } = props;
  const { tr } = meta;
  const v = tr.t.visitor;
  const error = (field: keyof ReportFormValues) => (errors[field] ? v.errors[errors[field]] : undefined);
  const ids = { kind: `field-kind-${REPORT_KINDS[0]}`, message: 'field-message', email: 'field-email' };
  const summary = (['kind', 'message', 'email'] as const).filter((f) => errors[f]).map((f) => ({ href: `#${ids[f]}`, message: error(f)! }));
  const kindError = error('kind');
  return (
    <Layout {...meta} assets={assets}>
      <h1>{v.reportTitle(association.name)}</h1>
      <p class="lead">{v.reportIntro}</p>
      <MessageBox message={props.formMessage ? { text: props.formMessage, problem: true } : undefined} />
      <ErrorSummary tr={tr} items={summary} />
      <form method="post" action={`/lag/${association.slug}/meld-feil`} novalidate>
        <GuardFields tr={tr} formToken={props.formToken} />
        <fieldset class={kindError ? 'field field--error radios' : 'field radios'} aria-describedby={describedBy('field-kind', undefined, kindError)}>
          <legend>{v.kindLegend}</legend>
          {kindError ? (
            <p class="field-error" id="field-kind-error">
              {kindError}
            </p>
          ) : null}
          {REPORT_KINDS.map((kind) => (
            <div class="checkbox">
              <input type="radio" id={`field-kind-${kind}`} name="kind" value={kind} checked={values.kind === kind} />
              <label for={`field-kind-${kind}`}>{v.kinds[kind]}</label>
            </div>
          ))}
        </fieldset>
        <Field
          id={ids.message}
          label={v.reportMessageLabel}
          hint={v.reportMessageHint}
          error={error('message')}
          control={(a) => <Textarea name="message" value={values.message} max={REPORT_MESSAGE_MAX} a={a} />}
        />
        <Field
          id={ids.email}
          label={v.reportEmailLabel}
          optional={tr.t.optional}
          hint={v.reportEmailHint}
          error={error('email')}
          control={(a) => <input type="email" name="email" value={values.email} autocomplete="email" maxlength={254} {...a} />}
        />
        <div class="buttons">
          <button type="submit">{v.reportSubmit}</button>
        </div>
      </form>
      <p>
        <a href={`/lag/${association.slug}`}>{v.backToEntry(association.name)}</a>
      </p>
    </Layout>
  );
}

export interface ContactPageProps {
  meta: PageMeta;
  assets: Assets;
  association: EntryRef;
  values: ContactFormValues;
  errors: ContactFormErrors;
  formToken: string;
  formMessage?: string;
}

export function ContactPage(props: ContactPageProps) {
  const { meta, assets, association, values, errors } = props;
  const { tr } = meta;
  const v = tr.t.visitor;
  const error = (field: keyof ContactFormValues) => (errors[field] ? v.errors[errors[field]] : undefined);
  const summary = (['name', 'email', 'message'] as const).filter((f) => errors[f]).map((f) => ({ href: `#field-${f}`, message: error(f)! }));
  return (
    <Layout {...meta} assets={assets}>
      <h1>{v.contactTitle(association.name)}</h1>
      <p class="lead">{v.contactIntro}</p>
      <MessageBox message={props.formMessage ? { text: props.formMessage, problem: true } : undefined} />
      <ErrorSummary tr={tr} items={summary} />
      <form method="post" action={`/lag/${association.slug}/kontakt`} novalidate>
        <GuardFields tr={tr} formToken={props.formToken} />
        <Field
          id="field-name"
          label={v.contactNameLabel}
          error={error('name')}
          control={(a) => <input type="text" name="name" value={values.name} autocomplete="name" maxlength={120} {...a} />}
        />
        <Field
          id="field-email"
          label={v.contactEmailLabel}
          hint={v.contactEmailHint}
          error={error('email')}
          control={(a) => <input type="email" name="email" value={values.email} autocomplete="email" maxlength={254} {...a} />}
        />
        <Field
          id="field-message"
          label={v.contactMessageLabel}
          hint={v.contactMessageHint}
          error={error('message')}
          control={(a) => <Textarea name="message" value={values.message} max={CONTACT_MESSAGE_MAX} a={a} />}
        />
        <div class="buttons">
          <button type="submit">{v.contactSubmit}</button>
        </div>
      </form>
      <p>
        <a href={`/lag/${association.slug}`}>{v.backToEntry(association.name)}</a>
      </p>
    </Layout>
  );
}

/** After a report or a contact message: what happens next, and the way back to the entry. */
export function VisitorThanksPage(props: { meta: PageMeta; assets: Assets; association: EntryRef; text: Child }) {
  const { meta, assets, association } = props;
  return (
    <Layout {...meta} assets={assets}>
      <h1>{meta.title}</h1>
      <p class="lead">{props.text}</p>
      <p>
        <a href={`/lag/${association.slug}`}>{meta.tr.t.visitor.backToEntry(association.name)}</a>
      </p>
    </Layout>
  );
}
