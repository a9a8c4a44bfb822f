import type { Child } from 'hono/jsx';
import type { Reference } from '../src/db/reference.js';
import type { PossibleDuplicate } from '../src/db/submissions.js';
import type { Translator } from '../src/i18n/index.js';
import type { AssociationFormErrors, AssociationFormField, AssociationFormValues } from '../src/lib/association-form.js';
import { FORM_TOKEN_FIELD, HONEYPOT_FIELD } from '../src/lib/form-guard.js';
import { Checkbox, CheckboxGroup, Field, describedBy } from './fields.js';
import { ErrorSummary } from './components/error-summary.js';

export interface AssociationFormProps {
  tr: Translator;
  reference: Reference;
  values: AssociationFormValues;
  errors: AssociationFormErrors;
  action: string;
  submitLabel: string;
  formToken: string;
  /** Registration asks for the terms; editing does not. */
  requireTerms: boolean;
  /** A problem with the form as a whole (too fast, rate limited …), shown above it. */
  formMessage?: string;
  duplicates?: PossibleDuplicate[];
  /** Extra hidden fields, e.g. the moderator's CSRF token and the entry version. */
  hidden?: Record<string, string>;
  /** A second submit button, e.g. "Save and approve". */
  alternativeSubmit?: { name: string; value: string; label: string };
}

/** The id of the element an error summary link should move focus to. */
function fieldId(field: AssociationFormField, reference: Reference): string {
  if (field === 'categories') return `category-${reference.categoryTree[0]?.children[0]?.slug ?? ''}`;
  return `field-${field}`;
}

