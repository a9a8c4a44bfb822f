import { en } from './en.js';
import { type Messages, nb } from './nb.js';

export const LANGUAGES = ['nb', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'nb';

const catalogues: Record<Language, Messages> = { nb, en };

export function isLanguage(value: string | undefined): value is Language {
  return value !== undefined && (LANGUAGES as readonly string[]).includes(value);
}

/** Everything a view needs to speak the visitor's language. */
export interface Translator {
  lang: Language;
  t: Messages;
  /** Formats a whole number the language's way ("1 234" / "1,234"). */
  number: (n: number) => string;
  /** Formats an ISO timestamp as a long date ("23. november 2026" / "23 November 2026"). */
  date: (iso: string) => string;
  /** Formats an ISO timestamp as date and time in Norway ("23. november 2026 kl. 13:00"). */
  dateTime: (iso: string) => string;
  /** The name of a category or region in this language. */
  name: (named: { name_nb: string; name_en: string }) => string;
}

const translators = new Map<Language, Translator>(
  LANGUAGES.map((lang) => {
    const t = catalogues[lang];
    const numberFormat = new Intl.NumberFormat(t.locale);
    const dateFormat = new Intl.DateTimeFormat(t.locale, { dateStyle: 'long', timeZone: 'Europe/Oslo' });
    const dateTimeFormat = new Intl.DateTimeFormat(t.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Oslo' });
    return [
      lang,
      {
        lang,
        t,
        number: (n) => numberFormat.format(n),
        date: (iso) => dateFormat.format(new Date(iso)),
        dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
        name: (named) => (lang === 'en' ? named.name_en : named.name_nb),
      },
    ];
  }),
);

export function translator(lang: Language): Translator {
  return translators.get(lang)!;
}
