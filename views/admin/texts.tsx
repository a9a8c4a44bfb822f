import type { SignedInUser } from '../../src/app-env.js';
import { type Language, translator } from '../../src/i18n/index.js';
import { ErrorSummary } from '../components/error-summary.js';
import { Field, type Message, MessageBox } from '../fields.js';

import { type Assets, Layout, type PageMeta } from '../layout.js';
import { CsrfField } from '../components/csrf-field.js';
import { AdminNav } from '../components/admin-nav.js';

import { summaryOf } from './form-parts.js';
import { Paragraphs } from '../components/paragraphs.js';

// An admin page of the moderator area; every form is a plain POST with the session's CSRF token.

export interface TextsPageProps {
  meta: PageMeta;
  assets: Assets;
  user: SignedInUser;
  /** What each field holds, keyed "key:lang" ('' for the default). */
  values: Record<string, string>;
  /** Which texts are stored now, keyed "key:lang". */
  stored: Set<string>;
  errors: Record<string, string>;
  message?: Message;
}

export const TEXT_FIELDS: { key: 'home-intro' | 'terms'; lang: Language }[] = [
  { key: 'home-intro', lang: 'nb' },
  { key: 'home-intro', lang: 'nn' },
  { key: 'home-intro', lang: 'en' },
  { key: 'terms', lang: 'nb' },
  { key: 'terms', lang: 'nn' },
  { key: 'terms', lang: 'en' },
];

/** The form field name of a site text. */
export function textFieldName(key: string, lang: string): string {
  return `${key}-${lang}`;
}

export function defaultSiteText(key: 'home-intro' | 'terms', lang: Language): string {
  const t = translator(lang).t;
  return key === 'home-intro' ? t.homeIntro : t.admin.terms.default;
}

export function TextsPage(props: TextsPageProps) {
  const { meta, assets, user } = props;
  const { tr } = meta;
  const x = tr.t.admin.texts;
  const summary = summaryOf(props.errors, (field) => `text-${field.replace(':', '-')}`);
  const group = (key: 'home-intro' | 'terms', legend: string) => (
    <fieldset class="text-group">
      <legend>{legend}</legend>
      {TEXT_FIELDS.filter((f) => f.key === key).map(({ lang }) => {
        const id = `text-${key}-${lang}`;
        const name = `${key}:${lang}`;
        return (
          <div>
            <Field
              id={id}
              label={x.langLabel[lang] ?? lang}
              hint={`${x.hint}${props.stored.has(name) ? '' : ` ${x.usingDefault}`}`}
              error={props.errors[name]}
              control={(a) => (
                <textarea name={textFieldName(key, lang)} rows={key === 'terms' ? 12 : 4} maxlength={5000} lang={lang} {...a}>
                  {props.values[name] ?? ''}
                </textarea>
              )}
            />
            <details class="default-text">
              <summary>
                {x.showDefault} ({x.langLabel[lang] ?? lang})
              </summary>
              <div lang={lang}>
                <Paragraphs text={defaultSiteText(key, lang)} />
              </div>
            </details>
          </div>
        );
      })}
    </fieldset>
  );
  return (
    <Layout {...meta} assets={assets}>
      <AdminNav tr={tr} user={user} current="texts" />
      <h1>{x.title}</h1>
      <MessageBox message={props.message} />
      <ErrorSummary tr={tr} items={summary} />
      <p class="lead">{x.intro}</p>
      <form method="post" action="/moderering/tekster" class="texts-form" novalidate>
        <CsrfField user={user} />
        {group('home-intro', x.introLegend)}
        {group('terms', x.termsLegend)}
        <p>
          <a href="/vilkar">{x.termsLink}</a>
        </p>
        <button type="submit">{x.saveButton}</button>
      </form>
    </Layout>
  );
}
