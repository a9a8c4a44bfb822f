import { beforeAll, describe, expect, it } from 'vitest';
import type { Reference } from '../src/db/reference.js';
import {
  ASSOCIATION_FORM_FIELDS,
  type AssociationFormValues,
  type FormErrorKey,
  cleanLine,
  cleanMultiline,
  emptyAssociationForm,
  formValuesFrom,
  normalisePhone,
  normaliseWebsite,
  parseLinks,
  readAssociationForm,
  validateAssociationForm,
} from '../src/lib/association-form.js';
import { formHint, formTextEn, formTextNb } from '../src/i18n/form-text.js';
import { freshDatabase } from './helpers.js';

let reference: Reference;

beforeAll(async () => {
  ({ reference } = await freshDatabase());
});

/** A form that passes validation; override what a test is about. */
function filled(overrides: Partial<AssociationFormValues> = {}): AssociationFormValues {
  return {
    ...emptyAssociationForm(),
    name: 'Bjerkvik IL',
    short_description: 'Fotball, ski og friidrett for alle aldre.',
    description: 'Vi trener hver tirsdag.\n\nAlle er velkomne.',
    categories: ['idrett'],
    municipality: '1806',
    contact_name: 'Kari Nordmann',
    contact_email: 'kari@example.no',
    accept_terms: true,
    ...overrides,
  };
}

function validate(values: AssociationFormValues, options: { requireTerms?: boolean; currentYear?: number } = {}) {
  return validateAssociationForm(values, {
    reference,
    currentYear: options.currentYear ?? 2026,
    requireTerms: options.requireTerms ?? true,
  });
}

function data(overrides: Partial<AssociationFormValues> = {}) {
  const result = validate(filled(overrides));
  if (!result.ok) throw new Error(`expected valid form, got ${JSON.stringify(result.errors)}`);
  return result.data;
}

function errors(overrides: Partial<AssociationFormValues> = {}, options: { requireTerms?: boolean; currentYear?: number } = {}) {
  const result = validate(filled(overrides), options);
  return result.ok ? {} : result.errors;
}

describe('the field list', () => {
  it('names the 19 form fields in the agreed order', () => {
    expect(ASSOCIATION_FORM_FIELDS).toEqual([
      'name',
      'short_description',
      'description',
      'categories',
      'municipality',
      'place',
      'website',
      'email',
      'phone',
      'postal_address',
      'postal_code',
      'org_number',
      'founded_year',
      'links',
      'contact_via_form',
      'contact_name',
      'contact_email',
      'publish_contact',
      'accept_terms',
    ]);
  });

  it('starts an empty form with every field blank and no box ticked', () => {
    const empty = emptyAssociationForm();
    expect(Object.keys(empty).sort()).toEqual([...ASSOCIATION_FORM_FIELDS].sort());
    expect(empty.categories).toEqual([]);
    expect(empty.publish_contact).toBe(false);
    expect(empty.accept_terms).toBe(false);
    expect(empty.name).toBe('');
  });
});

