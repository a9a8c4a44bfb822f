import { beforeAll, describe, expect, it } from 'vitest';
import { createAssociation } from '../src/db/associations.js';
import { association, dom, testApp, text } from './helpers.js';

// A relevance test set for search (issue 15): realistic association names, as Enhetsregisteret
// lists them, in eight municipalities of Nord-Troms, Midt-Troms and the Narvik region, and
// searches a resident would type, each with the entries that answer it. Measured as a
// search engine is: precision at 5 (of the first five hits, the share that answer the search,
// out of at most as many as there are), and the share of searches whose first hit answers it.

const MUNICIPALITY: Record<string, string> = { N: '1806', L: '5536', R: '5544', S: '5542', M: '5524', T: '5501', J: '5530', K: '5540' };
const CATEGORY: Record<string, string> = {
  S: 'idrett',
  K: 'kunst-og-kultur',
  R: 'rekreasjon-og-sosiale-foreninger',
  O: 'sosiale-tjenester-og-omsorg',
  H: 'krisehjelp-og-stottearbeid',
  L: 'lokalsamfunnsutvikling',
  N: 'natur-og-miljovern',
  F: 'stiftelser-og-frivillighetssentraler',
};
const DESCRIPTION: Record<string, string> = {
  S: 'Trening og konkurranser for alle aldre.',
  K: 'Øvelser hver uke og konserter gjennom året.',
  R: 'Sosiale kvelder for medlemmene.',
  O: 'Møteplass med kaffe og foredrag for eldre.',
  H: 'Beredskap, besøkstjeneste og førstehjelp.',
  L: 'Dugnad og arrangementer i bygda.',
  N: 'Turer og friluftsliv i nærområdet.',
  F: 'Formidler frivillig innsats.',
};

