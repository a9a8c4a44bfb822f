import type { Reference } from '../db/reference.js';
import type { Translator } from '../i18n/index.js';
import { type AssociationFormData, type AssociationFormField, formValuesFrom } from './association-form.js';

export interface FieldChange {
  field: AssociationFormField;
  label: string;
  before: string;
  after: string;
}

/**
 * How each stored field reads to a moderator: the values the edit form would show, with
 * names instead of slugs and numbers where the form shows a code.
 */
function readable(data: AssociationFormData, reference: Reference, tr: Translator): Record<AssociationFormField, string> {
  const values = formValuesFrom(data);
  const place = data.placeSlug ? reference.placeBySlug.get(data.placeSlug) : undefined;
  return {
    ...values,
    categories: data.categorySlugs
      .map((slug) => {
        const c = reference.categoryBySlug.get(slug);
        return c ? tr.name(c) : slug;
      })
      .join(', '),
    municipality: reference.municipalityByNumber.get(data.municipalityNumber)?.display_name ?? data.municipalityNumber,
    place: place?.name ?? values.place,
    publish_contact: data.publishContact ? '✓' : '–',
    contact_via_form: data.contactViaForm ? '✓' : '–',
    accept_terms: '',
  };
}

/** The fields that differ between the published entry and a proposal, in form order. */
export function diffAssociation(before: AssociationFormData, after: AssociationFormData, reference: Reference, tr: Translator): FieldChange[] {
  const a = readable(before, reference, tr);
  const b = readable(after, reference, tr);
  return (Object.keys(a) as AssociationFormField[])
    .filter((field) => a[field] !== b[field])
    .map((field) => ({ field, label: tr.t.form.labels[field], before: a[field], after: b[field] }));
}