describe('a complete form', () => {
  it('gives clean data ready to store', () => {
    const result = validate(
      filled({
        name: '  Bjerkvik   IL ',
        categories: ['idrett', 'kunst-og-kultur'],
        place: 'bjerkvik',
        website: 'bjerkvik-il.no',
        email: 'Post@Bjerkvik-IL.NO',
        phone: '912 34 567',
        postal_address: 'Postboks 12',
        postal_code: '8530',
        org_number: '974 760 673',
        founded_year: '1921',
        links: 'facebook.com/bjerkvikil\nhttps://www.instagram.com/bjerkvikil',
        publish_contact: true,
      }),
    );
    expect(result).toEqual({
      ok: true,
      data: {
        name: 'Bjerkvik IL',
        shortDescription: 'Fotball, ski og friidrett for alle aldre.',
        description: 'Vi trener hver tirsdag.\n\nAlle er velkomne.',
        categorySlugs: ['idrett', 'kunst-og-kultur'],
        municipalityNumber: '1806',
        placeSlug: 'bjerkvik',
        website: 'https://bjerkvik-il.no/',
        email: 'Post@bjerkvik-il.no',
        phone: '+47 91 23 45 67',
        postalAddress: 'Postboks 12',
        postalCode: '8530',
        orgNumber: '974760673',
        foundedYear: 1921,
        links: [
          { kind: 'facebook', url: 'https://facebook.com/bjerkvikil' },
          { kind: 'instagram', url: 'https://www.instagram.com/bjerkvikil' },
        ],
        contactName: 'Kari Nordmann',
        contactViaForm: false,
        contactEmail: 'kari@example.no',
        publishContact: true,
      },
    });
  });

  it('stores empty optional fields as null and no links as an empty list', () => {
    const d = data();
    expect(d.placeSlug).toBeNull();
    expect(d.website).toBeNull();
    expect(d.email).toBeNull();
    expect(d.phone).toBeNull();
    expect(d.postalAddress).toBeNull();
    expect(d.postalCode).toBeNull();
    expect(d.orgNumber).toBeNull();
    expect(d.foundedYear).toBeNull();
    expect(d.links).toEqual([]);
    expect(d.description).toBe('Vi trener hver tirsdag.\n\nAlle er velkomne.');
    expect(d.publishContact).toBe(false);
  });

  it('keeps the other fields when one is wrong', () => {
    const values = filled({ website: 'javascript:alert(1)', phone: '912 34 567', place: 'bjerkvik' });
    const before = structuredClone(values);
    const result = validate(values);
    expect(result).toEqual({ ok: false, errors: { website: 'websiteScheme' } });
    expect(values).toEqual(before);
  });

  it('collects errors for every bad field, not only the first', () => {
    expect(
      errors({
        name: '',
        short_description: '',
        categories: [],
        municipality: '',
        website: 'ftp://example.no',
        email: 'ikke en adresse',
        phone: '123',
        postal_code: '85',
        org_number: '12345',
        founded_year: '1700',
        links: 'mailto:a@example.no',
        contact_name: '',
        contact_email: '',
        accept_terms: false,
      }),
    ).toEqual({
      name: 'nameRequired',
      short_description: 'shortDescriptionRequired',
      categories: 'categoriesRequired',
      municipality: 'municipalityRequired',
      website: 'websiteScheme',
      email: 'emailInvalid',
      phone: 'phoneInvalid',
      postal_code: 'postalCodeInvalid',
      org_number: 'orgNumberFormat',
      founded_year: 'foundedYearRange',
      links: 'linksScheme',
      contact_name: 'contactNameRequired',
      contact_email: 'contactEmailRequired',
      accept_terms: 'acceptTermsRequired',
    });
  });

  it('treats a form that is only white space as empty', () => {
    expect(errors({ name: ' \t ', short_description: '\u00A0', contact_name: '   ' })).toEqual({
      name: 'nameRequired',
      short_description: 'shortDescriptionRequired',
      contact_name: 'contactNameRequired',
    });
  });
});

