import type { Reference } from '../db/reference.js';
import type { Translator } from '../i18n/index.js';
import type { AssociationFormData, AssociationFormField } from './association-form.js';

export interface FieldChange {
  field: AssociationFormField;
  label: string;
  before: string;
  after: string;
}

/** How each stored field reads to a moderator: names instead of slugs, one link a line. */
function readable(data: AssociationFormData, reference: Reference, tr: Translator): Record<AssociationFormField, string> {
  const municipality = reference.municipalityByNumber.get(data.municipalityNumber);
  const place = data.placeSlug ? reference.placeBySlug.get(data.placeSlug) : undefined;
  return {
    name: data.name,
    short_description: data.shortDescription,
    description: data.description,
    categories: data.categorySlugs.map((slug) => {
      const c = reference.categoryBySlug.get(slug);
      return c ? tr.name(c) : slug;
    }).join(', '),
    municipality: municipality?.display_name ?? data.municipalityNumber,
    place: place?.name ?? data.placeSlug ?? '',
    website: data.website ?? '',
    email: data.email ?? '',
    phone: data.phone ?? '',
    postal_address: data.postalAddress ?? '',
    postal_code: data.postalCode ?? '',
    org_number: data.orgNumber ?? '',
    founded_year: data.foundedYear === null ? '' : String(data.foundedYear),
    links: data.links.map((l) => l.url).join('\n'),
    contact_name: data.contactName,
    contact_email: data.contactEmail,
    publish_contact: data.publishContact ? '✓' : '–',
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
