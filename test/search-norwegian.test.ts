import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { get, testApp, text, association } from './helpers.js';

// Search that understands Norwegian (issue 15), through HTTP as a resident meets it: the
// list page, its htmx fragment and the API's q, which must agree on the order.

let app: Awaited<ReturnType<typeof testApp>>['app'];

beforeAll(async () => {
  ({ app } = await testApp((reference) => {
    const a = (name: string, municipalityNumber: string, overrides: Parameters<typeof association>[1] = {}) =>
      association(reference, { name, municipalityNumber, categories: ['rekreasjon-og-sosiale-foreninger'], description: '', ...overrides });
    return [
      a('Lyngen Mannskor', '5536', { categories: ['kunst-og-kultur'] }),
      a('Storslett Blandakor', '5544', { categories: ['kunst-og-kultur'] }),
      a('Skjervøy Kvinnekor', '5542', { categories: ['kunst-og-kultur'] }),
      a('Kor Nord', '5501', { categories: ['kunst-og-kultur'] }),
      a('Nordreisa Røde Kors', '5544'),
      a('Røde Kors Hjelpekorps Lyngen', '5536'),
      a('Korsnes Vel', '1806'),
      a('Narvik Skolekorps', '1806', { categories: ['kunst-og-kultur'] }),
      a('Bjerkvik Skolemusikkorps', '1806', { categories: ['kunst-og-kultur'] }),
      a('Narvik Svømmeklubb', '1806', { categories: ['idrett'] }),
      a('Tromsø Sjakklubb', '5501'),
      a('Narvik Bridgeklubb', '1806'),
      a('Narvik Pensjonistforening', '1806'),
      a('Narvik Idrettslag', '1806', { categories: ['idrett'] }),
      a('Narvik Rideklubb', '1806', { categories: ['idrett'] }),
      a('Narvik Klatreklubb', '1806', { categories: ['idrett'] }),
      a('Lyngen Skytterlag', '5536', { categories: ['idrett'] }),
      a('Bjerkvik Fotballklubb', '1806', { categories: ['idrett'] }),
      a('Narvik Sangforening', '1806', { shortDescription: 'Et kor for alle som liker å synge.' }),
      a('Bjerkvik Sangkvartett', '1806', { shortDescription: 'Mannskor i det små.' }),
      // Not published: its words are nobody's search result, nor offered as "Mente du".
      a('Bjerkvik Orienteringsklubb', '1806', { status: 'pending' }),
    ];
  }));
});

/** The names on the first page of /lag for a search, in order. */
async function names(path: string, headers: Record<string, string> = {}): Promise<string[]> {
  const { status, doc } = await get(app, path, headers);
  expect(status, path).toBe(200);
  return doc.querySelectorAll('.card__title a').map((a) => text(a));
}

const list = (q: string) => names(`/lag?q=${encodeURIComponent(q)}`);

describe('compound words', () => {
  it('finds a word as the last part of a compound, and ranks the exact word and the head above a mere prefix', async () => {
    expect(await list('kor')).toEqual([
      'Kor Nord',
      'Lyngen Mannskor',
      'Skjervøy Kvinnekor',
      'Storslett Blandakor',
      'Nordreisa Røde Kors',
      'Røde Kors Hjelpekorps Lyngen',
      'Korsnes Vel',
      // Then korps, where kor only starts a compound's head.
      'Bjerkvik Skolemusikkorps',
      'Narvik Skolekorps',
      'Bjerkvik Sangkvartett',
      'Narvik Sangforening',
    ]);
  });

  it('finds korps inside skolemusikkorps, klubb inside sjakklubb (merged double consonant) and lag inside idrettslag', async () => {
    // Kors is one letter from korps: a typo match, last.
    expect(await list('korps')).toEqual(['Bjerkvik Skolemusikkorps', 'Narvik Skolekorps', 'Røde Kors Hjelpekorps Lyngen', 'Nordreisa Røde Kors']);
    expect(await list('klubb')).toEqual([
      'Bjerkvik Fotballklubb',
      'Narvik Bridgeklubb',
      'Narvik Klatreklubb',
      'Narvik Rideklubb',
      'Narvik Svømmeklubb',
      'Tromsø Sjakklubb',
    ]);
    expect(await list('sjakk')).toEqual(['Tromsø Sjakklubb']);
    expect(await list('sjakkklubb')).toEqual(['Tromsø Sjakklubb']);
    expect((await list('lag')).slice(0, 2)).toEqual(['Lyngen Skytterlag', 'Narvik Idrettslag']);
  });
});