describe('text fields', () => {
  it('removes control characters', () => {
    const d = data({ name: 'Bjerk\u0000vik\u0007 IL\u009B', description: 'Linje 1\u0000\r\nLinje\u0008 2' });
    expect(d.name).toBe('Bjerkvik IL');
    expect(d.description).toBe('Linje 1\nLinje 2');
  });

  it('turns a tab into a space rather than gluing words together', () => {
    expect(data({ name: 'Bjerkvik\tIL' }).name).toBe('Bjerkvik IL');
  });

  it('allows HTML as plain text', () => {
    expect(data({ name: '<b>Lag & venner</b>' }).name).toBe('<b>Lag & venner</b>');
  });

  it('accepts a name of 120 characters and refuses 121 instead of cutting it', () => {
    expect(data({ name: 'a'.repeat(120) }).name).toHaveLength(120);
    expect(errors({ name: 'a'.repeat(121) })).toEqual({ name: 'nameTooLong' });
  });

  it('counts the length after white space is folded', () => {
    expect(data({ name: `${'a'.repeat(60)}     ${'b'.repeat(59)}` }).name).toHaveLength(120);
  });

  it('refuses a short description over 200 characters', () => {
    expect(data({ short_description: 'x'.repeat(200) }).shortDescription).toHaveLength(200);
    expect(errors({ short_description: 'x'.repeat(201) })).toEqual({ short_description: 'shortDescriptionTooLong' });
  });

  it('allows an empty description and refuses one over 5000 characters', () => {
    expect(data({ description: '' }).description).toBe('');
    expect(data({ description: 'x'.repeat(5000) }).description).toHaveLength(5000);
    expect(errors({ description: 'x'.repeat(5001) })).toEqual({ description: 'descriptionTooLong' });
  });

  it('keeps paragraphs in the description but no more than two blank lines in a row', () => {
    expect(data({ description: '\n\nFørst  \r\n\r\n\r\n\r\n\r\n\r\nSist\n\n' }).description).toBe('Først\n\n\nSist');
  });

  it('refuses a contact name over 120 characters and a postal address over 200', () => {
    expect(errors({ contact_name: 'k'.repeat(121), postal_address: 'p'.repeat(201), postal_code: '8514' })).toEqual({
      contact_name: 'contactNameTooLong',
      postal_address: 'postalAddressTooLong',
    });
  });
});

describe('cleanLine and cleanMultiline', () => {
  it('cleanLine trims, folds white space, drops control characters and cuts to max', () => {
    expect(cleanLine('  a \u0000 b\n\nc\u007F  ', 100)).toBe('a b c');
    expect(cleanLine('abcdef', 3)).toBe('abc');
    expect(cleanLine('ab cd', 3)).toBe('ab');
  });

  it('cleanLine never leaves half of a surrogate pair', () => {
    expect(cleanLine('ab😀', 3)).toBe('ab');
  });

  it('cleanMultiline keeps line breaks and trims the end of each line', () => {
    expect(cleanMultiline('a  \r\nb\t \rc', 100)).toBe('a\nb\nc');
    expect(cleanMultiline('a\n\n\n\n\n\nb', 100)).toBe('a\n\n\nb');
    expect(cleanMultiline('a\u0000b\nc', 100)).toBe('ab\nc');
    expect(cleanMultiline('abc\ndef', 5)).toBe('abc\nd');
  });
});

describe('categories', () => {
  it('accepts one to three known categories in the order chosen', () => {
    expect(data({ categories: ['helse', 'idrett', 'dyrevern'] }).categorySlugs).toEqual(['helse', 'idrett', 'dyrevern']);
  });

  it('refuses a form with no category', () => {
    expect(errors({ categories: [] })).toEqual({ categories: 'categoriesRequired' });
  });

  it('refuses more than three categories', () => {
    expect(errors({ categories: ['idrett', 'helse', 'dyrevern', 'kunst-og-kultur'] })).toEqual({
      categories: 'categoriesTooMany',
    });
  });

  it('refuses an unknown category', () => {
    expect(errors({ categories: ['idrett', 'finnes-ikke'] })).toEqual({ categories: 'categoriesUnknown' });
  });

  it('drops duplicates before counting', () => {
    expect(data({ categories: ['idrett', 'idrett', 'helse', 'helse', 'dyrevern'] }).categorySlugs).toEqual(['idrett', 'helse', 'dyrevern']);
  });
});