// name | municipality | category | place slug | short description (default by category)
const ENTRIES = `
Narvik Svømmeklubb|N|S||Svømmetrening for barn, ungdom og voksne i Narvikhallen.
Narvik Sjakklubb|N|R
Narvik Skolekorps|N|K
Narvik Pensjonistforening|N|O
Narvik Mannskor|N|K
Narvik Røde Kors|N|H
Narvik Rideklubb|N|S
Narvik Klatreklubb|N|S
Narvik Skytterlag|N|S
Narvik Fotballklubb|N|S
Narvik Bridgeklubb|N|R
Narvik Golfklubb|N|S
Narvik Tennisklubb|N|S
Narvik Turnforening|N|S
Narvik Idrettslag|N|S
Bjerkvik Idrettslag|N|S|bjerkvik
Bjerkvik Skolemusikkorps|N|K|bjerkvik
Bjerkvik Blandakor|N|K|bjerkvik
Bjerkvik Pensjonistlag|N|O|bjerkvik
Ballangen Sanitetsforening|N|H|ballangen
Ballangen Skytterlag|N|S|ballangen
Ballangen Mannskor|N|K|ballangen
Beisfjord Velforening|N|L|beisfjord
Beisfjord Grendelag|N|L|beisfjord
Håkvik Idrettslag|N|S|hakvik
Narvik Jeger- og Fiskerforening|N|N
Narvik Dykkerklubb|N|S
Narvik Padleklubb|N|S
Narvik Seilforening|N|S
Narvik Motorsportklubb|N|S
Narvik Kunstforening|N|K
Narvik Historielag|N|K
Narvik Orkesterforening|N|K
Ofoten Brass Band|N|K
Narvik Jazzklubb|N|K
Narvik Hundeklubb|N|R
Narvik Kvinnekor|N|K
Ankenes Skolekorps|N|K|ankenesstrand
Narvik Volleyballklubb|N|S
Narvik Håndballklubb|N|S
Narvik Basketballklubb|N|S
Narvik Karateklubb|N|S
Narvik Frivilligsentral|N|F
Narvik og Omegn Turlag|N|N
Skjomen Bygdelag|N|L|skjomen
Narvik Teaterlag|N|K
Korsnes Vel|N|L
Narvik Seniordans|N|R||Dans for seniorer hver onsdag.
Narvik Sangforening|N|K||Et kor for alle som liker å synge.
Narvik Husflidslag|N|K
Narvik Sykkelklubb|N|S
Narvik Orienteringsklubb|N|S
Narvik Skiklubb|N|S
Narvik Filmklubb|N|K
Korpsmusikkens Venner Narvik|N|K||Støtter korpsene i byen med dugnad.
Lyngen Mannskor|L|K|lyngseidet
Røde Kors Hjelpekorps Lyngen|L|H|lyngseidet
Lyngen Skytterlag|L|S
Lyngen Idrettslag|L|S|lyngseidet
Lyngseidet Skolekorps|L|K|lyngseidet
Lyngen Pensjonistforening|L|O
Lyngen Jeger- og Fiskeforening|L|N
Lyngen Historielag|L|K
Lyngen Sanitetsforening|L|H
Lyngen Bygdekvinnelag|L|L
Lyngen Klatreklubb|L|S
Lyngen Turlag|L|N
Lyngen Sjakklubb|L|R
Lyngen Seilforening|L|S
Lyngen Bridgeklubb|L|R
Lyngen Frivilligsentral|L|F
Lyngen Kunstlag|L|K
Lyngen Ungdomslag|L|L
Nordreisa Røde Kors|R|H
Storslett Blandakor|R|K|storslett
Nordreisa Idrettslag|R|S|storslett
Nordreisa Skolekorps|R|K|storslett
Nordreisa Pensjonistforening|R|O
Nordreisa Skytterlag|R|S
Nordreisa Svømmeklubb|R|S
Reisa Elvelag|R|N
Storslett Sjakklubb|R|R|storslett
Nordreisa Rideklubb|R|S
Nordreisa Kulturforening|R|K
Nordreisa Historielag|R|K
Nordreisa Motorklubb|R|S
Nordreisa Jeger- og Fiskeforening|R|N
Nordreisa Turlag|R|N
Nordreisa Sanitetsforening|R|H
Storslett Golfklubb|R|S|storslett
Nordreisa Musikkforening|R|K
Nordreisa Hundeklubb|R|R
Skjervøy Kvinnekor|S|K|skjervoy
Skjervøy Idrettsklubb|S|S
Skjervøy Musikkorps|S|K
Skjervøy Pensjonistforening|S|O
Skjervøy Røde Kors|S|H
Skjervøy Seilforening|S|S
Skjervøy Skytterlag|S|S
Skjervøy Svømmeklubb|S|S
Skjervøy Historielag|S|K
Skjervøy Fotballklubb|S|S
Målselv Røde Kors|M|H
Målselv Skytterlag|M|S
Målselv Idrettslag|M|S
Bardufoss Svømmeklubb|M|S
Målselv Klatreklubb|M|S
Målselv Mannskor|M|K
Bardufoss Pensjonistforening|M|O
Bardufoss Skolekorps|M|K
Målselv Rideklubb|M|S
Målselv Historielag|M|K
Målselv Jeger- og Fiskerforening|M|N
Bardufoss Golfklubb|M|S
Målselv Fjellandsby Skiklubb|M|S
Bardufoss og Omegn Motorsportklubb|M|S
Målselv Bygdekvinnelag|M|L
Tromsø Svømmeklubb|T|S
Tromsø Sjakklubb|T|R
Tromsø Bridgeklubb|T|R
Tromsø Pensjonistforening|T|O
Tromsø Skiklubb|T|S
Tromsø Turlag|T|N
Tromsø Klatreklubb|T|S
Tromsø Rideklubb|T|S
Tromsø Skytterlag|T|S
Tromsø Røde Kors|T|H
Tromsø Kammerkor|T|K
Tromsø Jazzklubb|T|K
Tromsø Skolemusikkorps|T|K
Akademisk Kor Tromsø|T|K
Tromsø Seilforening|T|S
Tromsø Dykkerklubb|T|S
Tromsø Kunstforening|T|K
Tromsø Volleyballklubb|T|S
Tromsø Orienteringsklubb|T|S
Tromsø Padleklubb|T|S
Tromsø Håndballklubb|T|S
Tromsø Hundeklubb|T|R
Tromsø Filmklubb|T|K
Tromsdalen Idrettslag|T|S
Tromsø Tennisklubb|T|S
Tromsø Karateklubb|T|S
Tromsø Seniordans|T|R
Finnsnes Idrettslag|J|S|finnsnes
Senja Mannskor|J|K
Finnsnes Skolekorps|J|K|finnsnes
Senja Røde Kors|J|H
Senja Pensjonistforening|J|O
Gibostad Grendelag|J|L|gibostad
Silsand Svømmeklubb|J|S|silsand
Senja Skytterlag|J|S
Finnsnes Sjakklubb|J|R|finnsnes
Senja Rideklubb|J|S
Senja Turlag|J|N
Senja Historielag|J|K
Torsken Velforening|J|L|torsken
Kåfjord Mannskor|K|K|olderdalen
Kåfjord Idrettslag|K|S
Olderdalen Skolekorps|K|K|olderdalen
Kåfjord Røde Kors|K|H
Birtavarre Grendelag|K|L|birtavarre
Kåfjord Pensjonistforening|K|O
Kåfjord Skytterlag|K|S
Samisk Kulturforening Kåfjord|K|K
`
  .trim()
  .split('\n')
  .map((line) => {
    const [name, municipality, category, place, description] = line.split('|');
    return {
      name: name!,
      municipality: MUNICIPALITY[municipality!]!,
      category: CATEGORY[category!]!,
      place: place || undefined,
      description: description || DESCRIPTION[category!]!,
    };
  });