export function AssociationForm(props: AssociationFormProps) {
  const { tr, reference, values, errors, requireTerms } = props;
  const { t } = tr;
  const text = t.form;
  const errorText = (field: AssociationFormField) => {
    const key = errors[field];
    return key ? text.errors[key] : undefined;
  };
  const summary = (Object.keys(errors) as AssociationFormField[]).map((field) => ({
    href: `#${fieldId(field, reference)}`,
    message: errorText(field) ?? '',
  }));

  const hintFor = (name: AssociationFormField) => (text.hints as Partial<Record<AssociationFormField, Child>>)[name];
  /** One form field through the shared Field component, keyed by its form name. */
  const field = (name: AssociationFormField, control: (a: { id: string; describedBy: string | undefined; invalid: boolean }) => Child, optional = false) => (
    <Field
      id={`field-${name}`}
      label={text.labels[name]}
      hint={hintFor(name)}
      error={errorText(name)}
      optional={optional ? t.optional : undefined}
      control={(a) => control({ id: a.id, describedBy: a['aria-describedby'], invalid: a['aria-invalid'] === 'true' })}
    />
  );

  const input = (name: AssociationFormField, type: string, extra: Record<string, string | number> = {}, optional = false) =>
    field(
      name,
      (a) => (
        <input
          type={type}
          id={a.id}
          name={name}
          value={String(values[name as keyof AssociationFormValues] ?? '')}
          aria-describedby={a.describedBy}
          aria-invalid={a.invalid ? 'true' : undefined}
          {...extra}
        />
      ),
      optional,
    );

  const categoriesError = errorText('categories');
  const counties = new Map<string, typeof reference.municipalities>();
  for (const m of reference.municipalities) counties.set(m.county_name, [...(counties.get(m.county_name) ?? []), m]);

  return (
    <>
      {props.formMessage ? (
        <div class="notice" role="alert">
          <p>{props.formMessage}</p>
        </div>
      ) : null}
      <ErrorSummary tr={tr} items={summary} />
      {props.duplicates && props.duplicates.length > 0 ? (
        <section class="notice" aria-labelledby="duplicates-heading">
          <h2 id="duplicates-heading">{t.duplicateHeading}</h2>
          <p>{t.duplicateText}</p>
          <ul>
            {props.duplicates.map((d) => (
              <li>
                <a href={`/lag/${d.slug}`}>{d.name}</a> ({d.reason === 'org_number' ? t.duplicateSameOrgNumber : t.duplicateSimilarName}) –{' '}
                <a href={`/endre?lag=${encodeURIComponent(d.slug)}`}>{t.duplicateSuggestChange}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <form method="post" action={props.action} class="association-form" novalidate>
        <input type="hidden" name={FORM_TOKEN_FIELD} value={props.formToken} />
        {Object.entries(props.hidden ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <div class="hp">
          <label for={HONEYPOT_FIELD}>{t.honeypotLabel}</label>
          <input type="text" id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} tabindex={-1} autocomplete="off" />
        </div>

        <fieldset>
          <legend>{t.fieldsetAbout}</legend>
          {input('name', 'text', { maxlength: 120, autocomplete: 'organization' })}
          {input('short_description', 'text', { maxlength: 200 })}
          {field(
            'description',
            (a) => (
              <textarea id={a.id} name="description" rows={8} aria-describedby={a.describedBy} aria-invalid={a.invalid ? 'true' : undefined}>
                {values.description}
              </textarea>
            ),
            true,
          )}
          <CheckboxGroup id="categories" legend={text.labels.categories} hint={hintFor('categories')} error={categoriesError}>
            {reference.categoryTree.map((group) => (
              <div class="checkbox-group">
                <p class="checkbox-group__title">{tr.name(group)}</p>
                {group.children.map((c) => (
                  <Checkbox id={`category-${c.slug}`} name="categories" value={c.slug} checked={values.categories.includes(c.slug)} label={tr.name(c)} />
                ))}
              </div>
            ))}
          </CheckboxGroup>
          {input('founded_year', 'text', { inputmode: 'numeric', maxlength: 4 }, true)}
          {input('org_number', 'text', { inputmode: 'numeric', maxlength: 11 }, true)}
        </fieldset>

        <fieldset>
          <legend>{t.fieldsetWhere}</legend>
          {field('municipality', (a) => (
            <select id={a.id} name="municipality" aria-describedby={a.describedBy} aria-invalid={a.invalid ? 'true' : undefined}>
              <option value="">{t.municipalityAny}</option>
              {[...counties].map(([county, list]) => (
                <optgroup label={county}>
                  {list.map((m) => (
                    <option value={m.number} selected={m.number === values.municipality}>
                      {m.display_name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          ))}
          {field(
            'place',
            (a) => (
              <select id={a.id} name="place" aria-describedby={a.describedBy} aria-invalid={a.invalid ? 'true' : undefined}>
                <option value="">{t.placeAny}</option>
                {reference.places.map((p) => (
                  <option value={p.slug} selected={p.slug === values.place}>
                    {`${p.name} (${reference.municipalityByNumber.get(p.municipality_number)?.display_name ?? ''})`}
                  </option>
                ))}
              </select>
            ),
            true,
          )}
        </fieldset>

        <fieldset>
          <legend>{t.fieldsetContact}</legend>
          {input('website', 'text', { inputmode: 'url', autocomplete: 'url', maxlength: 2000 }, true)}
          {input('email', 'email', { autocomplete: 'email', maxlength: 254 }, true)}
          {checkbox('contact_via_form', values.contact_via_form)}
          {input('phone', 'tel', { autocomplete: 'tel', maxlength: 30 }, true)}
          {input('postal_address', 'text', { autocomplete: 'address-line1', maxlength: 200 }, true)}
          {input('postal_code', 'text', { autocomplete: 'postal-code', inputmode: 'numeric', maxlength: 4 }, true)}
          {field(
            'links',
            (a) => (
              <textarea id={a.id} name="links" rows={3} aria-describedby={a.describedBy} aria-invalid={a.invalid ? 'true' : undefined}>
                {values.links}
              </textarea>
            ),
            true,
          )}
        </fieldset>

        <fieldset>
          <legend>{t.fieldsetContactPerson}</legend>
          <div class="info">
            <h2 class="info__title">{t.publicInfoHeading}</h2>
            <p>{t.publicInfoText}</p>
            <p>{t.privateInfoText}</p>
          </div>
          {input('contact_name', 'text', { autocomplete: 'name', maxlength: 120 })}
          {input('contact_email', 'email', { autocomplete: 'email', maxlength: 254 })}
          {checkbox('publish_contact', values.publish_contact)}
        </fieldset>

        {requireTerms ? (
          <fieldset>
            <legend>{t.fieldsetTerms}</legend>
            {checkbox('accept_terms', values.accept_terms)}
          </fieldset>
        ) : null}

        {props.duplicates && props.duplicates.length > 0 ? (
          <div class="checkbox">
            <input type="checkbox" id="field-not_duplicate" name="not_duplicate" value="1" />
            <label for="field-not_duplicate">{t.duplicateConfirmLabel}</label>
          </div>
        ) : null}

        <div class="buttons">
          <button type="submit">{props.submitLabel}</button>
          {props.alternativeSubmit ? (
            <button type="submit" class="secondary" name={props.alternativeSubmit.name} value={props.alternativeSubmit.value}>
              {props.alternativeSubmit.label}
            </button>
          ) : null}
        </div>
      </form>
    </>
  );

  function checkbox(name: 'contact_via_form' | 'publish_contact' | 'accept_terms', checked: boolean) {
    const id = `field-${name}`;
    const hintText = hintFor(name);
    // The terms are a page of their own (/vilkar), opened beside the form so nothing typed is lost.
    const hint: Child =
      name === 'accept_terms' ? (
        <a href="/vilkar" target="_blank" rel="noopener">
          {t.admin.terms.link}
        </a>
      ) : (
        hintText
      );
    const error = errorText(name);
    return (
      <div class={error ? 'field field--error checkbox' : 'field checkbox'}>
        {error ? (
          <p class="field-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
        <input
          type="checkbox"
          id={id}
          name={name}
          value="1"
          checked={checked}
          aria-describedby={describedBy(id, hint, error)}
          aria-invalid={error ? 'true' : undefined}
        />
        <label for={id}>{text.labels[name]}</label>
        {hint ? (
          <p class="hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
      </div>
    );
  }
}
