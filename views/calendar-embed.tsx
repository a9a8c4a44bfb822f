import { raw } from 'hono/html';
import type { Reference } from '../src/db/reference.js';
import type { Translator } from '../src/i18n/index.js';
import type { CalendarQuery } from '../src/lib/calendar-query.js';
import { ageText, dayName, placeText, priceText } from './calendar-parts.js';
import type { Listed } from './calendar.js';
import type { Assets } from './layout.js';

/**
 * "What's on" for other sites' frames, like /embed/lag: no site header, the embed stylesheet,
 * stable lp- classes, and links that open Lagportal in the whole window.
 */
export function EmbedWhatsOnPage(props: {
  tr: Translator;
  reference: Reference;
  assets: Assets;
  heading: string;
  query: CalendarQuery;
  items: Listed[];
  total: number;
  fullUrl: string;
  baseUrl: string;
  themeUrl: string | null;
  themeProblems: string[];
}) {
  const { tr, reference, items } = props;
  const t = tr.t.calendar;
  const lang = tr.lang === 'en' ? '?lang=en' : '';
  const problems = [
    ...props.query.listNotices.map((n) => (tr.t[n.key] as (...args: string[]) => string)(...n.args)),
    ...props.query.notices.map((n) => {
      const message: string | ((...args: string[]) => string) = t.notices[n.key];
      return typeof message === 'function' ? message(...n.args) : message;
    }),
    ...props.themeProblems,
  ];
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={tr.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{tr.t.pageTitle(props.heading)}</title>
          <link rel="canonical" href={props.fullUrl} />
          <link rel="stylesheet" href={props.assets.embedStyle} />
          {props.themeUrl ? <link rel="stylesheet" href={props.themeUrl} /> : null}
        </head>
        <body class="lp-embed">
          <main class="lp-main">
            <h1 class="lp-title">{props.heading}</h1>
            {problems.length > 0 ? (
              <div class="lp-notice" role="alert">
                <h2>{tr.t.noticeHeading}</h2>
                <ul>
                  {problems.map((p) => (
                    <li>{p}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <p class="lp-count">{t.resultCount(props.total, tr.number(props.total))}</p>
            {items.length === 0 ? (
              <p class="lp-empty">{t.empty}</p>
            ) : (
              <ol class="lp-list">
                {items.map(({ activity: a, occurrence: o }) => (
                  <li class="lp-item">
                    <p class="lp-item__when">
                      <time datetime={`${o.date}T${o.startTime}`}>{`${dayName(tr, o.date)} ${t.scheduleTimes(o.startTime, o.endTime)}`}</time>
                      {o.cancelled ? <strong> {t.cancelled}</strong> : null}
                    </p>
                    <a class="lp-item__name" href={`${props.baseUrl}/hva-skjer/${a.id}${lang}`} target="_top">
                      {a.title}
                    </a>
                    <p class="lp-item__where">{[a.association_name, placeText(reference, a, a.municipality_number, a.association_place_id)].join(' · ')}</p>
                    <p class="lp-item__summary">
                      {[a.age_from !== null || a.age_to !== null ? ageText(tr, a) : null, priceText(tr, a)].filter(Boolean).join(' · ')}
                    </p>
                  </li>
                ))}
              </ol>
            )}
            <p class="lp-more">
              <a href={props.fullUrl} target="_top">
                {t.thisWeekMore}
              </a>
            </p>
            <p class="lp-source">{tr.t.share.embedPoweredBy}</p>
          </main>
        </body>
      </html>
    </>
  );
}