const ALL = ENTRIES.map((e) => e.name);
/** The entries whose name matches: the expected answers, written as a pattern over the names above. */
const named = (pattern: RegExp) => ALL.filter((n) => pattern.test(n));

const CHOIRS = [...named(/kor( |$)/i), 'Narvik Sangforening'];
const BANDS = named(/korps( |$)/i);
const CLUBS = named(/klubb( |$)/i);
const LAG = named(/lag( |$)/i);
const FORENING = named(/forening( |$)/i);

interface Case {
  q: string;
  /** What the rule is. */
  rule: string;
  relevant: string[];
}

const CASES: Case[] = [
  // Compound words: the query word as a compound's head or another part.
  { rule: 'compound head', q: 'kor', relevant: CHOIRS },
  { rule: 'compound head', q: 'korps', relevant: BANDS },
  { rule: 'compound head, merged consonant', q: 'klubb', relevant: CLUBS },
  { rule: 'compound head', q: 'lag', relevant: LAG },
  { rule: 'compound head', q: 'forening', relevant: FORENING },
  { rule: 'compound part, merged consonant', q: 'sjakk', relevant: named(/sjakklubb/i) },
  { rule: 'compound part', q: 'musikk', relevant: named(/musikk/i) },
  { rule: 'compound part', q: 'bridge', relevant: named(/bridgeklubb/i) },
  { rule: 'compound part', q: 'golf', relevant: named(/golfklubb/i) },
  { rule: 'compound part', q: 'jeger', relevant: named(/jeger/i) },
  { rule: 'exact compound', q: 'skolekorps', relevant: named(/skolekorps/i) },
  { rule: 'exact compound', q: 'mannskor', relevant: named(/mannskor/i) },
  { rule: 'exact compound', q: 'idrettslag', relevant: named(/idrettslag/i) },
  { rule: 'exact compound', q: 'sanitetsforening', relevant: named(/sanitetsforening/i) },
  { rule: 'exact compound', q: 'turlag', relevant: named(/turlag/i) },
  { rule: 'exact compound', q: 'historielag', relevant: named(/historielag/i) },
  // Inflections and activity nouns.
  { rule: 'plural', q: 'pensjonister', relevant: named(/pensjonist/i) },
  { rule: 'activity noun', q: 'svømming', relevant: named(/svømmeklubb/i) },
  { rule: 'activity noun', q: 'ridning', relevant: named(/rideklubb/i) },
  { rule: 'activity noun', q: 'klatring', relevant: named(/klatreklubb/i) },
  { rule: 'activity noun', q: 'skyting', relevant: named(/skytterlag/i) },
  { rule: 'definite plural', q: 'korene', relevant: CHOIRS },
  { rule: 'definite plural', q: 'korpsene', relevant: BANDS },
  { rule: 'definite singular', q: 'klubben', relevant: CLUBS },
  { rule: 'definite singular', q: 'foreningen', relevant: FORENING },
  { rule: 'definite singular', q: 'idrettslaget', relevant: named(/idrettslag/i) },
  // One wrong, missing or doubled letter in words of 5 letters or more.
  { rule: 'typo: missing letter', q: 'manskor', relevant: named(/mannskor/i) },
  { rule: 'typo: missing letter', q: 'fotbal', relevant: named(/fotball/i) },
  { rule: 'typo: missing letter', q: 'bridgeklub', relevant: named(/bridgeklubb/i) },
  { rule: 'typo: missing letter', q: 'svømmeklub', relevant: named(/svømmeklubb/i) },
  { rule: 'typo: doubled letter', q: 'pensjonistforenning', relevant: named(/pensjonistforening/i) },
  { rule: 'typo: missing letter', q: 'skyterlag', relevant: named(/skytterlag/i) },
  { rule: 'typo: missing letter', q: 'historilag', relevant: named(/historielag/i) },
  { rule: 'typo: wrong letter', q: 'klatraklubb', relevant: named(/klatreklubb/i) },
  // Several words narrow; a municipality's name acts as the filter.
  { rule: 'several words, municipality', q: 'kor lyngen', relevant: ['Lyngen Mannskor'] },
  { rule: 'several words, municipality', q: 'korps narvik', relevant: ['Narvik Skolekorps', 'Bjerkvik Skolemusikkorps', 'Ankenes Skolekorps'] },
  { rule: 'several words, municipality', q: 'svømmeklubb tromsø', relevant: ['Tromsø Svømmeklubb'] },
  { rule: 'several words, municipality', q: 'sjakk nordreisa', relevant: ['Storslett Sjakklubb'] },
  { rule: 'several words, municipality', q: 'røde kors narvik', relevant: ['Narvik Røde Kors'] },
  { rule: 'several words, municipality', q: 'skytterlag målselv', relevant: ['Målselv Skytterlag'] },
  { rule: 'several words, municipality', q: 'pensjonister senja', relevant: ['Senja Pensjonistforening'] },
  { rule: 'several words, municipality', q: 'klatring tromsø', relevant: ['Tromsø Klatreklubb'] },
  { rule: 'several words, place', q: 'idrettslag bjerkvik', relevant: ['Bjerkvik Idrettslag'] },
  { rule: 'several words, place', q: 'kor storslett', relevant: ['Storslett Blandakor'] },
  // ASCII spellings.
  { rule: 'ascii', q: 'svommeklubb', relevant: named(/svømmeklubb/i) },
  { rule: 'ascii', q: 'tromso sjakk', relevant: ['Tromsø Sjakklubb'] },
  { rule: 'ascii', q: 'malselv skytterlag', relevant: ['Målselv Skytterlag'] },
  { rule: 'ascii', q: 'rode kors', relevant: named(/røde kors/i) },
  { rule: 'ascii', q: 'kafjord kor', relevant: ['Kåfjord Mannskor'] },
  // FTS syntax typed by a user is plain text.
  { rule: 'fts syntax', q: '"kor', relevant: CHOIRS },
  { rule: 'fts syntax', q: 'kor*', relevant: CHOIRS },
  { rule: 'fts syntax', q: '(korps)', relevant: BANDS },
  { rule: 'fts syntax', q: 'skytterlag -lyngen', relevant: ['Lyngen Skytterlag'] },
  { rule: 'fts syntax', q: '{sjakk} tromsø:', relevant: ['Tromsø Sjakklubb'] },
];

