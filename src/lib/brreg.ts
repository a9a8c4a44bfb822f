import { LIMITS, cleanLine, normaliseWebsite } from './association-form.js';
import { isValidOrgNumber } from './org-number.js';

// Turning one unit from Enhetsregisteret's bulk download into what Lagportal stores. Pure:
// the file reading is in src/cli/import-brreg.ts and the writing in src/db/brreg.ts.
// Format: ../shared/reference/brreg.md (data.brreg.no, licence NLOD).

/** The parts of a unit that the import reads; everything is optional because the data is untrusted. */
export interface BrregUnit {
  organisasjonsnummer?: unknown;
  navn?: unknown;
  organisasjonsform?: { kode?: unknown } | null;
  hjemmeside?: unknown;
  postadresse?: BrregAddress | null;
  forretningsadresse?: BrregAddress | null;
  stiftelsesdato?: unknown;
  naeringskode1?: { kode?: unknown } | null;
  aktivitet?: unknown;
  vedtektsfestetFormaal?: unknown;
  slettedato?: unknown;
  konkurs?: unknown;
  underAvvikling?: unknown;
  underTvangsavviklingEllerTvangsopplosning?: unknown;
}

export interface BrregAddress {
  adresse?: unknown;
  postnummer?: unknown;
  kommunenummer?: unknown;
  landkode?: unknown;
}

/** The fields the import owns: it sets them on creation and keeps them current while nobody else changes them. */
export interface BrregFields {
  name: string;
  short_description: string;
  municipality_number: string;
  website: string | null;
  postal_address: string | null;
  postal_code: string | null;
  founded_year: number | null;
}

export const BRREG_FIELDS = [
  'name',
  'short_description',
  'municipality_number',
  'website',
  'postal_address',
  'postal_code',
  'founded_year',
] as const satisfies readonly (keyof BrregFields)[];

export interface BrregEntry {
  orgNumber: string;
  fields: BrregFields;
  /** ICNPO code of the category it gets when created, from the industry code. */
  icnpoCode: string;
}

/** Why a unit is not imported. The first two mean "not what was asked for"; the rest are skips. */
export type BrregSkip = 'other-form' | 'other-municipality' | 'closed' | 'invalid-org-number' | 'no-name';

export function isFli(unit: BrregUnit): boolean {
  return unit.organisasjonsform?.kode === 'FLI';
}

// Lower case inside a name unless first: "Bjerkvik Jeger- og Fiskerforening".
const SMALL_WORDS = new Set([
  'og',
  'i',
  'på',
  'for',
  'av',
  'til',
  'med',
  'ved',
  'om',
  'fra',
  'under',
  'over',
  'mot',
  'og/eller',
  'de',
  'det',
  'den',
  'en',
  'et',
]);
// Short forms people write in capitals: idrettslag, fotballklubb, Norges Jeger- og Fiskerforbund, …
const ABBREVIATIONS = new Set([
  'IL',
  'IF',
  'FK',
  'SK',
  'BK',
  'IK',
  'HK',
  'TIL',
  'BIL',
  'NJFF',
  'FAU',
  'KFUM',
  'KFUK',
  'NMS',
  'MC',
  'UL',
  'SA',
  'AS',
  'DNT',
  'NRK',
  'LHL',
  'NKS',
  'NHF',
  'FNF',
  'SPF',
  'HIL',
  'TUIL',
  'DS',
  'II',
]);

