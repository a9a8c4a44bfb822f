// Texts of the open-data API and the list exports, Norwegian Bokmål first; English must have
// the same keys. API messages name the parameter they are about, so a developer can fix the call.

export const openDataTextNb = {
  // Download links next to the result count on list pages.
  downloadHeading: 'Last ned listen',
  downloadCsv: 'CSV',
  downloadCsvSemicolon: 'CSV for Excel (semikolon)',
  downloadJson: 'JSON',
  downloadHint: 'Alle treffene med filtrene over, ikke bare denne siden.',
  csvColumns: {
    id: 'id',
    name: 'navn',
    short_description: 'kort beskrivelse',
    description: 'beskrivelse',
    municipality_number: 'kommunenummer',
    municipality: 'kommune',
    place: 'sted',
    categories: 'kategorier',
    website: 'nettside',
    other_links: 'andre lenker',
    email: 'e-post',
    phone: 'telefon',
    postal_address: 'postadresse',
    postal_code: 'postnummer',
    org_number: 'organisasjonsnummer',
    founded_year: 'stiftet',
    contact_name: 'kontaktperson',
    contact_email: 'kontaktpersonens e-post',
    last_modified: 'sist endret',
    url: 'lenke',
  },
  exportBadParameters: 'Adressen har feil som må rettes før vi kan lage filen:',
  exportBadSeparator: (value: string) =>
    `«${value}» er ikke et skilletegn vi kjenner. Bruk skilletegn=semikolon eller la parameteren være ute (komma).`,

  // API problem bodies (RFC 9457).
  problemBadRequest: 'Ugyldige parametere',
  problemBadRequestDetail: 'En eller flere parametere kunne ikke brukes. Se errors.',
  problemNotFound: 'Finnes ikke',
  problemNotFoundDetail: (id: string) => `Det finnes ingen publisert organisasjon med id «${id}».`,
  paramUnknown: (name: string, allowed: string) => `Ukjent parameter «${name}». Tillatt: ${allowed}.`,
  paramRepeated: (name: string) => `«${name}» kan bare oppgis én gang.`,
  paramPage: (max: number) => `Må være et helt tall fra 1 til ${max}.`,
  paramPerPage: (max: number) => `Må være et helt tall fra 1 til ${max}.`,
  paramModifiedAfter: 'Må være en ISO 8601-dato (2026-11-23) eller et tidspunkt med tidssone (2026-11-23T12:00:00Z).',
  paramBoolean: 'Må være true eller false.',
  paramUuid: 'Må være en UUID (8-4-4-4-12 heksadesimale sifre).',
  paramUnknownTerm: (id: string) => `Ingen taksonomiterm har id «${id}».`,
  paramUnknownTaxonomy: (id: string) => `Ingen taksonomi har id «${id}».`,
  paramUnknownOrganization: (id: string) => `Ingen organisasjon har id «${id}».`,
  paramFormat: 'Bare format=json støttes.',
  paramAlias: (name: string, alias: string) => `«${name}» og «${alias}» betyr det samme; bruk bare én av dem.`,
  problemNotFoundThing: (id: string) => `Det finnes ingenting med id «${id}» her.`,

  // HSDS taxonomies and terms.
  hsdsIcnpoDescription:
    'International Classification of Non-Profit Organizations (ICNPO), slik Frivillighetsregisteret bruker den: kategoriene lagene er ført under.',
  hsdsMunicipalityTaxonomyDescription: 'Norske kommunenumre (Kartverket, 2024): kommunen laget hører til.',
  hsdsCategoryDescription: (name: string, code: string, parent: string | null) =>
    parent === null ? `ICNPO-gruppe ${code}: ${name}.` : `ICNPO-kategori ${code}: ${name}, i gruppen ${parent}.`,
  hsdsMunicipalityDescription: (name: string, number: string, county: string) => `Kommune ${number}: ${name}, ${county}.`,

  // The HSDS profile page, /api/v1/profile.
  profileTitle: 'HSDS-profilen til Lagportal',
  profileIntro:
    'Det åpne API-et under /api/v1/ følger Open Referral Human Services Data Specification (HSDS) 3.0. Denne siden sier hva vi legger til og begrenser.',
  profileMappingHeading: 'Slik er lagene beskrevet',
  profileMapping: [
    'Et lag er en organization (organisasjon). Hvert lag tilbyr én service (tjeneste): det laget gjør for innbyggerne, i sin kommune. Hver synlige aktivitet og hvert arrangement i kalenderen er en schedule (timeplan) på tjenesten: faste aktiviteter med RFC 5545-feltene freq, interval, byday, count og until, arrangementer med valid_from og valid_to. opens_at og closes_at er norsk klokketid; timezone og tillegget i opens_at er UTC-forskyvningen i Oslo på dtstart, og en fast aktivitet holder samme klokkeslett også etter overgangen til og fra sommertid.',
    'Organisasjonsnummeret er en organization_identifier med identifier_scheme «NO-BRC» (org-id.guide) og identifier_type «Organisasjonsnummer».',
    'Kategoriene er attributes med termer fra taksonomien ICNPO (hovedkategorien har link_type «main_category»). Kommunen er en attribute med link_type «municipality» og en term fra taksonomien kommunenummer, og tjenestens service_area.',
    'Postadressen er en location av typen «postal» med én address; city er kommunen (poststed lagres ikke) og state_province fylket. Stedet laget hører til er en location av typen «physical» med stedets id som external_identifier.',
    'Alle id-er er UUID-er som aldri endres for et lag, heller ikke ved ny import fra Enhetsregisteret. Et lag som er slått sammen med et annet, svarer med en omdirigering (301) til laget det ble slått sammen med.',
  ],
  profileAdditionsHeading: 'Tillegg',
  profileAdditions: [
    'organization.additional_websites: de andre lenkene (Facebook, Instagram, andre).',
    'taxonomy_term.lagportal_slug: verdien filteret kategori tar.',
    'Parameterne kommune (kommunenummer), kategori (kategori-id), sted (steds-id) og lang (nb, nn eller en); q er det samme som search.',
    '/api/v1/municipalities og /api/v1/regions: referansedata. /api/v1/export.zip: hele registeret som HSDS-tabeller (datapackage.json og én CSV per tabell).',
  ],
  profileRestrictionsHeading: 'Begrensninger',
  profileRestrictions: [
    'Bare publiserte lag. Kontaktpersonen er med bare der laget har sagt ja til å vise den; lagets e-post er ikke med når laget bare vil kontaktes via skjema.',
    'Parameterne minimal, top_only, postcode og proximity støttes ikke; format tar bare json. Ukjente parametere gir 400.',
    'Uten search er listene ordnet alfabetisk, med search etter relevans som på nettstedet; med modified_after eller organization_id etter id.',
    'per_page er 1–100 (25 om ikke annet er oppgitt).',
  ],
};

