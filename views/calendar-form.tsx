import type { Child } from 'hono/jsx';
import type { Reference } from '../src/db/reference.js';
import type { Activity } from '../src/db/types.js';
import type { Translator } from '../src/i18n/index.js';
import {
  ACTIVITY_FORM_FIELDS,
  ACTIVITY_LANGUAGES,
  type ActivityFormErrors,
  type ActivityFormField,
  type ActivityFormValues,
} from '../src/lib/activity-form.js';
import { FORM_TOKEN_FIELD } from '../src/lib/form-guard.js';
import { WEEKDAYS } from '../src/lib/recurrence.js';
import { ErrorSummary } from './components/error-summary.js';
import { scheduleText } from './calendar-parts.js';
import { Checkbox, CheckboxGroup, Field } from './fields.js';
import { type Assets, Layout, type PageMeta } from './layout.js';

// The association's own view of its activities, behind the private edit link: the section on
// the edit page, and the form for one activity or event. Both work without JavaScript.

/** Fields whose error summary link goes to a group's first control rather than to an element named after the field. */
const GROUP_TARGETS: Partial<Record<ActivityFormField, string>> = {
  kind: 'activity-kind',
  weekdays: 'activity-weekdays',
  price_type: 'activity-price-type',
  languages: 'activity-languages',
};
const fieldId = (field: ActivityFormField) => GROUP_TARGETS[field] ?? `activity-${field.replace(/_/g, '-')}`;

export interface ActivitySectionProps {
  tr: Translator;
  activities: Activity[];
  /** /endre/:token — every link and form of the section starts with it. */
  actionBase: string;
  actionToken: string;
  published: boolean;
  message?: string;
}

