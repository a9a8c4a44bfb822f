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
};
