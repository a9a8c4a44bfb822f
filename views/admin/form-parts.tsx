import type { Municipality } from '../../src/db/types.js';
import type { Translator } from '../../src/i18n/index.js';
import { Field } from '../fields.js';

// Pieces more than one admin page's forms are made of.

/** The error summary's links: one per field with a message. */
export function summaryOf(errors: Record<string, string | undefined>, idOf: (field: string) => string) {
  return Object.entries(errors).flatMap(([field, message]) => (message ? [{ href: `#${idOf(field)}`, message }] : []));
}

export function byName(a: Municipality, b: Municipality) {
  return a.display_name.localeCompare(b.display_name, 'nb');
}

export type NamesField = 'nameNb' | 'nameEn';
export interface NamesForm {
  values: { nameNb: string; nameEn: string };
  errors: Partial<Record<NamesField, string>>;
}

export function NameFields(props: { tr: Translator; prefix: string; form: NamesForm }) {
  const { tr, prefix, form } = props;
  return (
    <>
      <Field
        id={`${prefix}-nameNb`}
        label={tr.t.admin.nameNbLabel}
        error={form.errors.nameNb}
        control={(a) => <input type="text" name="name_nb" value={form.values.nameNb} maxlength={100} autocomplete="off" lang="nb" {...a} />}
      />
      <Field
        id={`${prefix}-nameEn`}
        label={tr.t.admin.nameEnLabel}
        error={form.errors.nameEn}
        control={(a) => <input type="text" name="name_en" value={form.values.nameEn} maxlength={100} autocomplete="off" lang="en" {...a} />}
      />
    </>
  );
}