/** "Aktiviteter og arrangementer" on the edit page: what there is, and buttons to add, change and delete. */
export function ActivitySection(props: ActivitySectionProps) {
  const { tr, activities, actionBase } = props;
  const t = tr.t.calendar;
  return (
    <section class="panel" id="aktiviteter" aria-labelledby="activities-heading">
      <h2 id="activities-heading">{t.sectionHeading}</h2>
      {props.message ? (
        <div class="success" role="status">
          <p>{props.message}</p>
        </div>
      ) : null}
      <p>{props.published ? t.sectionIntro : t.sectionIntroPending}</p>
      {activities.length === 0 ? (
        <p>{t.sectionEmpty}</p>
      ) : (
        <ul class="activity-list">
          {activities.map((a) => (
            <li>
              <p>
                <strong>{a.title}</strong>
                {a.status === 'pending' ? ` (${t.statusPending})` : a.status === 'hidden' ? ` (${t.statusHidden(a.hidden_reason ?? '')})` : ''}
              </p>
              <p class="hint">
                {scheduleText(tr, a)}
                {a.import_source ? ` · ${tr.t.calendarImport.importedMark}` : ''}
              </p>
              <div class="buttons">
                <a href={`${actionBase}/aktiviteter/${a.id}`} aria-label={t.edit(a.title)}>
                  {t.editShort}
                </a>
                <form method="post" action={`${actionBase}/aktiviteter/${a.id}/slett`} class="inline-form">
                  <input type="hidden" name={FORM_TOKEN_FIELD} value={props.actionToken} />
                  <button type="submit" class="secondary" aria-label={t.deleteLabel(a.title)}>
                    {t.delete}
                  </button>
                </form>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p class="buttons">
        <a href={`${actionBase}/aktiviteter/ny`}>{t.addActivity}</a> <a href={`${actionBase}/aktiviteter/ny?type=arrangement`}>{t.addEvent}</a>
      </p>
      <p>
        <a href={`${actionBase}/kalender`}>{tr.t.calendarImport.sectionLink}</a>
      </p>
    </section>
  );
}

export interface ActivityFormPageProps {
  meta: PageMeta;
  assets: Assets;
  heading: string;
  reference: Reference;
  municipalityNumber: string;
  values: ActivityFormValues;
  errors: ActivityFormErrors;
  action: string;
  backHref: string;
  formToken: string;
  formMessage?: string;
}

export function ActivityFormPage(props: ActivityFormPageProps) {
  const { meta, values, errors, reference } = props;
  const tr = meta.tr;
  const t = tr.t.calendar;
  const errorText = (name: ActivityFormField) => {
    const key = errors[name];
    return key ? t.errors[key] : undefined;
  };
  const summary = ACTIVITY_FORM_FIELDS.filter((f) => errors[f]).map((f) => ({ href: `#${fieldId(f)}`, message: errorText(f) ?? '' }));
  const isEvent = values.kind === 'event';

  const field = (
    name: ActivityFormField,
    label: string,
    control: (a: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' }) => Child,
    hint?: string,
    optional = false,
  ) => <Field id={fieldId(name)} label={label} hint={hint} error={errorText(name)} optional={optional ? t.optional : undefined} control={control} />;
  const input = (
    name: ActivityFormField & keyof ActivityFormValues,
    label: string,
    extra: Record<string, string | number> = {},
    hint?: string,
    optional = false,
  ) => field(name, label, (a) => <input type="text" name={name} value={String(values[name])} {...a} {...extra} />, hint, optional);
  const textarea = (name: 'description' | 'skipped_dates' | 'cancelled_dates', label: string, hint?: string) =>
    field(
      name,
      label,
      (a) => (
        <textarea name={name} rows={name === 'description' ? 6 : 3} {...a}>
          {values[name]}
        </textarea>
      ),
      hint,
      true,
    );
  const radios = (name: 'kind' | 'frequency' | 'price_type', legend: string, options: [string, string][]) => (
    <CheckboxGroup id={`${fieldId(name)}-group`} legend={legend} error={errorText(name)}>
      {options.map(([value, label], i) => (
        <div class="checkbox">
          <input type="radio" id={i === 0 ? fieldId(name) : `${fieldId(name)}-${value}`} name={name} value={value} checked={values[name] === value} />
          <label for={i === 0 ? fieldId(name) : `${fieldId(name)}-${value}`}>{label}</label>
        </div>
      ))}
    </CheckboxGroup>
  );
  const places = reference.places.filter((p) => p.municipality_number === props.municipalityNumber);

  return (
    <Layout {...meta} assets={props.assets}>
      <h1>{props.heading}</h1>
      {props.formMessage ? (
        <div class="notice" role="alert">
          <p>{props.formMessage}</p>
        </div>
      ) : null}
      <ErrorSummary tr={tr} items={summary} />
      <form method="post" action={props.action} class="association-form activity-form" novalidate>
        <input type="hidden" name={FORM_TOKEN_FIELD} value={props.formToken} />
        {radios('kind', t.fieldKind, [
          ['activity', t.kindActivity],
          ['event', t.kindEvent],
        ])}
        {input('title', t.fieldTitle, { maxlength: 120 }, t.fieldTitleHint)}
        {textarea('description', t.fieldDescription)}
        <fieldset>
          <legend>{t.whenLabel}</legend>
          {input('start_date', t.fieldStartDate, { inputmode: 'numeric', maxlength: 10, autocomplete: 'off' }, t.fieldStartDateHint)}
          {input(
            'end_date',
            t.fieldEndDate,
            { inputmode: 'numeric', maxlength: 10, autocomplete: 'off' },
            isEvent ? t.fieldEndDateHintEvent : t.fieldEndDateHintActivity,
            true,
          )}
          {input('start_time', t.fieldStartTime, { inputmode: 'numeric', maxlength: 5, autocomplete: 'off' }, t.fieldTimeHint)}
          {input('end_time', t.fieldEndTime, { inputmode: 'numeric', maxlength: 5, autocomplete: 'off' })}
        </fieldset>
        <fieldset>
          <legend>{t.kindActivity}</legend>
          {radios('frequency', t.fieldFrequency, [
            ['weekly', t.frequencyWeekly],
            ['biweekly', t.frequencyBiweekly],
            ['monthly', t.frequencyMonthly],
          ])}
          <CheckboxGroup id="activity-weekdays-group" legend={t.fieldWeekdays} hint={t.fieldWeekdaysHint} error={errorText('weekdays')}>
            {WEEKDAYS.map((d, i) => (
              <Checkbox
                id={i === 0 ? 'activity-weekdays' : `activity-weekdays-${d}`}
                name="weekdays"
                value={d}
                checked={values.weekdays.includes(d)}
                label={t.weekdayNames[d] ?? d}
              />
            ))}
          </CheckboxGroup>
          {field('week_of_month', t.fieldWeekOfMonth, (a) => (
            <select name="week_of_month" {...a}>
              {['1', '2', '3', '4', '-1'].map((n) => (
                <option value={n} selected={values.week_of_month === n}>
                  {t.weekOfMonth[n]}
                </option>
              ))}
            </select>
          ))}
          {input('occurrence_count', t.fieldCount, { inputmode: 'numeric', maxlength: 3 }, t.fieldCountHint, true)}
          {textarea('skipped_dates', t.fieldSkippedDates, t.fieldSkippedDatesHint)}
        </fieldset>
        {textarea('cancelled_dates', t.fieldCancelledDates, t.fieldCancelledDatesHint)}
        <fieldset>
          <legend>{t.whereLabel}</legend>
          {field(
            'place',
            t.fieldPlace,
            (a) => (
              <select name="place" {...a}>
                <option value="">{t.fieldPlaceNone}</option>
                {places.map((p) => (
                  <option value={p.slug} selected={p.slug === values.place}>
                    {p.name}
                  </option>
                ))}
              </select>
            ),
            undefined,
            true,
          )}
          {input('address', t.fieldAddress, { maxlength: 200 }, t.fieldAddressHint, true)}
        </fieldset>
        <fieldset>
          <legend>{t.ageLabel}</legend>
          {input('age_from', t.fieldAgeFrom, { inputmode: 'numeric', maxlength: 3 }, t.fieldAgeHint, true)}
          {input('age_to', t.fieldAgeTo, { inputmode: 'numeric', maxlength: 3 }, undefined, true)}
        </fieldset>
        <fieldset>
          <legend>{t.priceLabel}</legend>
          {radios('price_type', t.fieldPriceType, [
            ['free', t.priceFree],
            ['paid', t.pricePaid],
          ])}
          {input('price', t.fieldPrice, { inputmode: 'numeric', maxlength: 12 }, undefined, true)}
          {input('price_note', t.fieldPriceNote, { maxlength: 200 }, t.fieldPriceNoteHint, true)}
        </fieldset>
        <CheckboxGroup id="activity-languages-group" legend={t.fieldLanguages} error={errorText('languages')}>
          {ACTIVITY_LANGUAGES.map((code, i) => (
            <Checkbox
              id={i === 0 ? 'activity-languages' : `activity-languages-${code}`}
              name="languages"
              value={code}
              checked={values.languages.includes(code)}
              label={t.languageNames[code] ?? code}
            />
          ))}
        </CheckboxGroup>
        <div class="checkbox">
          <input type="checkbox" id="activity-signup-required" name="signup_required" value="1" checked={values.signup_required} />
          <label for="activity-signup-required">{t.fieldSignupRequired}</label>
        </div>
        {input('signup_url', t.fieldSignupUrl, { inputmode: 'url', maxlength: 500 }, undefined, true)}
        <p class="buttons">
          <button type="submit">{t.save}</button> <a href={props.backHref}>{t.backToEntry}</a>
        </p>
      </form>
    </Layout>
  );
}