let app: Awaited<ReturnType<typeof testApp>>['app'];

beforeAll(async () => {
  const half = Math.ceil(ENTRIES.length / 2);
  const input = (reference: Parameters<typeof association>[0], e: (typeof ENTRIES)[number]) =>
    association(reference, {
      name: e.name,
      municipalityNumber: e.municipality,
      categories: [e.category],
      place: e.place,
      shortDescription: e.description,
      description: '',
    });
  // Half through the bulk loader (the importer and the demo generator), half one at a time as
  // registration stores them: both feed the same index.
  const built = await testApp((reference) => ENTRIES.slice(0, half).map((e) => input(reference, e)));
  for (const e of ENTRIES.slice(half)) {
    await createAssociation(built.db, input(built.reference, e), built.reference.municipalityByNumber.get(e.municipality)!.name, new Date());
  }
  app = built.app;
}, 60_000);

async function firstFive(q: string): Promise<string[]> {
  const response = await app.request(`/lag?q=${encodeURIComponent(q)}`);
  expect(response.status, q).toBe(200);
  return dom(await response.text())
    .querySelectorAll('.card__title a')
    .slice(0, 5)
    .map((a) => text(a));
}

describe('search relevance', () => {
  it('has a test set of at least 40 searches over at least 150 names in several municipalities', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ALL).size).toBe(ALL.length);
    expect(ALL.length).toBeGreaterThanOrEqual(150);
    expect(new Set(ENTRIES.map((e) => e.municipality)).size).toBeGreaterThanOrEqual(6);
    for (const c of CASES) expect(c.relevant.length, c.q).toBeGreaterThan(0);
  });

  it('answers at least 90% of the first five hits and of the first hits right', async () => {
    const misses: string[] = [];
    let precision = 0;
    let firstRight = 0;
    for (const c of CASES) {
      const top = await firstFive(c.q);
      const relevant = new Set(c.relevant);
      const right = top.filter((n) => relevant.has(n)).length;
      precision += right / Math.min(5, relevant.size);
      if (top[0] !== undefined && relevant.has(top[0])) firstRight++;
      if (right < Math.min(5, relevant.size) || !relevant.has(top[0] ?? '')) misses.push(`${c.rule} «${c.q}»: ${top.join(', ') || '(nothing)'}`);
    }
    const precisionAt5 = precision / CASES.length;
    const firstHit = firstRight / CASES.length;
    console.log(
      `search relevance over ${CASES.length} searches and ${ALL.length} associations: precision@5 ${(precisionAt5 * 100).toFixed(1)}%, ` +
        `first hit relevant ${(firstHit * 100).toFixed(1)}%${misses.length ? `\nnot fully right:\n  ${misses.join('\n  ')}` : ''}`,
    );
    expect(precisionAt5).toBeGreaterThanOrEqual(0.9);
    expect(firstHit).toBeGreaterThanOrEqual(0.9);
  });
});
