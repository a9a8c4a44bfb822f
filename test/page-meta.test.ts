import { describe, expect, it } from 'vitest';
import { association, get, testApp } from './helpers.js';

// What search engines and link previews read: canonical URLs, Open Graph and schema.org data.

const HOSTILE_NAME = 'Kor & Co </script><script>alert(1)</script> <!-- "x"';

async function app() {
  return testApp((reference) => [
    association(reference, {
      name: HOSTILE_NAME,
      shortDescription: 'Vi synger & ler.',
      website: 'https://kor.example.no/',
      email: 'post@kor.example.no',
      phone: '+47 91 23 45 67',
      postalAddress: 'Postboks 1',
      postalCode: '8501',
      orgNumber: '912345678',
      foundedYear: 1987,
      place: 'bjerkvik',
      links: [{ kind: 'facebook', url: 'https://www.facebook.com/kor' }],
      contactName: 'Hemmelig Person',
      contactEmail: 'hemmelig@example.no',
      publishContact: false,
    }),
  ]);
}

describe('schema.org data on the detail page', () => {
  it('is one parseable Organization block that a name with </script> cannot break out of', async () => {
    const { app: server, db } = await app();
    const { slug } = await db.selectFrom('associations').select('slug').executeTakeFirstOrThrow();
    const { status, body, doc } = await get(server, `/lag/${slug}`);
    expect(status).toBe(200);

    const blocks = doc.querySelectorAll('script[type="application/ld+json"]');
    expect(blocks).toHaveLength(1);
    // Exactly one script element ends in the document head besides htmx: nothing escaped the block.
    expect(body.match(/<\/script>/g)).toHaveLength(2);
    expect(body).not.toContain('<script>alert(1)');
    const raw = blocks[0]!.innerHTML;
    expect(raw).not.toMatch(/[<>]/);

    const data = JSON.parse(raw) as Record<string, unknown>;
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Organization',
      name: HOSTILE_NAME,
      description: 'Vi synger & ler.',
      url: 'https://kor.example.no/',
      mainEntityOfPage: `https://lag.example.no/lag/${slug}`,
      sameAs: ['https://www.facebook.com/kor'],
      email: 'post@kor.example.no',
      telephone: '+47 91 23 45 67',
      foundingDate: '1987',
      identifier: { '@type': 'PropertyValue', propertyID: 'orgnr', value: '912345678' },
      address: { '@type': 'PostalAddress', streetAddress: 'Postboks 1', postalCode: '8501', addressLocality: 'Bjerkvik', addressCountry: 'NO' },
    });
    // The private contact person stays private.
    expect(raw).not.toContain('Hemmelig');
    // A data block is not run, so the policy needs no 'unsafe-inline' for it.
    expect((await server.request(`/lag/${slug}`)).headers.get('Content-Security-Policy')).not.toContain('unsafe-inline');
  });
});

/** The og:title and og:description each page shares, written out per language. */
const SHARED_TEXT: Record<'nb' | 'en', Record<string, [string, string]>> = {
  nb: {
    '/': [
      'Finn lag og foreninger',
      'Her finner du idrettslag, kor, velforeninger, jeger- og fiskeforeninger og mye mer – med kontaktinformasjon og lenke til lagets egne sider.',
    ],
    '/lag': ['Lag og foreninger', 'Lag og foreninger der du bor'],
    '/lag?kommune=1806&kategori=idrett': ['Lag og foreninger', 'Lag og foreninger der du bor'],
    '/lag/:slug': [HOSTILE_NAME, 'Vi synger & ler.'],
    '/kommune/1806': ['Lag og foreninger i Narvik', 'Lag og foreninger der du bor'],
    '/kategori/idrett': ['Lag og foreninger: Idrett', 'Lag og foreninger der du bor'],
    '/om/deling': ['Del listen på nettsiden deres', 'Lag og foreninger der du bor'],
    '/registrer': ['Registrer laget ditt', 'Lag og foreninger der du bor'],
  },
  en: {
    '/': [
      'Find clubs and associations',
      'Find sports clubs, choirs, residents’ associations, hunting and fishing clubs and much more – with contact details and a link to each club’s own pages.',
    ],
    '/lag': ['Clubs and associations', 'Clubs and associations where you live'],
    '/lag?kommune=1806&kategori=idrett': ['Clubs and associations', 'Clubs and associations where you live'],
    '/lag/:slug': [HOSTILE_NAME, 'Vi synger & ler.'],
    '/kommune/1806': ['Clubs and associations in Narvik', 'Clubs and associations where you live'],
    '/kategori/idrett': ['Clubs and associations: Sports', 'Clubs and associations where you live'],
    '/om/deling': ['Share the list on your website', 'Clubs and associations where you live'],
    '/registrer': ['Register your association', 'Clubs and associations where you live'],
  },
};

describe.each(['nb', 'en'])('canonical URL and Open Graph tags in %s', (lang) => {
  it('are on every public page, with absolute URLs and the page’s own title', async () => {
    const { app: server, db } = await app();
    const { slug } = await db.selectFrom('associations').select('slug').executeTakeFirstOrThrow();
    const suffix = lang === 'en' ? '?lang=en' : '';
    const pages: [string, string][] = [
      ['/', '/'],
      ['/lag', '/lag'],
      ['/lag?kommune=1806&kategori=idrett', '/lag?kommune=1806&kategori=idrett'],
      [`/lag/${slug}`, `/lag/${slug}`],
      ['/kommune/1806', '/kommune/1806'],
      ['/kategori/idrett', '/kategori/idrett'],
      ['/om/deling', '/om/deling'],
      ['/registrer', '/registrer'],
    ];
    for (const [path, canonicalPath] of pages) {
      const { doc } = await get(server, path, { Cookie: `lang=${lang}` });
      const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href');
      const expected = `https://lag.example.no${canonicalPath}${lang === 'en' ? (canonicalPath.includes('?') ? '&lang=en' : suffix) : ''}`;
      expect(canonical, path).toBe(expected);
      const og = (property: string) => doc.querySelector(`meta[property="og:${property}"]`)?.getAttribute('content');
      expect(og('url'), path).toBe(expected);
      expect(og('site_name'), path).toBe('Lagportal');
      expect(og('type'), path).toBe('website');
      expect(og('locale'), path).toBe(lang === 'en' ? 'en_GB' : 'nb_NO');
      const [title, description] = SHARED_TEXT[lang as 'nb' | 'en'][canonicalPath.startsWith('/lag/') ? '/lag/:slug' : canonicalPath]!;
      expect({ path, title: og('title'), description: og('description') }).toEqual({ path, title, description });
      expect(doc.querySelector('title')?.textContent, path).toContain(title);
    }
    const detail = await get(server, `/lag/${slug}`, { Cookie: `lang=${lang}` });
    expect(detail.doc.querySelector('meta[property="og:title"]')?.getAttribute('content')).toBe(HOSTILE_NAME);
    expect(detail.doc.querySelector('meta[property="og:description"]')?.getAttribute('content')).toBe('Vi synger & ler.');
  });

  it('are left off pages nobody should share, such as a missing page', async () => {
    const { app: server } = await app();
    const { status, doc } = await get(server, '/finnes-ikke', { Cookie: `lang=${lang}` });
    expect(status).toBe(404);
    expect(doc.querySelector('link[rel="canonical"]')).toBeNull();
    expect(doc.querySelector('meta[property^="og:"]')).toBeNull();
  });
});