describe('municipality and place', () => {
  it('requires a municipality', () => {
    expect(errors({ municipality: '' })).toEqual({ municipality: 'municipalityRequired' });
  });

  it('refuses a municipality number that is not four digits', () => {
    expect(errors({ municipality: '186' })).toEqual({ municipality: 'municipalityInvalid' });
    expect(errors({ municipality: 'Narvik' })).toEqual({ municipality: 'municipalityInvalid' });
  });

  it('refuses an unknown municipality without throwing', () => {
    expect(() => validate(filled({ municipality: '9999' }))).not.toThrow();
    expect(errors({ municipality: '9999' })).toEqual({ municipality: 'municipalityUnknown' });
  });

  it('accepts a place in the chosen municipality', () => {
    expect(data({ municipality: '5530', place: 'finnsnes' }).placeSlug).toBe('finnsnes');
  });

  it('refuses a place in another municipality', () => {
    expect(errors({ municipality: '1806', place: 'finnsnes' })).toEqual({ place: 'placeWrongMunicipality' });
  });

  it('refuses an unknown place', () => {
    expect(errors({ place: 'atlantis' })).toEqual({ place: 'placeUnknown' });
  });

  it('only blames the municipality when it is unknown and a place is chosen', () => {
    expect(errors({ municipality: '9999', place: 'bjerkvik' })).toEqual({ municipality: 'municipalityUnknown' });
  });
});

describe('normaliseWebsite', () => {
  it('turns a bare example.no into https://example.no/', () => {
    expect(normaliseWebsite('example.no')).toEqual({ ok: true, url: 'https://example.no/' });
  });

  it('adds https:// to www.example.no/side', () => {
    expect(normaliseWebsite('  www.example.no/side ')).toEqual({ ok: true, url: 'https://www.example.no/side' });
  });

  it('keeps http and https addresses, normalised', () => {
    expect(normaliseWebsite('http://Example.NO')).toEqual({ ok: true, url: 'http://example.no/' });
    expect(normaliseWebsite('HTTPS://example.no/a?b=c#d')).toEqual({ ok: true, url: 'https://example.no/a?b=c#d' });
    expect(normaliseWebsite('//example.no/x')).toEqual({ ok: true, url: 'https://example.no/x' });
  });

  it('keeps a port on a bare address', () => {
    expect(normaliseWebsite('example.no:8080/side')).toEqual({ ok: true, url: 'https://example.no:8080/side' });
  });

  it('writes a Norwegian domain name in its ASCII form', () => {
    expect(normaliseWebsite('bøler.no')).toEqual({ ok: true, url: 'https://xn--bler-gra.no/' });
  });

  it('rejects a javascript: website', () => {
    expect(normaliseWebsite('javascript:alert(1)')).toEqual({ ok: false, error: 'websiteScheme' });
    expect(normaliseWebsite('JavaScript:alert(1)')).toEqual({ ok: false, error: 'websiteScheme' });
    expect(normaliseWebsite(' \u0000javascript:alert(1)')).toEqual({ ok: false, error: 'websiteScheme' });
  });

  it('rejects data:, vbscript:, file:, ftp: and mailto: addresses', () => {
    for (const input of [
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://example.no/',
      'mailto:post@example.no',
      'gopher://example.no',
    ]) {
      expect(normaliseWebsite(input), input).toEqual({ ok: false, error: 'websiteScheme' });
    }
  });

  it('refuses a user name or password in the address', () => {
    expect(normaliseWebsite('https://user:secret@example.no/')).toEqual({ ok: false, error: 'websiteCredentials' });
    expect(normaliseWebsite('https://example.no@evil.example.com/')).toEqual({ ok: false, error: 'websiteCredentials' });
  });

  it('refuses spaces', () => {
    expect(normaliseWebsite('example .no')).toEqual({ ok: false, error: 'websiteSpaces' });
    expect(normaliseWebsite('https://example.no/min side')).toEqual({ ok: false, error: 'websiteSpaces' });
  });

  it('refuses a host without a dot and a top-level domain', () => {
    for (const input of ['localhost', 'https://intranet/', 'example.n', 'example.123', '192.168.0.1', 'http://', 'https://.no', '']) {
      expect(normaliseWebsite(input), input).toEqual({ ok: false, error: 'websiteInvalid' });
    }
  });

  it('refuses an address over 2000 characters once normalised', () => {
    const path = 'a'.repeat(2000 - 'https://example.no/'.length);
    expect(normaliseWebsite(`example.no/${path}`)).toEqual({ ok: true, url: `https://example.no/${path}` });
    expect(normaliseWebsite(`example.no/${path}a`)).toEqual({ ok: false, error: 'websiteTooLong' });
    expect(normaliseWebsite(`example.no/${'a'.repeat(100_000)}`)).toEqual({ ok: false, error: 'websiteTooLong' });
  });

  it('reports the website problem on the website field', () => {
    expect(errors({ website: 'https://a:b@example.no' })).toEqual({ website: 'websiteCredentials' });
    expect(data({ website: 'www.example.no/side' }).website).toBe('https://www.example.no/side');
  });
});