describe('inflections', () => {
  it.each([
    ['pensjonister', 'Narvik Pensjonistforening'],
    ['svømming', 'Narvik Svømmeklubb'],
    ['ridning', 'Narvik Rideklubb'],
    ['klatring', 'Narvik Klatreklubb'],
    ['skyting', 'Lyngen Skytterlag'],
    ['korene', 'Kor Nord'],
    ['idrettslaget', 'Narvik Idrettslag'],
  ])('%s finds %s first', async (q, first) => {
    expect((await list(q))[0]).toBe(first);
  });

  it('ranks an inflected form below the compound head: korene lists the choirs before Kors', async () => {
    const found = await list('korene');
    expect(found.indexOf('Storslett Blandakor')).toBeLessThan(found.indexOf('Nordreisa Røde Kors'));
  });
});

describe('typos', () => {
  it.each([
    ['manskor', 'Lyngen Mannskor'],
    ['fotbal', 'Bjerkvik Fotballklubb'],
    ['bridgeklub', 'Narvik Bridgeklubb'],
  ])('%s still finds %s', async (q, first) => {
    expect((await list(q))[0]).toBe(first);
  });

  it('ranks a typo match below an exact one, and needs five letters', async () => {
    // "mannskor" is in Lyngen Mannskor's name; Bjerkvik Sangkvartett has it in the description only.
    expect(await list('mannskor')).toEqual(['Lyngen Mannskor', 'Bjerkvik Sangkvartett']);
    expect(await list('kro')).toEqual([]);
  });

  it('offers "Mente du …?" with the nearest indexed word when nothing is found, on the page and in the htmx fragment', async () => {
    for (const headers of [{}, { 'HX-Request': 'true' }] as Record<string, string>[]) {
      const { doc } = await get(app, '/lag?q=kro', headers);
      const offer = doc.querySelector('.did-you-mean');
      expect(text(offer)).toBe('Mente du «kor»?');
      expect(offer?.querySelector('a')?.getAttribute('href')).toBe('/lag?q=kor');
    }
    const english = await get(app, '/lag?q=mannsskorr&lang=en');
    expect(text(english.doc.querySelector('.did-you-mean'))).toBe('Did you mean “mannskor”?');
    // Offered as names write it: Tromsø, from a search for a misspelt tromso.
    const norwegian = await get(app, '/lag?q=sjakk%20tronsa');
    expect(text(norwegian.doc.querySelector('.did-you-mean'))).toBe('Mente du «sjakk tromsø»?');
    expect((await get(app, '/lag?q=kor')).doc.querySelector('.did-you-mean')).toBeNull();
  });

  it('offers no word that only an entry waiting for moderation has', async () => {
    // Two letters off "orienteringsklubb": too far for a typo match, near enough to be offered.
    expect(await list('orienteringsklabo')).toEqual([]);
    expect((await get(app, '/lag?q=orienteringsklabo')).doc.querySelector('.did-you-mean')).toBeNull();
  });
});

