import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Reference } from '../src/db/reference.js';
import type { Translator } from '../src/i18n/index.js';
import { type CalendarQuery, FEED_DAYS_BACK, OCCURRENCES_PER_PAGE, calendarUrl } from '../src/lib/calendar-query.js';
import type { PublicActivity } from '../src/db/activities.js';
import type { Listed } from '../src/lib/calendar-build.js';
import { type Occurrence, addDays } from '../src/lib/recurrence.js';
import { ageText, dayName, languagesText, placeText, priceText, scheduleText } from './calendar-parts.js';
import { type Assets, Layout, type PageMeta } from './layout.js';
import { renderOnce } from './render-once.js';

// "Hva skjer": the list of occurrences grouped by day (page and htmx fragment share
// WhatsOnResults), one activity's page, and the association page's upcoming list.

export type { Listed };

interface ResultsProps {
  tr: Translator;
  reference: Reference;
  query: CalendarQuery;
  total: number;
  /** This page's occurrences, in order. */
  items: Listed[];
  today: string;
  path: string;
}

function NoticeBox(props: { tr: Translator; query: CalendarQuery }) {
  const { tr, query } = props;
  if (query.listNotices.length === 0 && query.notices.length === 0) return null;
  return (
    <div class="notice" role="alert">
      <h2>{tr.t.noticeHeading}</h2>
      <ul>
        {query.listNotices.map((n) => {
          const message = tr.t[n.key] as (...args: string[]) => string;
          return <li>{message(...n.args)}</li>;
        })}
        {query.notices.map((n) => {
          const message: string | ((...args: string[]) => string) = tr.t.calendar.notices[n.key];
          return <li>{typeof message === 'function' ? message(...n.args) : message}</li>;
        })}
      </ul>
    </div>
  );
}