describe('links', () => {
  it('reads one address a line and ignores blank lines', () => {
    expect(parseLinks('\n  example.no/a  \r\n\r\n\nhttps://example.org/b\n')).toEqual({
      ok: true,
      links: [
        { kind: 'other', url: 'https://example.no/a' },
        { kind: 'other', url: 'https://example.org/b' },
      ],
    });
  });

  it('recognises Facebook and Instagram addresses', () => {
    const result = parseLinks(
      [
        'https://www.facebook.com/laget',
        'm.facebook.com/groups/123',
        'facebook.com/laget2',
        'fb.com/laget',
        'instagram.com/laget',
        'https://www.instagram.com/laget2',
        'https://notfacebook.com/laget',
        'https://facebook.com.example.no/',
      ].join('\n'),
    );
    expect(result.ok && result.links.map((l) => l.kind)).toEqual(['facebook', 'facebook', 'facebook', 'facebook', 'instagram', 'instagram', 'other', 'other']);
  });

  it('removes duplicate links', () => {
    expect(parseLinks('example.no\nhttps://example.no/\nEXAMPLE.NO')).toEqual({
      ok: true,
      links: [{ kind: 'other', url: 'https://example.no/' }],
    });
  });

  it('accepts 10 links and refuses 11', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `example.no/${i}`).join('\n');
    expect(parseLinks(lines(10)).ok).toBe(true);
    expect(parseLinks(lines(11))).toEqual({ ok: false, error: 'linksTooMany' });
    expect(errors({ links: lines(11) })).toEqual({ links: 'linksTooMany' });
  });

  it('names the problem of a bad line', () => {
    expect(parseLinks('example.no\njavascript:alert(1)')).toEqual({ ok: false, error: 'linksScheme' });
    expect(parseLinks('https://u:p@example.no')).toEqual({ ok: false, error: 'linksCredentials' });
    expect(parseLinks('Facebook: facebook.com/laget')).toEqual({ ok: false, error: 'linksSpaces' });
    expect(parseLinks('laget')).toEqual({ ok: false, error: 'linksInvalid' });
    expect(parseLinks(`example.no/${'a'.repeat(2000)}`)).toEqual({ ok: false, error: 'linksTooLong' });
  });

  it('gives an empty list for an empty field', () => {
    expect(parseLinks('')).toEqual({ ok: true, links: [] });
    expect(parseLinks(' \n \n')).toEqual({ ok: true, links: [] });
  });
});

describe('email addresses', () => {
  it('lower-cases the domain and keeps the local part as typed', () => {
    const d = data({ email: '  Post@Laget.NO ', contact_email: 'Kari.Nordmann@Example.No' });
    expect(d.email).toBe('Post@laget.no');
    expect(d.contactEmail).toBe('Kari.Nordmann@example.no');
  });

  it('refuses addresses that are not shaped like an email address', () => {
    for (const bad of ['kari', 'kari@', '@example.no', 'kari@example', 'kari nordmann@example.no', 'kari@@example.no']) {
      expect(errors({ email: bad, contact_email: bad }), bad).toEqual({
        email: 'emailInvalid',
        contact_email: 'contactEmailInvalid',
      });
    }
  });

  it('requires the contact email but not the public one', () => {
    expect(errors({ email: '', contact_email: '' })).toEqual({ contact_email: 'contactEmailRequired' });
  });

  it('refuses addresses over 254 characters', () => {
    const long = `${'a'.repeat(64)}@${'b'.repeat(180)}.example.no`;
    expect(long.length).toBeGreaterThan(254);
    expect(errors({ email: long, contact_email: long })).toEqual({
      email: 'emailTooLong',
      contact_email: 'contactEmailTooLong',
    });
  });
});

