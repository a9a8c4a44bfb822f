import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { association, get, testApp, text } from './helpers.js';

const FOOTER_LINK = 'Vis listen på nettsiden deres, eller følg nye lag';

// The embeddable list at /embed/lag, shown in iframes on municipal websites, and /om/deling.

function framing(response: Response) {
  return {
    frameAncestors: /frame-ancestors ([^;]+)/.exec(response.headers.get('Content-Security-Policy') ?? '')?.[1],
    xFrameOptions: response.headers.get('X-Frame-Options'),
  };
}

describe('embed', () => {
  it('may be framed by any site by default, while every other page still refuses frames', async () => {
    const { app } = await testApp((reference) => [association(reference, { name: 'Narvik Fotballklubb' })]);
    expect(framing((await get(app, '/embed/lag?kommune=1806')).response)).toEqual({ frameAncestors: '*', xFrameOptions: null });
    // A bad URL still gets the framing it needs, or the host would show a browser error instead of the notice.
    expect(framing((await get(app, '/embed/lag?kommune=abc')).response)).toEqual({ frameAncestors: '*', xFrameOptions: null });
    for (const path of ['/lag?kommune=1806', '/om/deling', '/embed/tema.css?farge=123456', '/embed/lag/x', '/embed', '/lag/narvik-fotballklubb']) {
      expect(framing((await get(app, path)).response), path).toEqual({ frameAncestors: "'none'", xFrameOptions: 'SAMEORIGIN' });
    }
  });

  it('may be framed only by the sites EMBED_FRAME_ANCESTORS names', async () => {
    const { app } = await testApp(() => [], { EMBED_FRAME_ANCESTORS: 'https://www.narvik.kommune.no https://*.senja.kommune.no' });
    expect(framing((await get(app, '/embed/lag')).response)).toEqual({
      frameAncestors: 'https://www.narvik.kommune.no https://*.senja.kommune.no',
      xFrameOptions: null,
    });
  });

  it('lists the filtered associations without the site header, with links that open Lagportal in the whole window', async () => {
    const { app } = await testApp((reference) => [
      association(reference, { name: 'Bjerkvik Blandakor', categories: ['kunst-og-kultur'], place: 'bjerkvik' }),
      association(reference, { name: 'Narvik Fotballklubb', categories: ['idrett'] }),
      association(reference, { name: 'Venter', categories: ['idrett'], status: 'pending' }),
      association(reference, { name: 'Senja Skiklubb', municipalityNumber: '5530', categories: ['idrett'] }),
    ]);
    const { status, doc, response } = await get(app, '/embed/lag?kommune=1806&kategori=idrett');
    expect(status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(doc.querySelector('.site-header')).toBeNull();
    expect(doc.querySelector('.site-footer')).toBeNull();
    expect(doc.querySelector('script')).toBeNull();
    expect(doc.querySelector('body')?.classList.contains('lp-embed')).toBe(true);
    expect(doc.querySelector('link[rel="stylesheet"]')?.getAttribute('href')).toMatch(/^\/static\/embed\.css\?v=/);
    expect(text(doc.querySelector('h1.lp-title'))).toBe('Lag og foreninger i Narvik: Idrett');

    const links = doc.querySelectorAll('.lp-item a.lp-item__name');
    expect(links.map((a) => text(a))).toEqual(['Narvik Fotballklubb']);
    expect(links[0]!.getAttribute('href')).toBe('https://lag.example.no/lag/narvik-fotballklubb');
    expect(links[0]!.getAttribute('target')).toBe('_top');

    const more = doc.querySelector('.lp-more a');
    expect(more?.getAttribute('href')).toBe('https://lag.example.no/lag?kommune=1806&kategori=idrett');
    expect(more?.getAttribute('target')).toBe('_top');
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe('https://lag.example.no/lag?kommune=1806&kategori=idrett');
  });

  it('pages within the frame and keeps the host’s colours and language on the way', async () => {
    const { app } = await testApp((reference) => Array.from({ length: 30 }, (_, i) => association(reference, { name: `Lag ${i + 1}` })));
    const first = await get(app, '/embed/lag?kommune=1806&farge=8A0B3C&lang=en');
    expect(first.status).toBe(200);
    expect(first.doc.querySelectorAll('.lp-item')).toHaveLength(25);
    const next = first.doc.querySelector('.lp-pagination a[rel="next"]');
    expect(next?.getAttribute('href')).toBe('/embed/lag?kommune=1806&side=2&farge=8a0b3c&lang=en');
    expect(next?.hasAttribute('target')).toBe(false);
    expect(first.doc.querySelector('.lp-item a')?.getAttribute('href')).toMatch(/^https:\/\/lag\.example\.no\/lag\/[a-z0-9-]+\?lang=en$/);

    const theme = first.doc.querySelectorAll('link[rel="stylesheet"]')[1]?.getAttribute('href');
    expect(theme).toBe('/embed/tema.css?farge=8a0b3c');
    const css = await get(app, theme!);
    expect(css.response.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    expect(css.body).toContain('--lp-accent: #8a0b3c;');

    const second = await get(app, '/embed/lag?kommune=1806&side=2&farge=8a0b3c&lang=en');
    expect(second.doc.querySelectorAll('.lp-item')).toHaveLength(5);
    expect(second.doc.querySelector('.lp-pagination a[rel="prev"]')?.getAttribute('href')).toBe('/embed/lag?kommune=1806&farge=8a0b3c&lang=en');
    expect(second.doc.querySelector('html')?.getAttribute('lang')).toBe('en');
  });

  it('explains bad parameters with the same notices as /lag and answers 400', async () => {
    const { app } = await testApp((reference) => [association(reference, { name: 'Narvik Fotballklubb' })]);
    const embed = await get(app, '/embed/lag?kommune=abc&kategori=finnes-ikke&side=0');
    const list = await get(app, '/lag?kommune=abc&kategori=finnes-ikke&side=0');
    expect(embed.status).toBe(400);
    const notices = embed.doc.querySelectorAll('.lp-notice li').map((li) => text(li));
    expect(notices).toHaveLength(3);
    expect(notices).toEqual(list.doc.querySelectorAll('.notice li').map((li) => text(li)));
    // What could be used is still shown.
    expect(embed.doc.querySelectorAll('.lp-item')).toHaveLength(1);
  });

  it('refuses a colour that is not six hex digits and leaves the stylesheet alone', async () => {
    const { app } = await testApp();
    const { status, doc } = await get(app, '/embed/lag?farge=red;}body{display:none');
    expect(status).toBe(400);
    expect(text(doc.querySelector('.lp-notice'))).toContain('er ikke en farge');
    expect(doc.querySelectorAll('link[rel="stylesheet"]')).toHaveLength(1);
    const css = await get(app, '/embed/tema.css?farge=red;}body{display:none&tekst=000000');
    expect(css.body).toBe(':root {\n  --lp-text: #000000;\n}\n');
  });
});

describe('sharing help page', () => {
  it('shows the iframe code for the chosen municipality and category, and the feeds', async () => {
    const { app } = await testApp();
    const { status, doc, body } = await get(app, '/om/deling?kommune=5530&kategori=idrett');
    expect(status).toBe(200);
    // node-html-parser keeps <pre> as raw text unless told otherwise.
    const code = text(parse(body, { blockTextElements: { script: true, style: true } }).querySelector('pre code'));
    expect(code).toBe(
      '<iframe src="https://lag.example.no/embed/lag?kommune=5530&amp;kategori=idrett" title="Lag og foreninger i Senja" width="100%" height="600" loading="lazy" style="border: 0"></iframe>',
    );
    expect(doc.querySelector('#kommune option[selected]')?.getAttribute('value')).toBe('5530');
    expect(doc.querySelector('a[href="/embed/lag?kommune=5530&kategori=idrett"]')).not.toBeNull();
    expect(doc.querySelector('a[href="/kommune/5530/nye.atom"]')).not.toBeNull();
    expect(doc.querySelector('a[href="/region/nord-troms/nye.atom"]')).not.toBeNull();
  });

  it('starts with the code for a municipality of the first featured region, the one selected in the form', async () => {
    const { app, reference } = await testApp(() => [], { REGIONS: 'narvikregionen' });
    const first = reference.regionMembers.get('narvikregionen')![0]!;
    const { doc } = await get(app, '/om/deling');
    expect(doc.querySelector('#kommune option[selected]')?.getAttribute('value')).toBe(first);
    expect(doc.querySelector(`a[href="/embed/lag?kommune=${first}"]`)).not.toBeNull();
  });

  it('explains an unknown municipality instead of guessing', async () => {
    const { app } = await testApp();
    const { status, doc } = await get(app, '/om/deling?kommune=9999');
    expect(status).toBe(400);
    expect(text(doc.querySelector('.lp-notice'))).toContain('9999');
  });

  it('is linked from every page footer', async () => {
    const { app } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })]);
    const pages = ['/', '/lag', '/lag/narvik-turlag', '/kommune/1806', '/kategori/idrett', '/registrer', '/endre', '/om/deling', '/logg-inn', '/finnes-ikke'];
    const footers = [];
    for (const path of pages) {
      const { doc } = await get(app, path);
      footers.push({ path, links: doc.querySelectorAll('footer a[href="/om/deling"]').map((a) => text(a)) });
    }
    expect(footers).toEqual(pages.map((path) => ({ path, links: [FOOTER_LINK] })));
  });
});
