import { en } from './en.js';
import { type Messages, nb } from './nb.js';
import { nn } from './nn.js';

/** Bokmål, Nynorsk, English: the order of the language switch. */
export const LANGUAGES = ['nb', 'nn', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** The site's language unless DEFAULT_LANG says otherwise. */
export const DEFAULT_LANGUAGE: Language = 'nb';

const catalogues: Record<Language, Messages> = { nb, nn, en };

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
  /** The name of a category or region in this language (Nynorsk falls back to Bokmål where none is set). */
  name: (named: { name_nb: string; name_en: string; name_nn?: string | null }) => string;
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
        name: (named) => (lang === 'en' ? named.name_en : lang === 'nn' ? (named.name_nn ?? named.name_nb) : named.name_nb),
      },
    ];
  }),
);

export function translator(lang: Language): Translator {
  return translators.get(lang)!;
}

/**
 * The language a request is answered in: `?lang=` if it names one, else the remembered
 * cookie, else the site's default. The app and the response cache both decide it here, so a
 * cached page is always keyed by the language it was rendered in.
 */
export function requestLanguage(requested: string | undefined, remembered: string | undefined, siteDefault: Language): Language {
  return isLanguage(requested) ? requested : isLanguage(remembered) ? remembered : siteDefault;
}

/**
 * The translator for a language stored with a record (an association's, a reporter's), or the
 * site's when none is stored: mail to people goes in the language they wrote in.
 */
export function translatorFor(stored: string | null | undefined, siteDefault: Language): Translator {
  return translator(isLanguage(stored ?? undefined) ? (stored as Language) : siteDefault);
}