describe('normalisePhone', () => {
  it('formats 91234567 as +47 91 23 45 67', () => {
    expect(normalisePhone('91234567')).toEqual({ ok: true, phone: '+47 91 23 45 67' });
  });

  it('formats the usual ways of writing a Norwegian number the same way', () => {
    for (const input of ['912 34 567', '91 23 45 67', '+47 912 34 567', '+4791234567', '0047 91234567', '(+47) 91234567']) {
      expect(normalisePhone(input), input).toEqual({ ok: true, phone: '+47 91 23 45 67' });
    }
    expect(normalisePhone('+4722334455')).toEqual({ ok: true, phone: '+47 22 33 44 55' });
  });

  it('accepts a foreign number written with its country code', () => {
    expect(normalisePhone('+46 70 123 45 67')).toEqual({ ok: true, phone: '+46 70 123 45 67' });
    expect(normalisePhone('0046701234567')).toEqual({ ok: true, phone: '+46 70 123 45 67' });
    expect(normalisePhone('+1 202 555 0143')).toEqual({ ok: true, phone: '+1 202 555 0143' });
  });

  it('asks for the country code when a foreign number lacks the +', () => {
    expect(normalisePhone('46701234567')).toEqual({ ok: false, error: 'phoneCountryCode' });
  });

  it('refuses numbers that are not valid', () => {
    for (const input of ['123', '12345678901234', '2025550143', 'ring meg', '912 34 567 ext 2', '+47 02000', '']) {
      expect(normalisePhone(input), input).toEqual({ ok: false, error: 'phoneInvalid' });
    }
  });

  it('reports the problem on the phone field', () => {
    expect(errors({ phone: '46701234567' })).toEqual({ phone: 'phoneCountryCode' });
    expect(data({ phone: '22 33 44 55' }).phone).toBe('+47 22 33 44 55');
  });
});

describe('postal address and code', () => {
  it('accepts a four-digit postcode with or without an address', () => {
    expect(data({ postal_code: ' 8514 ' }).postalCode).toBe('8514');
    expect(data({ postal_address: 'Postboks 12', postal_code: '8514' }).postalAddress).toBe('Postboks 12');
  });

  it('refuses a postcode that is not four digits', () => {
    for (const bad of ['851', '85140', 'N-8514', '85 14']) {
      expect(errors({ postal_code: bad }), bad).toEqual({ postal_code: 'postalCodeInvalid' });
    }
  });

  it('requires a postcode when an address is given', () => {
    expect(errors({ postal_address: 'Postboks 12' })).toEqual({ postal_code: 'postalCodeRequired' });
  });
});

describe('organisation number', () => {
  it('accepts 974760673 and rejects 974760674', () => {
    expect(data({ org_number: '974760673' }).orgNumber).toBe('974760673');
    expect(errors({ org_number: '974760674' })).toEqual({ org_number: 'orgNumberCheckDigit' });
  });

  it('accepts spaces in what is typed and stores the digits only', () => {
    expect(data({ org_number: ' 974 760 673 ' }).orgNumber).toBe('974760673');
  });

  it('refuses anything that is not nine digits', () => {
    for (const bad of ['97476067', '9747606730', '974-760-673', 'NO974760673MVA']) {
      expect(errors({ org_number: bad }), bad).toEqual({ org_number: 'orgNumberFormat' });
    }
  });
});

