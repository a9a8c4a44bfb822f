import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { association, get, testApp } from './helpers.js';

// Atom feeds of newly published associations, read back with a real XML parser.

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['entry', 'link'].includes(name) });

interface AtomLink {
  rel: string;
  type?: string;
  href: string;
}
interface AtomEntry {
  id: string;
  title: string;
  published: string;
  updated: string;
  summary?: string;
  link: AtomLink[];
}
interface AtomFeed {
  id: string;
  title: string;
  updated: string;
  author: { name: string; uri: string };
  link: AtomLink[];
  entry?: AtomEntry[];
}

/** Fetches a feed, checks it is well-formed Atom served as such, and returns it parsed. */
async function feed(app: Awaited<ReturnType<typeof testApp>>['app'], path: string): Promise<AtomFeed> {
  const { status, body, response } = await get(app, path);
  expect(status, path).toBe(200);
  expect(response.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8');
  expect(XMLValidator.validate(body)).toBe(true);
  const parsed = parser.parse(body) as { feed: AtomFeed & { xmlns: string } };
  expect(parsed.feed.xmlns).toBe('http://www.w3.org/2005/Atom');
  return parsed.feed;
}

describe('Atom feeds of new associations', () => {
  it('lists only published associations of the municipality, newest first, with names escaped', async () => {
    const { app } = await testApp((reference) => [
      association(reference, { name: 'Eldre lag', createdAt: '2026-02-01T10:00:00.000Z' }),
      association(reference, { name: 'Bøler & <Venner> "AS"', shortDescription: 'Kaffe & kaker < 5 kr', createdAt: '2026-05-01T10:00:00.000Z' }),
      association(reference, { name: 'Venter på godkjenning', status: 'pending', createdAt: '2026-06-01T10:00:00.000Z' }),
      association(reference, { name: 'Arkivert lag', status: 'archived', createdAt: '2026-06-02T10:00:00.000Z' }),
      association(reference, { name: 'Senja Skiklubb', municipalityNumber: '5530', createdAt: '2026-07-01T10:00:00.000Z' }),
    ]);
    const atom = await feed(app, '/kommune/1806/nye.atom');

    expect(atom.title).toBe('Nye lag og foreninger i Narvik');
    expect(atom.id).toBe('tag:lag.example.no,2026:kommune/1806/nye');
    expect(atom.author).toEqual({ name: 'Lagportal', uri: 'https://lag.example.no/' });
    expect(atom.link).toContainEqual({ rel: 'self', type: 'application/atom+xml', href: 'https://lag.example.no/kommune/1806/nye.atom' });
    expect(atom.link).toContainEqual({ rel: 'alternate', type: 'text/html', href: 'https://lag.example.no/kommune/1806' });
    expect(atom.entry?.map((e) => e.title)).toEqual(['Bøler & <Venner> "AS"', 'Eldre lag']);

    const [newest] = atom.entry!;
    expect(newest!.summary).toBe('Kaffe & kaker < 5 kr');
    expect(newest!.published).toBe('2026-05-01T10:00:00.000Z');
    expect(newest!.id).toMatch(/^tag:lag\.example\.no,2026:lag\/\d+$/);
    expect(newest!.link).toEqual([{ rel: 'alternate', type: 'text/html', href: 'https://lag.example.no/lag/boler-venner-as' }]);
    // The feed changed when its newest entry changed.
    expect(atom.updated).toBe(newest!.updated);
    expect(new Date(atom.updated).toISOString()).toBe(atom.updated);
  });

  it('holds the 50 newest associations', async () => {
    const { app } = await testApp((reference) =>
      Array.from({ length: 55 }, (_, i) =>
        association(reference, { name: `Lag nummer ${i + 1}`, createdAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() }),
      ),
    );
    const atom = await feed(app, '/kommune/1806/nye.atom');
    expect(atom.entry).toHaveLength(50);
    expect(atom.entry![0]!.title).toBe('Lag nummer 55');
    expect(atom.entry![49]!.title).toBe('Lag nummer 6');
  });

  it('covers every municipality of a region and nothing outside it', async () => {
    const { app, reference } = await testApp((reference) => [
      association(reference, { name: 'Skjervøy Sjakklubb', municipalityNumber: '5544' }),
      association(reference, { name: 'Kåfjord Kor', municipalityNumber: '5540' }),
      association(reference, { name: 'Narvik Fotballklubb', municipalityNumber: '1806' }),
    ]);
    expect(reference.regionMembers.get('nord-troms')).toEqual(expect.arrayContaining(['5544', '5540']));
    expect(reference.regionMembers.get('nord-troms')).not.toContain('1806');
    const atom = await feed(app, '/region/nord-troms/nye.atom?lang=en');
    expect(atom.title).toBe('New clubs and associations in Nord-Troms');
    expect(atom.entry?.map((e) => e.title).sort()).toEqual(['Kåfjord Kor', 'Skjervøy Sjakklubb']);
    expect(atom.id).toBe('tag:lag.example.no,2026:region/nord-troms/nye');
    expect(atom.link).toContainEqual({ rel: 'self', type: 'application/atom+xml', href: 'https://lag.example.no/region/nord-troms/nye.atom?lang=en' });
  });

  it('is a valid feed without entries when nothing is published yet', async () => {
    const { app } = await testApp();
    const atom = await feed(app, '/kommune/5530/nye.atom');
    expect(atom.entry).toBeUndefined();
    expect(atom.updated).toBe('2026-11-23T12:00:00.000Z');
  });

  it('answers 404 for an unknown municipality or region', async () => {
    const { app } = await testApp();
    for (const path of ['/kommune/9999/nye.atom', '/kommune/abc/nye.atom', '/region/finnes-ikke/nye.atom']) {
      expect((await get(app, path)).status, path).toBe(404);
    }
  });

  it('is announced on the municipality page for feed readers and visitors', async () => {
    const { app } = await testApp();
    const { doc } = await get(app, '/kommune/1806');
    const alternate = doc.querySelector('link[rel="alternate"][type="application/atom+xml"]');
    expect(alternate?.getAttribute('href')).toBe('https://lag.example.no/kommune/1806/nye.atom');
    expect(alternate?.getAttribute('title')).toBe('Nye lag i Narvik (Atom)');
    expect(doc.querySelector('main a[href="/kommune/1806/nye.atom"]')).not.toBeNull();
    const english = await get(app, '/kommune/1806?lang=en');
    expect(english.doc.querySelector('link[type="application/atom+xml"]')?.getAttribute('href')).toBe('https://lag.example.no/kommune/1806/nye.atom?lang=en');
  });
});
