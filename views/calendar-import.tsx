import { FORM_TOKEN_FIELD } from '../src/lib/form-guard.js';
import { ErrorSummary } from './components/error-summary.js';
import { Field } from './fields.js';
import { type Assets, Layout, type PageMeta } from './layout.js';

// "Hent fra egen kalender", behind the private edit link: the association's iCalendar address
// (saved and fetched at once, then on a schedule) and a one-off .ics upload. Plain forms: no
// JavaScript needed.

export interface CalendarImportPageProps {
  meta: PageMeta;
  assets: Assets;
  /** /endre/:token */
  actionBase: string;
  formToken: string;
  /** What is in the address field: the saved address, or what was typed. */
  url: string;
  /** The saved feed's last result, already in words; null without a saved address. */
  feedStatus: { text: string; problem: boolean } | null;
  hasFeed: boolean;
  fileCount: number;
  maxMb: string;
  /** A confirmation after a redirect. */
  message?: string;
  /** A refusal of the whole form (stale or foreign), or the per-field errors. */
  formMessage?: string;
  urlError?: string;
  fileError?: string;
}

export function CalendarImportPage(props: CalendarImportPageProps) {
  const tr = props.meta.tr;
  const t = tr.t.calendarImport;
  const summary = [
    ...(props.urlError ? [{ href: '#calendar-url', message: props.urlError }] : []),
    ...(props.fileError ? [{ href: '#calendar-file', message: props.fileError }] : []),
  ];
  return (
    <Layout {...props.meta} assets={props.assets}>
      <p>
        <a href={`${props.actionBase}#aktiviteter`}>{t.back}</a>
      </p>
      <h1>{t.pageTitle}</h1>
      {props.message ? (
        <div class="success" role="status">
          <p>{props.message}</p>
        </div>
      ) : null}
      {props.formMessage ? (
        <div class="notice" role="alert">
          <p>{props.formMessage}</p>
        </div>
      ) : null}
      <ErrorSummary tr={tr} items={summary} />
      <p>{t.intro}</p>

      <section class="panel" aria-labelledby="calendar-url-heading">
        <h2 id="calendar-url-heading">{t.urlHeading}</h2>
        {props.feedStatus ? <p class={props.feedStatus.problem ? 'notice' : 'hint'}>{props.feedStatus.text}</p> : null}
        <form method="post" action={`${props.actionBase}/kalender`} class="association-form" novalidate>
          <input type="hidden" name={FORM_TOKEN_FIELD} value={props.formToken} />
          <Field
            id="calendar-url"
            label={t.urlLabel}
            hint={t.urlHint}
            error={props.urlError}
            control={(a) => <input type="url" name="calendar_url" value={props.url} inputmode="url" autocomplete="url" maxlength={2000} {...a} />}
          />
          <div class="buttons">
            <button type="submit">{t.urlSave}</button>
          </div>
        </form>
        {props.hasFeed ? (
          <form method="post" action={`${props.actionBase}/kalender/fjern`}>
            <input type="hidden" name={FORM_TOKEN_FIELD} value={props.formToken} />
            <p class="hint" id="calendar-remove-hint">
              {t.urlRemoveHint}
            </p>
            <button type="submit" class="secondary" aria-describedby="calendar-remove-hint">
              {t.urlRemove}
            </button>
          </form>
        ) : null}
      </section>

      <section class="panel" aria-labelledby="calendar-file-heading">
        <h2 id="calendar-file-heading">{t.fileHeading}</h2>
        {props.fileCount > 0 ? <p class="hint">{t.fileCount(tr.number(props.fileCount))}</p> : null}
        <form method="post" action={`${props.actionBase}/kalender/fil`} enctype="multipart/form-data" class="association-form" novalidate>
          <input type="hidden" name={FORM_TOKEN_FIELD} value={props.formToken} />
          <Field
            id="calendar-file"
            label={t.fileLabel}
            hint={t.fileHint(props.maxMb)}
            error={props.fileError}
            control={(a) => <input type="file" name="calendar_file" accept=".ics,text/calendar" {...a} />}
          />
          <div class="buttons">
            <button type="submit">{t.fileSubmit}</button>
          </div>
        </form>
      </section>
    </Layout>
  );
}
