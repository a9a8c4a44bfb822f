import type { AssociationDetail } from '../db/associations.js';
import type { Reference } from '../db/reference.js';
import { publicEmail } from './contact.js';
import { safeExternalUrl } from './url.js';

/**
 * schema.org Organization data for an association's page: only what the page itself shows
 * publicly, and no contact person.
 */
export function organizationJsonLd(a: AssociationDetail, reference: Reference, baseUrl: string): Record<string, unknown> {
  const municipality = reference.municipalityByNumber.get(a.municipality_number);
  const place = a.place_id === null ? undefined : reference.placeById.get(a.place_id);
  const website = safeExternalUrl(a.website);
  const sameAs = a.links.map((l) => safeExternalUrl(l.url)?.href).filter((u): u is string => Boolean(u));
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Organization',
    '@id': `${baseUrl}/lag/${a.slug}#organization`,
    name: a.name,
    url: website?.href ?? `${baseUrl}/lag/${a.slug}`,
    mainEntityOfPage: `${baseUrl}/lag/${a.slug}`,
  };
  if (a.short_description) data.description = a.short_description;
  if (sameAs.length > 0) data.sameAs = sameAs;
  const email = publicEmail(a);
  if (email) data.email = email;
  if (a.phone) data.telephone = a.phone;
  if (a.founded_year) data.foundingDate = String(a.founded_year);
  // Norwegian organisation numbers are Enhetsregisteret ids; schema.org has no dedicated property.
  if (a.org_number) data.identifier = { '@type': 'PropertyValue', propertyID: 'orgnr', value: a.org_number };
  if (municipality) {
    data.areaServed = { '@type': 'AdministrativeArea', name: municipality.name };
    data.address = {
      '@type': 'PostalAddress',
      ...(a.postal_address ? { streetAddress: a.postal_address } : {}),
      ...(a.postal_code ? { postalCode: a.postal_code } : {}),
      addressLocality: place?.name ?? municipality.name,
      addressRegion: municipality.county_name,
      addressCountry: 'NO',
    };
  }
  return data;
}