function dayHeading(tr: Translator, date: string, today: string): string {
  const name = dayName(tr, date);
  if (date === today) return `${tr.t.calendar.today}, ${name}`;
  if (date === addDays(today, 1)) return `${tr.t.calendar.tomorrow}, ${name}`;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** One occurrence in the list: when, what, who, where, for whom and what it costs. */
export function OccurrenceItem(props: { tr: Translator; reference: Reference; item: Listed; showOrganiser?: boolean }) {
  const { tr, reference, item } = props;
  const { activity: a, occurrence: o } = item;
  const t = tr.t.calendar;
  const facts = [
    placeText(reference, a, a.municipality_number, a.association_place_id),
    a.age_from !== null || a.age_to !== null ? ageText(tr, a) : null,
    priceText(tr, a),
  ].filter(Boolean);
  return (
    <article class={o.cancelled ? 'occurrence occurrence--cancelled' : 'occurrence'}>
      <p class="occurrence__time">
        <time datetime={`${o.date}T${o.startTime}`}>{o.startTime}</time>–{o.endTime}
        {o.cancelled ? <strong class="occurrence__status"> {t.cancelled}</strong> : null}
      </p>
      <h3 class="occurrence__title">
        <a href={`/hva-skjer/${a.id}`}>{a.title}</a>
      </h3>
      {props.showOrganiser === false ? null : (
        <p class="occurrence__organiser">
          <a href={`/lag/${a.association_slug}`}>{a.association_name}</a>
        </p>
      )}
      <p class="occurrence__facts">{facts.join(' · ')}</p>
    </article>
  );
}

function Pagination(props: ResultsProps & { pageCount: number }) {
  const { tr, query, pageCount, path } = props;
  if (pageCount <= 1) return null;
  const t = tr.t.calendar;
  const page = Math.min(query.page, pageCount);
  return (
    <nav class="pagination" aria-label={t.paginationLabel}>
      {page > 1 ? (
        <a href={calendarUrl({ ...query, page: page - 1 }, path)} rel="prev">
          {t.previousPage}
        </a>
      ) : null}
      <span>{t.pageOf(tr.number(page), tr.number(pageCount))}</span>
      {page < pageCount ? (
        <a href={calendarUrl({ ...query, page: page + 1 }, path)} rel="next">
          {t.nextPage}
        </a>
      ) : null}
    </nav>
  );
}

function summary(props: ResultsProps): string {
  const { tr, total, query } = props;
  const t = tr.t.calendar;
  return `${t.resultCount(total, tr.number(total))} ${t.resultRange(dayName(tr, query.from), dayName(tr, query.to))}`;
}

/** The page's occurrences under a heading per day. */
function Days(props: { tr: Translator; reference: Reference; items: Listed[]; today: string }) {
  const { tr, items, reference } = props;
  const days = new Map<string, Listed[]>();
  for (const item of items) {
    const list = days.get(item.occurrence.date);
    if (list) list.push(item);
    else days.set(item.occurrence.date, [item]);
  }
  return (
    <>
      {[...days].map(([date, list]) => (
        <section class="calendar-day" aria-labelledby={`day-${date}`}>
          <h2 id={`day-${date}`}>{dayHeading(tr, date, props.today)}</h2>
          <ul class="occurrences">
            {list.map((item) => (
              <li>
                <OccurrenceItem tr={tr} reference={reference} item={item} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

/** The results: a heading per day, the day's occurrences under it. */
export function WhatsOnResults(props: ResultsProps) {
  const { tr, items, total, reference, today } = props;
  // A page's items are kept per data version (src/routes/calendar.tsx), shared by every
  // visitor of it: their days are rendered once per language and day, like the lists' cards.
  const days = renderOnce(items, `days ${tr.lang} ${today}`, () => <Days tr={tr} reference={reference} items={items} today={today} />);
  return (
    <>
      <NoticeBox tr={tr} query={props.query} />
      <p class="result-summary" id="result-summary">
        <strong>{summary(props)}</strong>
      </p>
      {total === 0 ? <p class="empty">{tr.t.calendar.empty}</p> : raw(days)}
      <Pagination {...props} pageCount={Math.ceil(total / OCCURRENCES_PER_PAGE)} />
    </>
  );
}

/** What htmx receives: the results, the tab title, and the count for the status element. */
export function WhatsOnFragment(props: ResultsProps & { title: string }) {
  return (
    <>
      <title>{props.tr.t.pageTitle(props.title)}</title>
      <WhatsOnResults {...props} />
      <p id="result-status" hx-swap-oob="innerHTML">
        {summary(props)}
      </p>
    </>
  );
}

// The pickers hold every municipality (357), region and category: rendered once per
// reference-data load (loadReference makes new arrays, so the arrays are the keys) and
// language, without a selection, and the selected option marked in the finished HTML (as
// /lag's form does, views/associations.tsx).
/** Marks one option as selected; values are slugs and municipality numbers, which need no escaping. */
function withSelected(html: string, value: string | undefined) {
  if (value === undefined || !/^[a-z0-9-]+$/.test(value)) return raw(html);
  const option = `<option value="${value}">`;
  return raw(html.replace(option, `<option value="${value}" selected="">`));
}

function FilterForm(props: ResultsProps & { fixedMunicipality: boolean; fixedRegion: boolean }) {
  const { tr, reference, query, path } = props;
  const t = tr.t.calendar;
  const [firstMunicipality, ...otherMunicipalities] = query.municipalities;
  const [firstCategory, ...otherCategories] = query.categories;
  return (
    <form
      class="search-form calendar-filters"
      action={path}
      method="get"
      role="search"
      hx-get={path}
      hx-target="#results"
      hx-trigger="submit, input changed delay:300ms, change changed"
      hx-push-url="true"
      hx-sync="this:replace"
    >
      <div class="field">
        <label for="q">{t.filterQuery}</label>
        <input type="search" id="q" name="q" value={query.q} maxlength={200} autocomplete="off" />
      </div>
      <fieldset class="filters">
        <legend>{t.filterHeading}</legend>
        {props.fixedMunicipality ? null : (
          <div class="field">
            <label for="kommune">{t.filterMunicipality}</label>
            <select id="kommune" name="kommune">
              <option value="">{t.filterMunicipalityAny}</option>
              {withSelected(
                renderOnce(reference.municipalities, 'calendar options', () => (
                  <>
                    {reference.municipalities.map((m) => (
                      <option value={m.number}>{m.display_name}</option>
                    ))}
                  </>
                )),
                firstMunicipality?.number,
              )}
            </select>
            {otherMunicipalities.map((m) => (
              <input type="hidden" name="kommune" value={m.number} />
            ))}
          </div>
        )}
        {props.fixedRegion || props.fixedMunicipality ? null : (
          <div class="field">
            <label for="region">{t.filterRegion}</label>
            <select id="region" name="region">
              <option value="">{t.filterRegionAny}</option>
              {withSelected(
                renderOnce(reference.regions, `calendar options ${tr.lang}`, () => (
                  <>
                    {reference.regions.map((r) => (
                      <option value={r.slug}>{tr.name(r)}</option>
                    ))}
                  </>
                )),
                query.region?.slug,
              )}
            </select>
          </div>
        )}
        <div class="field">
          <label for="kategori">{t.filterCategory}</label>
          <select id="kategori" name="kategori">
            <option value="">{t.filterCategoryAny}</option>
            {withSelected(
              renderOnce(reference.categoryTree, `calendar options ${tr.lang}`, () => (
                <>
                  {reference.categoryTree.map((group) => (
                    <optgroup label={tr.name(group)}>
                      <option value={group.slug}>{tr.name(group)}</option>
                      {group.children.map((c) => (
                        <option value={c.slug}>{`– ${tr.name(c)}`}</option>
                      ))}
                    </optgroup>
                  ))}
                </>
              )),
              firstCategory?.slug,
            )}
          </select>
          {otherCategories.map((c) => (
            <input type="hidden" name="kategori" value={c.slug} />
          ))}
        </div>
        <div class="field">
          <label for="fra">{t.filterFrom}</label>
          <input type="date" id="fra" name="fra" value={query.from} />
        </div>
        <div class="field">
          <label for="til">{t.filterTo}</label>
          <input type="date" id="til" name="til" value={query.to} />
        </div>
        <div class="field">
          <label for="alder">{t.filterAge}</label>
          <p class="hint" id="alder-hint">
            {t.filterAgeHint}
          </p>
          <input
            type="text"
            inputmode="numeric"
            id="alder"
            name="alder"
            maxlength={3}
            value={query.age === null ? '' : String(query.age)}
            aria-describedby="alder-hint"
          />
        </div>
        <div class="checkbox">
          <input type="checkbox" id="gratis" name="gratis" value="1" checked={query.free} />
          <label for="gratis">{t.filterFree}</label>
        </div>
        <button type="submit" class="secondary">
          {t.filterSubmit}
        </button>
      </fieldset>
    </form>
  );
}

export interface WhatsOnPageProps extends ResultsProps {
  meta: PageMeta;
  assets: Assets;
  heading: string;
  intro?: Child;
  fixedMunicipality: boolean;
  fixedRegion: boolean;
  /** The iCalendar feed for this selection, absolute. */
  feedUrl?: string;
}

export function WhatsOnPage(props: WhatsOnPageProps) {
  const { meta, assets, tr } = props;
  const t = tr.t.calendar;
  return (
    <Layout {...meta} assets={assets}>
      <h1>{props.heading}</h1>
      <p class="lead">{t.whatsOnIntro}</p>
      {props.intro}
      {props.feedUrl ? (
        <p class="calendar-feed">
          <a href={props.feedUrl} type="text/calendar">
            {t.subscribe}
          </a>
          <span class="hint">
            {' '}
            {t.subscribeHint} {t.subscribeWindow(tr.number(FEED_DAYS_BACK))}
          </span>
        </p>
      ) : null}
      <FilterForm {...props} />
      <p id="result-status" role="status" class="visually-hidden"></p>
      <section id="results" class="results" aria-labelledby="result-summary">
        <WhatsOnResults {...props} />
      </section>
    </Layout>
  );
}

export interface ActivityPageProps {
  meta: PageMeta;
  assets: Assets;
  reference: Reference;
  activity: PublicActivity;
  upcoming: Occurrence[];
  /** The association has not confirmed its entry for 18 months: its activities may be out of date too. */
  stale: boolean;
}

/** One activity or event: when (and its next dates), where, for whom, price, the organiser, and a calendar file. */
export function ActivityPage(props: ActivityPageProps) {
  const { meta, assets, reference, activity: a, upcoming } = props;
  const tr = meta.tr;
  const t = tr.t.calendar;
  const languages = languagesText(tr, a);
  return (
    <Layout {...meta} assets={assets}>
      <p class="breadcrumb">
        <a href="/hva-skjer">{t.whatsOnTitle}</a>
      </p>
      <h1>{a.title}</h1>
      {props.stale ? <p class="notice stale">{t.staleNotice}</p> : null}
      <dl class="info">
        <dt>{t.whenLabel}</dt>
        <dd>{scheduleText(tr, a)}</dd>
        <dt>{t.whereLabel}</dt>
        <dd>{placeText(reference, a, a.municipality_number, a.association_place_id)}</dd>
        <dt>{t.organiserLabel}</dt>
        <dd>
          <a href={`/lag/${a.association_slug}`}>{a.association_name}</a>
        </dd>
        <dt>{t.ageLabel}</dt>
        <dd>{ageText(tr, a)}</dd>
        <dt>{t.priceLabel}</dt>
        <dd>{priceText(tr, a)}</dd>
        {languages ? (
          <>
            <dt>{t.languagesLabel}</dt>
            <dd>{languages}</dd>
          </>
        ) : null}
        {a.signup_required || a.signup_url ? (
          <>
            <dt>{t.signupNeeded}</dt>
            <dd>
              {a.signup_url ? (
                <a href={a.signup_url} rel="nofollow noopener">
                  {t.signupLink}
                </a>
              ) : (
                t.signupNeeded
              )}
            </dd>
          </>
        ) : null}
      </dl>
      {a.description ? a.description.split(/\n\s*\n/).map((p) => <p>{p}</p>) : null}
      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t.nextOccurrences}</h2>
        {upcoming.length === 0 ? (
          <p>{t.noUpcoming}</p>
        ) : (
          <ul class="upcoming">
            {upcoming.map((o) => (
              <li class={o.cancelled ? 'occurrence--cancelled' : undefined}>
                <time datetime={`${o.date}T${o.startTime}`}>{`${dayName(tr, o.date)} ${t.scheduleTimes(o.startTime, o.endTime)}`}</time>
                {o.cancelled ? <strong> {t.cancelled}</strong> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <p>
        <a href={`/hva-skjer/${a.id}/kalender.ics`} download type="text/calendar">
          {t.addToCalendar}
        </a>
        <span class="hint"> {t.addToCalendarHint}</span>
      </p>
      <p class="report-link">
        <a href={`/lag/${a.association_slug}/meld-feil?aktivitet=${a.id}`}>{t.reportLink}</a>
      </p>
    </Layout>
  );
}

/** The association page's "Aktiviteter og arrangementer": its next occurrences and its feed. */
export function UpcomingForAssociation(props: { tr: Translator; reference: Reference; items: Listed[]; slug: string }) {
  const { tr, reference, items } = props;
  if (items.length === 0) return null;
  const t = tr.t.calendar;
  return (
    <section class="association-calendar" aria-labelledby="association-calendar-heading">
      <h2 id="association-calendar-heading">{t.detailHeading}</h2>
      <ul class="occurrences">
        {items.map((item) => (
          <li>
            <p class="occurrence__day">{dayName(tr, item.occurrence.date)}</p>
            <OccurrenceItem tr={tr} reference={reference} item={item} showOrganiser={false} />
          </li>
        ))}
      </ul>
      <p>
        <a href={`/lag/${props.slug}/kalender.ics`} type="text/calendar">
          {t.subscribe}
        </a>
      </p>
    </section>
  );
}

/** The front page's "this week": the next occurrences in the featured regions. */
export function ThisWeek(props: { tr: Translator; reference: Reference; items: Listed[]; moreHref: string }) {
  const { tr, reference, items } = props;
  const t = tr.t.calendar;
  return (
    <section class="this-week" aria-labelledby="this-week-heading">
      <h2 id="this-week-heading">{t.thisWeekHeading}</h2>
      {items.length === 0 ? (
        <p>{t.thisWeekEmpty}</p>
      ) : (
        <ul class="occurrences">
          {items.map((item) => (
            <li>
              <p class="occurrence__day">{dayName(tr, item.occurrence.date)}</p>
              <OccurrenceItem tr={tr} reference={reference} item={item} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={props.moreHref}>{t.thisWeekMore}</a>
      </p>
    </section>
  );
}
