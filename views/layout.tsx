import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { authText } from '../src/i18n/auth-text.js';
import { LANGUAGES, type Language, type Translator, translator } from '../src/i18n/index.js';
import { jsonForScript } from '../src/lib/xml.js';
import { renderOnce } from './render-once.js';

export interface PageMeta {
  tr: Translator;
  /** The page's own title; the site name is added. */
  title: string;
  /** The same page in each language, for the language switch. */
  languageLinks: Record<Language, string>;
  /** Absolute canonical URL, when the page has one. */
  canonical?: string;
  /** Extra text for the description meta tag. */
  description?: string;
  /** Which main navigation entry is the current page. */
  current?: 'home' | 'associations' | 'whats-on' | 'register';
  /** The signed-in moderator, for the sign-out form in the header. */
  user?: { email: string; csrfToken: string };
  /** Atom feeds about this page, announced to feed readers. */
  feeds?: { title: string; href: string }[];
  /** schema.org data about the page's subject, written as a JSON-LD block. */
  jsonLd?: unknown;
}

import type { Assets } from '../src/lib/static-assets.js';
export type { Assets };

// Structured data objects are kept with the entry they describe, so their text is too.
const serialisedJsonLd = new WeakMap<object, string>();

function serialised(jsonLd: unknown): string {
  if (typeof jsonLd !== 'object' || jsonLd === null) return jsonForScript(jsonLd);
  let text = serialisedJsonLd.get(jsonLd);
  if (text === undefined) serialisedJsonLd.set(jsonLd, (text = jsonForScript(jsonLd)));
  return text;
}

export function Layout(props: PageMeta & { assets: Assets; children: Child }) {
  const { tr, title, languageLinks, canonical, description, current, assets } = props;
  const { t } = tr;
  // Each other language, named in itself, so a reader finds their own.
  const others = LANGUAGES.filter((lang) => lang !== tr.lang).map((lang) => ({ lang, href: languageLinks[lang], label: translator(lang).t.languageName }));
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={tr.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{t.pageTitle(title)}</title>
          {description ? <meta name="description" content={description} /> : null}
          {canonical ? <link rel="canonical" href={canonical} /> : null}
          {/* Pages with a canonical URL are the public ones: they get a preview card when shared. */}
          {canonical ? (
            <>
              <meta property="og:site_name" content={t.siteName} />
              <meta property="og:title" content={title} />
              <meta property="og:description" content={description ?? t.siteTagline} />
              <meta property="og:url" content={canonical} />
              <meta property="og:type" content="website" />
              <meta property="og:locale" content={t.share.ogLocale} />
            </>
          ) : null}
          {props.feeds?.map((feed) => (
            <link rel="alternate" type="application/atom+xml" title={feed.title} href={feed.href} />
          ))}
          {/* A data block, not a script: CSP does not run it, and jsonForScript keeps "</script>" in a name from closing it. */}
          {props.jsonLd ? <script type="application/ld+json">{raw(serialised(props.jsonLd))}</script> : null}
          {raw(
            renderOnce(assets, 'layout head', () => (
              <>
                <link rel="icon" href={assets.icon} type="image/svg+xml" />
                <link rel="stylesheet" href={assets.style} />
                <script src={assets.htmx} defer></script>
              </>
            )),
          )}
        </head>
        <body>
          {raw(
            renderOnce(tr, 'layout top', () => (
              <>
                <a class="skip-link" href="#main">
                  {t.skipToContent}
                </a>
              </>
            )),
          )}
          <header class="site-header">
            <div class="wrap site-header__inner">
              {raw(
                renderOnce(tr, 'layout site name', () => (
                  <a class="site-name" href="/">
                    {t.siteName}
                    <span class="site-tagline">{t.siteTagline}</span>
                  </a>
                )),
              )}
              <nav aria-label={t.mainNavigation} class="site-nav">
                <ul>
                  {raw(renderOnce(tr, `layout nav ${current ?? ''}`, () => <MainNavigation tr={tr} current={current} />))}
                  {props.user ? (
                    <li>
                      <a href="/moderering">{t.mod.navModeration}</a>
                    </li>
                  ) : null}
                  {others.map((other) => (
                    <li>
                      <a href={other.href} lang={other.lang} hreflang={other.lang} rel="alternate">
                        {other.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
              {props.user ? (
                <form method="post" action="/logg-ut" class="signed-in">
                  <span>{authText(tr.lang).signedInAs(props.user.email)}</span> <input type="hidden" name="csrf" value={props.user.csrfToken} />
                  <button type="submit" class="link-button">
                    {authText(tr.lang).logout}
                  </button>
                </form>
              ) : null}
            </div>
          </header>
          <main id="main" tabindex={-1} class="wrap">
            {props.children}
          </main>
          {raw(
            renderOnce(tr, 'layout footer', () => (
              <footer class="site-footer">
                <div class="wrap">
                  <p>{t.footerText}</p>
                  <p>
                    <a href="/om/deling">{t.share.footerLink}</a>
                  </p>
                </div>
              </footer>
            )),
          )}
        </body>
      </html>
    </>
  );
}

/** The main navigation's fixed entries: the same for every page but for which one is current. */
function MainNavigation(props: { tr: Translator; current: PageMeta['current'] }) {
  const { t } = props.tr;
  const { current } = props;
  return (
    <>
      <li>
        <a href="/" aria-current={current === 'home' ? 'page' : undefined}>
          {t.navHome}
        </a>
      </li>
      <li>
        <a href="/lag" aria-current={current === 'associations' ? 'page' : undefined}>
          {t.navAssociations}
        </a>
      </li>
      <li>
        <a href="/hva-skjer" aria-current={current === 'whats-on' ? 'page' : undefined}>
          {t.calendar.navWhatsOn}
        </a>
      </li>
      <li>
        <a href="/registrer" aria-current={current === 'register' ? 'page' : undefined}>
          {t.navRegister}
        </a>
      </li>
    </>
  );
}