describe('year founded', () => {
  it('accepts years from 1800 to the current year', () => {
    expect(data({ founded_year: '1800' }).foundedYear).toBe(1800);
    expect(data({ founded_year: ' 2026 ' }).foundedYear).toBe(2026);
  });

  it('refuses years before 1800 or after the current year', () => {
    expect(errors({ founded_year: '1799' })).toEqual({ founded_year: 'foundedYearRange' });
    expect(errors({ founded_year: '2027' })).toEqual({ founded_year: 'foundedYearRange' });
    expect(errors({ founded_year: '2027' }, { currentYear: 2027 })).toEqual({});
  });

  it('refuses something that is not a whole number', () => {
    for (const bad of ['1985.5', 'nittenåttifem', '-1900', '1 985', '1e3']) {
      expect(errors({ founded_year: bad }), bad).toEqual({ founded_year: 'foundedYearInvalid' });
    }
  });
});

describe('checkboxes', () => {
  it('requires accepting the terms when the context asks for it', () => {
    expect(errors({ accept_terms: false })).toEqual({ accept_terms: 'acceptTermsRequired' });
    expect(errors({ accept_terms: false }, { requireTerms: false })).toEqual({});
  });

  it('passes publish_contact through', () => {
    expect(data({ publish_contact: true }).publishContact).toBe(true);
    expect(data({ publish_contact: false }).publishContact).toBe(false);
  });
});

describe('readAssociationForm', () => {
  it('reads every field of a posted body', () => {
    const values = readAssociationForm({
      name: ' Bjerkvik IL ',
      short_description: 'Kort',
      description: 'Linje 1\r\nLinje 2',
      categories: ['idrett', 'helse'],
      municipality: '1806',
      place: 'bjerkvik',
      website: 'example.no',
      email: 'post@example.no',
      phone: '91234567',
      postal_address: 'Postboks 1',
      postal_code: '8530',
      org_number: '974760673',
      founded_year: '1921',
      links: 'a.no\nb.no',
      contact_via_form: '1',
      contact_name: 'Kari',
      contact_email: 'kari@example.no',
      publish_contact: 'on',
      accept_terms: 'yes',
    });
    expect(values).toEqual({
      name: ' Bjerkvik IL ',
      short_description: 'Kort',
      description: 'Linje 1\nLinje 2',
      categories: ['idrett', 'helse'],
      municipality: '1806',
      place: 'bjerkvik',
      website: 'example.no',
      email: 'post@example.no',
      phone: '91234567',
      postal_address: 'Postboks 1',
      postal_code: '8530',
      org_number: '974760673',
      founded_year: '1921',
      links: 'a.no\nb.no',
      contact_via_form: true,
      contact_name: 'Kari',
      contact_email: 'kari@example.no',
      publish_contact: true,
      accept_terms: true,
    });
  });

  it('gives an empty form for an empty body', () => {
    expect(readAssociationForm({})).toEqual(emptyAssociationForm());
  });

  it('reads a single category as a list', () => {
    expect(readAssociationForm({ categories: 'idrett' }).categories).toEqual(['idrett']);
  });

  it('takes the first value of a repeated single-value field', () => {
    expect(readAssociationForm({ name: ['Først', 'Sist'] }).name).toBe('Først');
  });

  it('ignores files and unknown fields', () => {
    const file = new File(['x'], 'x.txt');
    const values = readAssociationForm({ name: file, categories: [file, 'idrett'], links: file, admin: 'true', status: 'published' });
    expect(values.name).toBe('');
    expect(values.links).toBe('');
    expect(values.categories).toEqual(['idrett']);
    expect(Object.keys(values).sort()).toEqual([...ASSOCIATION_FORM_FIELDS].sort());
  });

  it('treats checkboxes as ticked only when present with a value', () => {
    expect(readAssociationForm({ publish_contact: '', accept_terms: 'on' })).toMatchObject({
      publish_contact: false,
      accept_terms: true,
    });
    expect(readAssociationForm({}).accept_terms).toBe(false);
    expect(readAssociationForm({ accept_terms: new File(['x'], 'x') }).accept_terms).toBe(false);
  });

  it('removes control characters but otherwise keeps what was typed', () => {
    const values = readAssociationForm({ name: '  Bjerk\u0000vik  IL ', description: 'a\u0007\r\n\r\n\r\n\r\n\r\nb  ' });
    expect(values.name).toBe('  Bjerkvik  IL ');
    expect(values.description).toBe('a\n\n\n\n\nb  ');
  });

  it('ignores prototype properties', () => {
    const body = Object.create({ name: 'arvet' }) as Record<string, unknown>;
    expect(readAssociationForm(body).name).toBe('');
  });

  it('does not keep absurdly long values', () => {
    expect(readAssociationForm({ name: 'x'.repeat(1_000_000) }).name.length).toBeLessThanOrEqual(20_000);
    const values = readAssociationForm({ name: 'x'.repeat(1_000_000) });
    expect(validate(filled({ name: values.name }))).toEqual({ ok: false, errors: { name: 'nameTooLong' } });
  });
});