describe('several words', () => {
  it('narrows: kor lyngen puts Lyngen Mannskor first, and the municipality acts as the filter and says so', async () => {
    const { doc } = await get(app, '/lag?q=kor%20lyngen');
    const found = doc.querySelectorAll('.card__title a').map((a) => text(a));
    expect(found).toEqual(['Lyngen Mannskor', 'Røde Kors Hjelpekorps Lyngen']);
    expect(text(doc.querySelector('.search-within'))).toBe('Viser treff på «kor» i Lyngen, fordi søket nevner kommunen.');
  });

  it('says what it searched for as typed', async () => {
    const { doc } = await get(app, '/lag?q=Svømmeklubb%20Narvik');
    expect(text(doc.querySelector('.search-within'))).toBe('Viser treff på «Svømmeklubb» i Narvik, fordi søket nevner kommunen.');
    expect(doc.querySelectorAll('.card__title a').map((a) => text(a))).toEqual(['Narvik Svømmeklubb']);
  });

  it('keeps a single word that is a municipality name as text', async () => {
    const { doc } = await get(app, '/lag?q=lyngen');
    expect(doc.querySelector('.search-within')).toBeNull();
    expect(doc.querySelectorAll('.card__title a').map((a) => text(a))).toEqual(['Lyngen Mannskor', 'Lyngen Skytterlag', 'Røde Kors Hjelpekorps Lyngen']);
  });
});

describe('ASCII spellings and FTS syntax', () => {
  it('finds Norwegian letters from ASCII', async () => {
    expect(await list('svommeklubb')).toEqual(['Narvik Svømmeklubb']);
    expect(await list('tromso sjakk')).toEqual(['Tromsø Sjakklubb']);
  });

  it.each(['"kor', 'kor*', '(kor)', 'kor)', '{kor}:', '^kor'])('treats %j as the plain word kor', async (q) => {
    expect((await list(q))[0]).toBe('Kor Nord');
  });

  it.each(['kor AND', 'NEAR(kor', 'kor OR korps', '{name}: kor', '"', '***'])('answers %j without an error', async (q) => {
    const { status } = await get(app, `/lag?q=${encodeURIComponent(q)}`);
    expect(status).toBe(200);
  });
});

describe('one ranking everywhere', () => {
  it('gives the HTML list, the htmx fragment and the API the same order', async () => {
    for (const q of ['kor', 'klubb', 'kor lyngen', 'manskor']) {
      const page = await list(q);
      const fragment = await names(`/lag?q=${encodeURIComponent(q)}`, { 'HX-Request': 'true' });
      const api = await app.request(`/api/v1/organizations?q=${encodeURIComponent(q)}`);
      expect(api.status).toBe(200);
      const json = (await api.json()) as { total_items: number; contents: { name: string }[] };
      expect(fragment, q).toEqual(page);
      expect(
        json.contents.map((o) => o.name),
        q,
      ).toEqual(page);
      expect(json.total_items, q).toBe(page.length);
    }
  });

  it('puts name hits before description hits, then keeps a stable order', async () => {
    const first = await list('kor');
    expect(first.slice(-2)).toEqual(['Bjerkvik Sangkvartett', 'Narvik Sangforening']);
    expect(await list('kor')).toEqual(first);
  });
});

describe('results first on a phone', () => {
  it('folds the filters under "Filtrer", open only while a filter is in use, without JavaScript', async () => {
    const closed = (await get(app, '/lag?q=kor')).doc.querySelector('details.filter-toggle');
    expect(text(closed?.querySelector('summary'))).toBe('Filtrer');
    expect(closed?.hasAttribute('open')).toBe(false);
    expect(closed?.querySelector('select#kommune')).not.toBeNull();
    const open = (await get(app, '/lag?q=kor&kommune=1806')).doc.querySelector('details.filter-toggle');
    expect(open?.hasAttribute('open')).toBe(true);
    expect(text(open?.querySelector('summary'))).toBe('Filtrer (1 i bruk)');
  });
});

describe('README', () => {
  it('says what search does', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const paragraph = readme.split('\n\n').find((p) => p.startsWith('Search ')) ?? '';
    for (const phrase of ['compound', 'Sjakklubb', 'svømming', 'manskor', 'Mente du', 'kor lyngen', 'svommeklubb', 'FTS5 syntax']) {
      expect(paragraph, phrase).toContain(phrase);
    }
  });
});