function capitalise(word: string): string {
  // After a hyphen, slash or bracket a new word starts: "Senja-Laget", "(Nordreisa)".
  return word.replace(/(^|[-/(])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

/**
 * A readable name from the register's: names written in capitals only are title-cased with
 * Norwegian small words in lower case and known short forms kept; any other name is kept.
 * @example readableName('BJERKVIK JEGER- OG FISKERFORENING') === 'Bjerkvik Jeger- og Fiskerforening'
 */
export function readableName(registered: string): string {
  const name = cleanLine(registered, LIMITS.name);
  if (/\p{Ll}/u.test(name)) return name;
  return name
    .split(' ')
    .map((word, index) => {
      if (ABBREVIATIONS.has(word) || /\d/.test(word)) return word;
      const lower = word.toLocaleLowerCase('nb');
      if (index > 0 && SMALL_WORDS.has(lower)) return lower;
      return capitalise(lower);
    })
    .join(' ');
}

/** Næringskode (SN2007) prefixes and the ICNPO category they mean; the first match wins. */
const INDUSTRY_CATEGORIES: [prefix: string, icnpo: string][] = [
  ['93.1', '01200'], // sport: idrettslag, idrettsanlegg, andre sportsaktiviteter
  ['93.2', '01300'], // fornøyelses- og fritidsaktiviteter
  ['90.', '01100'], // kunstnerisk virksomhet: kor, korps, teater
  ['91.', '01100'], // bibliotek, museum, kulturminner
  ['94.910', '10100'], // religiøse organisasjoner
  ['94.920', '07300'], // politiske organisasjoner
  ['94.110', '11100'], // næringslivs- og arbeidsgiverorganisasjoner
  ['94.120', '11200'], // yrkesorganisasjoner
  ['94.200', '11300'], // arbeidstakerorganisasjoner
  ['88.', '04100'], // sosiale omsorgstjenester uten botilbud
];
/** "Andre, ikke klassifisert annet sted": the register does not say enough to do better. */
export const DEFAULT_ICNPO = '12100';

export function icnpoFor(industryCode: unknown): string {
  if (typeof industryCode !== 'string') return DEFAULT_ICNPO;
  return INDUSTRY_CATEGORIES.find(([prefix]) => industryCode.startsWith(prefix))?.[1] ?? DEFAULT_ICNPO;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Cuts at a word boundary with an ellipsis, so that a description never ends mid-word. */
function shorten(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

function postalAddress(address: BrregAddress | null | undefined): { postal_address: string | null; postal_code: string | null } | null {
  if (!address || (address.landkode !== undefined && address.landkode !== 'NO')) return null;
  const code = text(address.postnummer);
  if (!/^[0-9]{4}$/.test(code)) return null;
  const lines = cleanLine(
    texts(address.adresse)
      .map((line) => cleanLine(line, LIMITS.postalAddress))
      .filter(Boolean)
      .join(', '),
    Number.POSITIVE_INFINITY,
  );
  return { postal_address: lines === '' || lines.length > LIMITS.postalAddress ? null : lines, postal_code: code };
}

/** True when the unit is deleted, bankrupt or being wound up: not an association to list. */
export function isClosed(unit: BrregUnit): boolean {
  return Boolean(unit.slettedato) || unit.konkurs === true || unit.underAvvikling === true || unit.underTvangsavviklingEllerTvangsopplosning === true;
}

/** The municipality the entry belongs to: the business address's when it is one of ours, else the postal address's. */
export function chosenMunicipality(unit: BrregUnit, municipalities: ReadonlySet<string>): string | null {
  for (const address of [unit.forretningsadresse, unit.postadresse]) {
    const number = text(address?.kommunenummer);
    if (municipalities.has(number)) return number;
  }
  return null;
}

/**
 * What Lagportal stores for a unit, or why it does not import it. `municipalities` are the
 * kommunenummer asked for; `currentYear` bounds the founding year like the registration form.
 */
export function toBrregEntry(
  unit: BrregUnit,
  municipalities: ReadonlySet<string>,
  currentYear: number,
): { ok: true; entry: BrregEntry } | { ok: false; skip: BrregSkip } {
  if (!isFli(unit)) return { ok: false, skip: 'other-form' };
  const municipality = chosenMunicipality(unit, municipalities);
  if (municipality === null) return { ok: false, skip: 'other-municipality' };
  if (isClosed(unit)) return { ok: false, skip: 'closed' };
  const orgNumber = text(unit.organisasjonsnummer);
  if (!isValidOrgNumber(orgNumber)) return { ok: false, skip: 'invalid-org-number' };
  const name = readableName(text(unit.navn));
  if (name === '') return { ok: false, skip: 'no-name' };

  const hjemmeside = cleanLine(text(unit.hjemmeside), Number.POSITIVE_INFINITY);
  const website = hjemmeside === '' ? null : normaliseWebsite(hjemmeside);
  const year = /^(\d{4})-\d{2}-\d{2}$/.exec(text(unit.stiftelsesdato))?.[1];
  const foundedYear = year !== undefined && Number(year) >= LIMITS.firstFoundedYear && Number(year) <= currentYear ? Number(year) : null;
  // The statutory purpose or activity is the register's own words about what the association does.
  const about = cleanLine([...texts(unit.aktivitet), ...texts(unit.vedtektsfestetFormaal)].join(' '), Number.POSITIVE_INFINITY);
  const address = postalAddress(unit.postadresse) ?? postalAddress(unit.forretningsadresse) ?? { postal_address: null, postal_code: null };

  return {
    ok: true,
    entry: {
      orgNumber,
      icnpoCode: icnpoFor(unit.naeringskode1?.kode),
      fields: {
        name,
        short_description: shorten(about, LIMITS.shortDescription),
        municipality_number: municipality,
        website: website?.ok ? website.url : null,
        postal_address: address.postal_address,
        postal_code: address.postal_code,
        founded_year: foundedYear,
      },
    },
  };
}