describe('formValuesFrom', () => {
  it('fills the edit form so that saving it unchanged gives the same data', () => {
    const original = data({
      categories: ['helse', 'idrett'],
      place: 'bjerkvik',
      website: 'example.no/side',
      email: 'post@example.no',
      phone: '+46 70 123 45 67',
      postal_address: 'Postboks 12',
      postal_code: '8530',
      org_number: '974760673',
      founded_year: '1921',
      links: 'facebook.com/laget\ninstagram.com/laget',
      publish_contact: true,
    });
    const values = formValuesFrom(original);
    expect(values.founded_year).toBe('1921');
    expect(values.links).toBe('https://facebook.com/laget\nhttps://instagram.com/laget');
    expect(values.accept_terms).toBe(false);
    expect(validate(values, { requireTerms: false })).toEqual({ ok: true, data: original });
  });

  it('turns missing values into empty fields', () => {
    const values = formValuesFrom(data());
    expect(values).toMatchObject({ place: '', website: '', email: '', phone: '', founded_year: '', links: '', org_number: '' });
  });
});

describe('form texts', () => {
  const errorKeys = Object.keys(formTextNb.errors) as FormErrorKey[];

  function keysDeep(value: unknown, prefix = ''): string[] {
    if (typeof value !== 'object' || value === null) return [prefix];
    return Object.entries(value).flatMap(([key, inner]) => keysDeep(inner, prefix ? `${prefix}.${key}` : key));
  }

  it('gives every error key a non-empty text in both languages', () => {
    expect(errorKeys.length).toBeGreaterThan(30);
    for (const key of errorKeys) {
      expect(formTextNb.errors[key].trim(), key).not.toBe('');
      expect(formTextEn.errors[key].trim(), key).not.toBe('');
    }
  });

  it('has exactly the same keys in English as in Norwegian', () => {
    expect(keysDeep(formTextEn).sort()).toEqual(keysDeep(formTextNb).sort());
  });

  it('has a non-empty label for every field in both languages', () => {
    for (const texts of [formTextNb, formTextEn]) {
      expect(Object.keys(texts.labels).sort()).toEqual([...ASSOCIATION_FORM_FIELDS].sort());
      for (const field of ASSOCIATION_FORM_FIELDS) expect(texts.labels[field].trim(), field).not.toBe('');
    }
  });

  it('only has hints for real fields, and finds them by field name', () => {
    for (const key of Object.keys(formTextNb.hints)) expect(ASSOCIATION_FORM_FIELDS as readonly string[]).toContain(key);
    expect(formHint(formTextNb, 'website')).toBe('For eksempel nordreisa-il.no');
    expect(formHint(formTextEn, 'accept_terms')).toBeUndefined();
    expect(formHint(formTextNb, 'toString')).toBeUndefined();
  });

  it('has a text for every error the validator can give', () => {
    const produced = new Set<string>();
    const collect = (result: ReturnType<typeof validate>) => {
      if (!result.ok) for (const key of Object.values(result.errors)) produced.add(key);
    };
    collect(validate({ ...emptyAssociationForm(), postal_address: 'x' }));
    collect(validate(filled({ municipality: '9999', place: 'atlantis' })));
    collect(validate(filled({ place: 'finnsnes' })));
    for (const key of produced) expect(errorKeys).toContain(key);
  });
});