export type OpenDataText = typeof openDataTextNb;

export const openDataTextEn: OpenDataText = {
  downloadHeading: 'Download the list',
  downloadCsv: 'CSV',
  downloadCsvSemicolon: 'CSV for Excel (semicolon)',
  downloadJson: 'JSON',
  downloadHint: 'Every match for the filters above, not just this page.',
  csvColumns: {
    id: 'id',
    name: 'name',
    short_description: 'short description',
    description: 'description',
    municipality_number: 'municipality number',
    municipality: 'municipality',
    place: 'place',
    categories: 'categories',
    website: 'website',
    other_links: 'other links',
    email: 'email',
    phone: 'phone',
    postal_address: 'postal address',
    postal_code: 'postal code',
    org_number: 'organisation number',
    founded_year: 'founded',
    contact_name: 'contact person',
    contact_email: 'contact person email',
    last_modified: 'last modified',
    url: 'link',
  },
  exportBadParameters: 'The address has errors that must be fixed before we can make the file:',
  exportBadSeparator: (value: string) =>
    `“${value}” is not a separator we know. Use skilletegn=semikolon or leave the parameter out (comma).`,

  problemBadRequest: 'Invalid parameters',
  problemBadRequestDetail: 'One or more parameters could not be used. See errors.',
  problemNotFound: 'Not found',
  problemNotFoundDetail: (id: string) => `There is no published organization with id “${id}”.`,
  paramUnknown: (name: string, allowed: string) => `Unknown parameter “${name}”. Allowed: ${allowed}.`,
  paramRepeated: (name: string) => `“${name}” may only be given once.`,
  paramPage: (max: number) => `Must be a whole number from 1 to ${max}.`,
  paramPerPage: (max: number) => `Must be a whole number from 1 to ${max}.`,
  paramModifiedAfter: 'Must be an ISO 8601 date (2026-11-23) or a date and time with a time zone (2026-11-23T12:00:00Z).',
  paramBoolean: 'Must be true or false.',
  paramUuid: 'Must be a UUID (8-4-4-4-12 hexadecimal digits).',
  paramUnknownTerm: (id: string) => `No taxonomy term has id “${id}”.`,
  paramUnknownTaxonomy: (id: string) => `No taxonomy has id “${id}”.`,
  paramUnknownOrganization: (id: string) => `No organization has id “${id}”.`,
  paramFormat: 'Only format=json is supported.',
  paramAlias: (name: string, alias: string) => `“${name}” and “${alias}” mean the same; use only one of them.`,
  problemNotFoundThing: (id: string) => `There is nothing with id “${id}” here.`,

  hsdsIcnpoDescription:
    'International Classification of Non-Profit Organizations (ICNPO), as Frivillighetsregisteret uses it: the categories associations are listed under.',
  hsdsMunicipalityTaxonomyDescription: 'Norwegian municipality numbers (Kartverket, 2024): the municipality an association belongs to.',
  hsdsCategoryDescription: (name: string, code: string, parent: string | null) =>
    parent === null ? `ICNPO group ${code}: ${name}.` : `ICNPO category ${code}: ${name}, in the group ${parent}.`,
  hsdsMunicipalityDescription: (name: string, number: string, county: string) => `Municipality ${number}: ${name}, ${county}.`,

  profileTitle: 'The HSDS profile of Lagportal',
  profileIntro:
    'The open API under /api/v1/ follows Open Referral Human Services Data Specification (HSDS) 3.0. This page says what we add and restrict.',
  profileMappingHeading: 'How associations are described',
  profileMapping: [
    'An association is an organization. Each association offers one service: what it does for residents, in its municipality. Each visible activity and event of the calendar is a schedule of that service: regular activities with the RFC 5545 fields freq, interval, byday, count and until, events with valid_from and valid_to. opens_at and closes_at are Norwegian wall-clock time; timezone and the suffix of opens_at are Oslo’s UTC offset on dtstart, and a regular activity keeps its time of day across the changes to and from summer time.',
    'The organisation number is an organization_identifier with identifier_scheme “NO-BRC” (org-id.guide) and identifier_type “Organisasjonsnummer”.',
    'Categories are attributes with terms from the ICNPO taxonomy (the main category has link_type “main_category”). The municipality is an attribute with link_type “municipality” and a term from the kommunenummer taxonomy, and the service’s service_area.',
    'The postal address is a location of type “postal” with one address; city is the municipality (the postal town is not stored) and state_province the county. The place an association belongs to is a location of type “physical” with the place’s id as external_identifier.',
    'Every id is a UUID that never changes for an association, not even on a new import from Enhetsregisteret. An association merged into another answers with a redirect (301) to the one it was merged into.',
  ],
  profileAdditionsHeading: 'Additions',
  profileAdditions: [
    'organization.additional_websites: the other links (Facebook, Instagram, other).',
    'taxonomy_term.lagportal_slug: the value the kategori filter takes.',
    'The parameters kommune (municipality number), kategori (category id), sted (place id) and lang (nb, nn or en); q is the same as search.',
    '/api/v1/municipalities and /api/v1/regions: reference data. /api/v1/export.zip: the whole registry as HSDS tables (datapackage.json and one CSV per table).',
  ],
  profileRestrictionsHeading: 'Restrictions',
  profileRestrictions: [
    'Published associations only. The contact person is included only where the association agreed to show it; the association’s email is left out when it only wants to be contacted through the form.',
    'The parameters minimal, top_only, postcode and proximity are not supported; format only takes json. Unknown parameters answer 400.',
    'Without search, lists are in alphabetical order, with search by relevance as on the site; with modified_after or organization_id by id.',
    'per_page is 1–100 (25 unless given).',
  ],
};
