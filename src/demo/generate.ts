/**
 * Pure, deterministic demo-data generator for Lagportal.
 *
 * Produces believable Norwegian associations (names, descriptions, contact details) from a
 * municipality/category list. Same options + seed ⇒ same output; nothing reads the clock or
 * Math.random. Rows are streamed from a generator so 100k rows never sit in memory at once.
 */
import type { AssociationInput } from '../db/associations.js';
import type { AssociationStatus } from '../db/types.js';
import { orgNumberFromPrefix } from '../lib/org-number.js';

export type { AssociationStatus };

export interface DemoMunicipality {
  number: string;
  name: string;
  places: { id: number; name: string }[];
  weight: number;
}

export interface DemoCategory {
  id: number;
  icnpoCode: string;
  parentId: number | null;
}

/** What the generator makes: exactly what the association tables store (see AssociationInput). */
export type DemoAssociation = AssociationInput;

export interface GenerateOptions {
  count: number;
  municipalities: DemoMunicipality[];
  categories: DemoCategory[];
  seed?: number;
  now: Date;
  statusMix?: 'demo' | 'published';
}

// ---------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------

/** Small seeded PRNG (mulberry32): fast, good enough for demo data, and fully reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws items in proportion to their weights (`random` gives numbers in [0, 1)): a binary
 * search over the running totals, fast enough for 100,000 draws.
 */
export function weightedPicker<T>(items: readonly T[], weights: readonly number[], random: () => number): () => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) cumulative.push((total += weight));
  if (!(total > 0)) throw new RangeError('weights must include at least one positive number');
  return () => {
    const r = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

/** Convenience wrapper so every random decision goes through the one seeded stream. */
class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Inclusive integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Picks by the optional `w` field (default weight 1). */
  weighted<T extends { w?: number }>(items: readonly T[]): T {
    let total = 0;
    for (const it of items) total += it.w ?? 1;
    let r = this.next() * total;
    for (const it of items) {
      r -= it.w ?? 1;
      if (r < 0) return it;
    }
    return items[items.length - 1]!;
  }
}

// ---------------------------------------------------------------------------
// Name and text material
// ---------------------------------------------------------------------------

/**
 * One kind of club. `n` is the name template: {p} = place/municipality name, {S} = Sami name,
 * {K} = Kven name (templates with {S}/{K} are only used where such a name is known, else `alt`).
 * `s` = short-description sentences, `a` = activity paragraphs; when absent, the profile's (type-neutral) ones are used.
 */
interface ClubType {
  n: string;
  w?: number;
  alt?: string;
  s?: readonly string[];
  a?: readonly string[];
}

interface Profile {
  types: readonly ClubType[];
  s: readonly string[];
  a: readonly string[];
  venues?: readonly string[];
}

const CHOIR_A = [
  'Koret øver hver {d1} fra kl. {tid} på {venue}. Vi synger flerstemt, og du trenger ikke å kunne lese noter for å bli med – det viktigste er sangglede og godt humør.',
  'Vi holder vårkonsert og julekonsert hvert år, synger på 17. mai og deltar gjerne på korstevner i Nord-Norge. Etter øvelsen er det alltid tid til en kopp kaffe og en prat.',
] as const;

const SPORT_S = [
  'Vi arrangerer treninger for barn og unge hver {d1} og {d2} på {loc} stadion.',
  'Vi gir barn, ungdom og voksne i {loc} et variert idrettstilbud gjennom hele året.',
] as const;

const KORPS_A = [
  'Korpset øver hver {d1} fra kl. {tid} på {venue}. Vi spiller i 17. mai-toget, holder konserter til jul og vår og deltar på korpsstevner i regionen.',
] as const;

const SAMI_A = [
  'Vi arrangerer samisk språkkafé, duodjikurs og joikekvelder, og markerer samefolkets dag med frokost og kulturprogram. Alle som er interessert i samisk kultur, er velkomne – du trenger ikke snakke samisk.',
] as const;

const KVEN_A = [
  'Vi holder kvensk språkkafé hver {d1}, samler inn gamle stedsnavn og fortellinger, og arrangerer kvenske kulturdager med mat, musikk og foredrag. Alle er velkomne, uansett om du har kvensk bakgrunn eller ikke.',
] as const;

const SAMI_S = [
  'Sameforeningen arbeider for samisk språk, kultur og rettigheter i {kom}, og markerer samefolkets dag 6. februar.',
  'Vi samler folk med samisk tilknytning i {loc} og omegn til språkkafé, joikekvelder og duodjikurs.',
] as const;

const KVEN_S = [
  'Kvenforeningen arbeider for kvensk språk og kultur, og arrangerer kvenske kulturdager og språkkurs i {kom}.',
  'Vi tar vare på den kvenske arven i {loc} med språkkafé, slektsgransking og tradisjonsmat.',
] as const;

const PROFILES: Record<string, Profile> = {
  // 01100 Kunst og kultur
  '011': {
    s: [
      'Vi er et aktivt kulturlag som samler folk i {loc} til øvelser, forestillinger og sosialt samvær.',
      'Vi jobber for et rikt kulturliv i {kom} og arrangerer konserter og kulturkvelder gjennom hele året.',
    ],
    a: [
      'Vi samles jevnlig på {venue}, og gjennom året arrangerer vi kurs, kulturkvelder og andre arrangementer, ofte i samarbeid med kulturskolen og andre lag i {kom}.',
      'Laget drives av frivillige, og medlemmene bidrar med alt fra planlegging til kaffekoking. Vi er med på 17. mai, bygdedagene og julemarkedet i {kom}.',
    ],
    venues: ['kulturhuset i {loc}', 'samfunnshuset', '{loc} skole', 'ungdomshuset', 'kirka i {loc}'],
    types: [
      {
        n: '{p} Mannskor',
        w: 3,
        s: [
          'Vi er et mannskor med sangere i alle aldre som øver hver {d1} kveld i {loc}.',
          'Mannskoret synger alt fra tradisjonelle norske sanger til pop, og holder konsert til jul og vår.',
        ],
        a: CHOIR_A,
      },
      { n: '{p} Kvinnekor', w: 2, s: ['Kvinnekoret i {loc} øver hver {d1} og synger alt fra salmer og viser til popsanger.'], a: CHOIR_A },
      { n: '{p} Blandakor', w: 1, s: ['Et blandet kor for sangglade damer og herrer i {kom}, med øvelse hver {d1} kveld.'], a: CHOIR_A },
      { n: 'Kammerkoret {p}', w: 0.5, s: ['Et lite kor med høye ambisjoner som synger klassisk og nyskrevet kormusikk i {kom}.'], a: CHOIR_A },
      {
        n: '{p} Skolekorps',
        w: 3,
        s: [
          'Skolekorpset gir barn fra {loc} mulighet til å lære et instrument og spille sammen med andre.',
          'Vi er et skolekorps med aspiranter, juniorkorps og hovedkorps som øver hver {d1} på {loc} skole.',
        ],
        a: [
          'Korpset øver hver {d1} på {loc} skole, og aspirantene har egne øvelser med dirigent og instruktører. Vi spiller i 17. mai-toget, holder konserter og deltar på korpsstevner i regionen.',
          ...KORPS_A,
        ],
      },
      { n: '{p} Musikkorps', w: 1, s: ['Vi er et voksenkorps som spiller marsjer, filmmusikk og populærmusikk, og øver hver {d1} i {loc}.'], a: KORPS_A },
      { n: '{p} Brass Band', w: 0.5, s: ['Brass bandet øver hver {d1} og deltar i norgesmesterskapet for brass band hvert år.'], a: KORPS_A },
      {
        n: '{p} Husflidslag',
        w: 2,
        s: ['Husflidslaget tar vare på gamle håndverkstradisjoner og holder kurs i strikking, vev og treskjæring.'],
        a: [
          'Vi har kurskvelder i alt fra toving og sølvsmiing til kniv- og skinnarbeid. Verkstedet vårt på {venue} er åpent for medlemmene hver {d1}, og vi har strikkekafé en gang i måneden.',
        ],
      },
      {
        n: '{p} Teaterlag',
        w: 2,
        s: ['Teaterlaget setter opp en stor forestilling hvert år og har egne grupper for barn og ungdom i {loc}.'],
        a: ['Vi øver hver {d1} og {d2} i perioden før premieren, og trenger alltid folk både på og bak scenen – til lys, lyd, kostymer og kulisser.'],
      },
      { n: '{p} Revylag', w: 1, s: ['Revylaget lager lokalrevy med glimt i øyet om livet i {kom}, med premiere hver vinter.'] },
      { n: '{p} Spelemannslag', w: 1, s: ['Vi spiller tradisjonell folkemusikk på fele, trekkspill og gitar, og øver hver {d1} i {loc}.'] },
      { n: '{p} Kunstforening', w: 1, s: ['Kunstforeningen arrangerer utstillinger med lokale og regionale kunstnere og trekker ut kunst blant medlemmene.'] },
      { n: '{p} Fotoklubb', w: 1, s: ['Fotoklubben samler amatørfotografer som deler bilder, tips og turer – nordlyset over {loc} er et fast tema.'] },
      { n: '{p} Ungdomslag', w: 1, s: ['Ungdomslaget driver ungdomshuset i {loc} og arrangerer dans, konserter og basarer.'] },
      { n: '{p} Mållag', w: 0.5, s: ['Mållaget arbeider for nynorsk og dialektene i {kom}, og arrangerer skrivekurs og litteraturkvelder.'] },
      {
        n: 'Duodjeforeningen {S}',
        alt: '{p} Duodjeforening',
        w: 0.6,
        s: ['Vi tar vare på samisk duodji og holder kurs i blant annet skinnsøm, tinntrådbroderi og båndvev.'],
        a: SAMI_A,
      },
      {
        n: 'Joikegruppa {S}',
        alt: '{p} Joikegruppe',
        w: 0.3,
        s: ['Joikegruppa samles hver {d1} for å lære og ta vare på joiker fra {kom} og nabobygdene.'],
        a: SAMI_A,
      },
    ],
  },
  // 01200 Idrett
  '012': {
    s: SPORT_S,
    a: [
      'Treningene ledes av frivillige trenere, og vi legger vekt på idrettsglede, mestring og fellesskap. Alle som vil trene, får være med – uansett nivå.',
      'Vi har treningsgrupper for alle aldre, fra allidrett for de minste til mosjonsgrupper for voksne. I tillegg arrangerer vi cuper, stevner og dugnader gjennom sesongen.',
    ],
    venues: ['{loc} stadion', 'idrettshallen i {loc}', 'klubbhuset', 'gymsalen på {loc} skole'],
    types: [
      { n: '{p} Idrettslag', w: 6, s: ['Idrettslaget har tilbud innen fotball, ski og allidrett for barn og voksne i {loc}.', ...SPORT_S] },
      { n: '{p} IL', w: 1.5, s: SPORT_S },
      { n: '{p} Turn- og Idrettsforening', w: 0.7, s: SPORT_S },
      { n: 'Sportsklubben {p}', w: 0.7, s: SPORT_S },
      {
        n: '{p} Skiklubb',
        w: 3,
        s: [
          'Vi har skitrening for barn og unge hver {d1} og {d2} i lysløypa i {loc}.',
          'Skiklubben kjører løyper og arrangerer klubbrenn gjennom hele vinteren.',
        ],
        a: [
          'Vi preparerer lysløypa og turløypene i {loc} og arrangerer karusellrenn for barn hver {d1} fra januar til mars. Om sommeren er det barmarkstrening med rulleski og løping.',
        ],
      },
      {
        n: '{p} Fotballklubb',
        w: 3,
        s: [
          'Vi arrangerer treninger for barn og unge hver {d1} og {d2} på {loc} stadion.',
          'Fotballklubben har lag for gutter og jenter fra seks år og et seniorlag i 5. divisjon.',
        ],
        a: [
          'Vi har lag i alle årsklasser fra knøttefotball til senior, og trener på kunstgressbanen i {loc}. Om vinteren trener vi i hallen og deltar i vinterserien.',
        ],
      },
      { n: '{p} Svømmeklubb', w: 1, s: ['Svømmeklubben har svømmeopplæring og treninger i svømmehallen i {loc} hver {d1} og {d2}.'] },
      { n: '{p} Håndballklubb', w: 1, s: ['Vi har håndballtreninger i idrettshallen i {loc} for barn fra sju år, og lag i seriespill for jenter og gutter.'] },
      { n: '{p} Skytterlag', w: 2, s: ['Skytterlaget har skytebane i {loc} og trener baneskyting og feltskyting for alle fra tolv år.'] },
      { n: '{p} Skiskytterlag', w: 0.5, s: ['Skiskytterlaget har trening på standplassen i {loc} hver {d1}, med luftgevær for de yngste.'] },
      { n: '{p} Orienteringslag', w: 1, s: ['Vi lager orienteringskart over terrenget rundt {loc} og arrangerer o-løp og turorientering hver sommer.'] },
      { n: '{p} Turnforening', w: 1, s: ['Turnforeningen har turn, trampett og akrobatikk for barn og ungdom hver {d1} i gymsalen på {loc} skole.'] },
      { n: '{p} Sykkelklubb', w: 1, s: ['Vi sykler landevei, terreng og grus i og rundt {loc}, med felles turer hver {d1} fra mai til september.'] },
      { n: '{p} Rideklubb', w: 1, s: ['Rideklubben har ridebane og stall i {loc} og tilbyr rideskole, stevner og kurs for store og små.'] },
      { n: '{p} Alpinklubb', w: 1, s: ['Alpinklubben driver skitrekket i {loc} og har alpintrening for barn og ungdom i helgene.'] },
      { n: '{p} Løpeklubb', w: 1, s: ['Løpeklubben har fellestreninger hver {d1} og arrangerer et populært terrengløp i {loc} hver høst.'] },
      { n: '{p} Klatreklubb', w: 0.5, s: ['Klatreklubben drifter klatreveggen i {loc} og arrangerer kurs i buldring, tauklatring og isklatring.'] },
      { n: '{p} Bokseklubb', w: 0.5, s: ['Bokseklubben har trening for nybegynnere og viderekomne hver {d1} og {d2}, fra tolv år og oppover.'] },
      { n: '{p} Golfklubb', w: 0.5, s: ['Golfklubben har en nihullsbane i {loc} der du kan spille under midnattssola fra juni til august.'] },
      { n: '{p} Volleyballklubb', w: 0.5, s: ['Vi spiller innendørs volleyball om vinteren og sandvolleyball på stranda i {loc} om sommeren.'] },
      { n: '{p} Innebandyklubb', w: 0.5, s: ['Innebandyklubben har trening i hallen hver {d1} for barn, ungdom og voksne – kølle får du låne.'] },
      { n: '{p} Padleklubb', w: 1, s: ['Padleklubben tilbyr kajakkurs, fellesturer og havpadling langs kysten av {kom}.'] },
      { n: '{p} Seilforening', w: 0.5, s: ['Seilforeningen har jolleseiling for barn og regattaer for voksne fra båthavna i {loc}.'] },
      { n: '{p} Kampsportklubb', w: 0.5, s: ['Vi trener judo, karate og selvforsvar for barn og voksne hver {d1} og {d2}.'] },
    ],
  },
  // 01300 Rekreasjon og sosiale foreninger
  '013': {
    s: ['Vi er en sosial møteplass i {loc} med faste treff, turer og fester gjennom året.'],
    a: [
      'Vi har medlemsmøte første {d1} i hver måned på {venue}, med kaffe, loddsalg og et variert program. I tillegg arrangerer vi turer og julebord for medlemmene.',
      'Aktivitetene våre er drevet av frivillige, og vi er alltid åpne for nye ideer. Om sommeren drar vi på tur, og om vinteren samles vi innendørs til kurs og hyggekvelder.',
    ],
    types: [
      {
        n: '{p} Pensjonistforening',
        w: 3,
        s: [
          'Pensjonistforeningen har medlemsmøter med kaffe, foredrag og loddsalg første {d1} i måneden.',
          'Vi er en sosial forening for pensjonister i {kom} med turer, trim og hyggelige treff.',
        ],
      },
      { n: '{p} Motorklubb', w: 2, s: ['Motorklubben driver motorsportbane i {loc} med motocross, bilcross og gokart for alle aldre.'] },
      { n: 'Lions Club {p}', w: 2, s: ['Lions Club samler inn penger til lokale formål i {kom} og arrangerer blant annet loppemarked og julelotteri.'] },
      { n: 'Rotary Klubb {p}', w: 1, s: ['Rotaryklubben har ukentlige møter med foredrag og støtter humanitære prosjekter lokalt og internasjonalt.'] },
      { n: '{p} Båtforening', w: 2, s: ['Båtforeningen driver småbåthavna i {loc} med båtplasser, slipp og klubbhus for medlemmene.'] },
      {
        n: '{p} Jeger- og Fiskerforening',
        w: 2,
        s: ['Vi arbeider for god forvaltning av vilt og fisk i {kom} og arrangerer jegerprøvekurs, fiskekonkurranser og skyting.'],
      },
      { n: '{p} Sjakklubb', w: 1, s: ['Sjakklubben spiller hver {d1} kveld på {venue}, og har egne treninger for barn og ungdom.'] },
      { n: '{p} Bridgeklubb', w: 1, s: ['Bridgeklubben spiller turnering hver {d1} kveld – nybegynnere får egen veiledning.'] },
      { n: '{p} Turlag', w: 1, s: ['Turlaget merker stier, drifter hytter og arrangerer fellesturer til fjells i {kom} hele året.'] },
      { n: '{p} og omegn Turlag', w: 0.5, s: ['Turlaget merker stier, drifter hytter og arrangerer fellesturer til fjells i {kom} hele året.'] },
      { n: '{p} Speidergruppe', w: 1, s: ['Speidergruppa har møter for småspeidere, stifinnere og vandrere hver {d1}, med friluftsliv og leirer.'] },
      { n: '{p} Snøscooterklubb', w: 1, s: ['Vi jobber for trygg og lovlig snøscooterkjøring og holder skuterløypene i {kom} i stand gjennom vinteren.'] },
      { n: '{p} Veteranbilklubb', w: 0.5, s: ['Veteranbilklubben samler entusiaster for gamle biler og motorsykler, med treff og kortesje på 17. mai.'] },
      { n: '{p} Hundeklubb', w: 1, s: ['Hundeklubben holder valpekurs, lydighetskurs og agilitytreninger på klubbens bane i {loc}.'] },
      { n: 'Kystlaget {p}', w: 1, s: ['Kystlaget tar vare på gamle båter og kystkultur i {loc}, og ror og seiler med tradisjonsbåter hver sommer.'] },
      { n: '{p} Bygdeungdomslag', w: 1, s: ['Bygdeungdomslaget arrangerer fester, turer og kurs for ungdom mellom 15 og 35 år i {kom}.'] },
      { n: '{p} Kvinne- og Familielag', w: 1, s: ['Laget samler kvinner i alle aldre i {loc} til strikkekafé, kurs og sosialt samvær.'] },
      { n: '4H {p}', w: 0.5, s: ['4H-klubben gir barn og unge i {loc} praktiske prosjekter innen friluftsliv, dyrestell og matlaging.'] },
      { n: '{p} Sameforening', w: 0.4, s: SAMI_S, a: SAMI_A },
    ],
  },
  // 02100 Grunnskole og videregående
  '021': {
    s: ['Foreningen støtter skolene i {kom} med frivillig innsats, utstyr og aktiviteter for elevene.'],
    a: [
      'Vi samarbeider tett med skolen og foreldrene, og arrangerer leksehjelp, skoleball og temakvelder. Overskuddet fra kafeen på skoleavslutningen går til turer for elevene.',
    ],
    types: [
      { n: 'Leksehjelpa i {p}', w: 2, s: ['Frivillige gir gratis leksehjelp til elever på barne- og ungdomstrinnet i {loc} hver {d1} ettermiddag.'] },
      { n: '{p} Friskoleforening', w: 1, s: ['Foreningen driver en liten friskole i {loc} med vekt på nærmiljø, natur og praktisk læring.'] },
      { n: '{p} Skolekorps', w: 0.5, s: ['Skolekorpset gir barn fra {loc} mulighet til å lære et instrument og spille sammen med andre.'], a: KORPS_A },
    ],
  },
  // 02200 Høyere utdanning
  '022': {
    s: ['Vi arrangerer fester, debatter og konserter for studentene i {kom}.'],
    a: ['Alt arbeid i foreningen gjøres av frivillige studenter. Vi har fadderuke hver høst og holder studentkafeen åpen på hverdager.'],
    types: [
      { n: 'Studentforeningen i {p}', w: 1 },
      { n: '{p} Studentsamfunn', w: 1 },
    ],
  },
  // 02300 Annen utdanning (historielag, folkeakademi)
  '023': {
    s: [
      'Laget samler og formidler lokalhistorie fra {kom} gjennom bøker, foredrag og vandringer.',
      'Vi tar vare på gamle bilder, fortellinger og kulturminner fra {loc} og omegn.',
    ],
    a: [
      'Hvert år gir vi ut et årsskrift med artikler om lokalhistorie fra {kom}. Vi skanner også gamle fotografier, registrerer kulturminner og arrangerer historiske vandringer om sommeren.',
    ],
    types: [
      { n: '{p} Historielag', w: 4 },
      { n: '{p} Sogelag', w: 1 },
      { n: '{p} Museumslag', w: 1, s: ['Museumslaget driver bygdetunet i {loc} og holder det åpent for besøkende i sommersesongen.'] },
      {
        n: 'Folkeakademiet {p}',
        w: 1,
        s: ['Folkeakademiet arrangerer foredrag, kurs og kulturkvelder for voksne i {kom}.'],
        a: [
          'Vi inviterer foredragsholdere innen historie, litteratur og naturfag, og holder kveldskurs på {venue}. Programmet for sesongen legges ut hver høst.',
        ],
      },
      { n: 'Kvensk Språkreir {K}', alt: '{p} Kvenske Språklag', w: 0.3, s: KVEN_S, a: KVEN_A },
    ],
  },
  // 02400 Forskning
  '024': {
    s: ['Vi samler amatører og fagfolk med interesse for forskning og naturvitenskap i {kom}.'],
    a: ['Vi holder populærvitenskapelige foredrag, ekskursjoner og observasjonskvelder, og samarbeider med universitetet om innsamling av data.'],
    types: [
      { n: 'Amatørastronomene i {p}', w: 1, s: ['Vi observerer stjernehimmelen og nordlyset over {loc}, og låner ut teleskop til medlemmene.'] },
      { n: '{p} Arkeologilag', w: 1, s: ['Arkeologilaget registrerer kulturminner og bistår fagfolk ved utgravninger i {kom}.'] },
      { n: '{p} Botaniske Forening', w: 0.5, s: ['Vi kartlegger plantelivet i {kom} og arrangerer blomsterturer hver sommer.'] },
    ],
  },
  // 03xxx Helse
  '034': {
    s: ['Vi arbeider for bedre helse og livskvalitet for folk i {kom}.'],
    a: [
      'Vi har trimgrupper, likepersonsarbeid og temakvelder med fagfolk. Alle tilbudene våre er gratis eller sterkt subsidiert, og vi samarbeider med helsetjenesten i {kom}.',
    ],
    types: [
      { n: 'Helselaget {p}', w: 2, s: ['Helselaget jobber for folkehelse i {loc} med trimgrupper, turer og besøkstjeneste.'] },
      { n: '{p} Sykehjemsvenner', w: 1, s: ['Vi er frivillige som sørger for trivsel, underholdning og aktiviteter for beboerne på sykehjemmet i {loc}.'] },
      { n: 'Mental Helse {p}', w: 1, s: ['Mental Helse er et lavterskeltilbud med samtalegrupper og turer for alle som trenger noen å snakke med.'] },
      { n: 'Demensforeningen {p}', w: 1, s: ['Demensforeningen gir støtte og informasjon til personer med demens og deres pårørende i {kom}.'] },
      { n: 'LHL {p}', w: 1, s: ['LHL er en forening for hjerte- og lungesyke, med trening, likepersonsarbeid og sosiale treff.'] },
    ],
  },
  // 04100 Sosiale tjenester
  '041': {
    s: ['Vi gjør en frivillig innsats for at alle i {kom} skal ha et godt og trygt liv.'],
    a: [
      'Alt arbeidet gjøres av frivillige, og vi samarbeider med kommunen og andre lag i {kom}. Driften finansieres med støtte fra lokale bedrifter, loddsalg og basar.',
    ],
    types: [
      {
        n: '{p} Sanitetsforening',
        w: 3,
        s: ['Sanitetsforeningen arbeider for kvinners helse og for trivsel i lokalmiljøet i {loc}.'],
        a: [
          'Vi har besøkstjeneste for eldre og ensomme, og arrangerer basar og loddsalg for å samle inn penger til lokale formål. Hvert år deler vi ut gaver til sykehjemmet og barnehagene i {loc}.',
        ],
      },
      { n: '{p} Besøkstjeneste', w: 1, s: ['Våre besøksvenner besøker eldre og ensomme i {kom} for en kopp kaffe, en tur eller en prat.'] },
      { n: '{p} Matsentral', w: 1, s: ['Matsentralen deler ut overskuddsmat til familier og enslige i {kom} som trenger det.'] },
      { n: 'Natteravnene i {p}', w: 1, s: ['Natteravnene går trygghetsvandringer i sentrum av {loc} fredags- og lørdagskvelder.'] },
    ],
  },
  // 04200 Krisehjelp og beredskap
  '042': {
    s: ['Vi er frivillige som stiller opp når noe skjer – med beredskap, førstehjelp og redningsarbeid i {kom}.'],
    a: [
      'Vi har øvelser annenhver {d1} og er på vakt ved skirenn, konserter og andre store arrangementer. Mannskapene deltar i leteaksjoner sammen med politiet, og alle får grundig opplæring i førstehjelp og friluftsliv.',
    ],
    types: [
      { n: 'Røde Kors Hjelpekorps {p}', w: 3, s: ['Hjelpekorpset driver søk og redning og har førstehjelpsvakt på arrangementer i {kom}.'] },
      { n: '{p} Røde Kors', w: 2, s: ['Røde Kors i {loc} har besøkstjeneste, leksehjelp og aktiviteter for barn og unge.'] },
      { n: 'Norsk Folkehjelp {p}', w: 1, s: ['Norsk Folkehjelp har sanitetsvakter og søk og redning i fjellet rundt {loc}.'] },
      { n: 'Redningsselskapet {p}', w: 1, s: ['Vi er frivillige sjøredningsmannskaper som rykker ut med redningsskøyta når noen trenger hjelp på sjøen.'] },
    ],
  },
  // 04300 Økonomisk hjelp
  '043': {
    s: ['Vi gir økonomisk støtte og praktisk hjelp til familier i {kom} som har det trangt.'],
    a: ['Innsamlingen skjer gjennom loddsalg, basar og gaver fra lokale bedrifter. All støtte gis diskret og uten krav til motytelse.'],
    types: [
      { n: 'Julehjelpen i {p}', w: 1, s: ['Julehjelpen gir julegaver og matkasser til familier i {kom} som har lite å rutte med.'] },
      { n: '{p} Understøttelsesforening', w: 0.5 },
    ],
  },
  // 05100 Natur- og miljøvern
  '051': {
    s: ['Vi arbeider for å ta vare på natur, dyreliv og friluftsområder i {kom}.'],
    a: ['Vi arrangerer strandrydding, naturvandringer og kurs i artskunnskap, og sier fra når viktige naturområder i {kom} er truet av utbygging.'],
    types: [
      { n: '{p} Naturvernlag', w: 3 },
      { n: 'Naturvernforbundet i {p}', w: 1 },
      {
        n: '{p} Jeger- og Fiskerforening',
        w: 2,
        s: ['Vi arbeider for god forvaltning av vilt og fisk i {kom} og arrangerer jegerprøvekurs og fiskekonkurranser.'],
      },
      { n: '{p} Elveeierlag', w: 1, s: ['Elveeierlaget forvalter laksefisket i elva og selger fiskekort til besøkende fra hele landet.'] },
      { n: 'Natur og Ungdom {p}', w: 1, s: ['Vi er unge miljøvernere i {kom} som jobber mot plast i havet og for å bevare villaksen.'] },
      { n: '{p} Strandryddelag', w: 1, s: ['Vi rydder strender og fjæra i {kom} for plast og søppel hver vår og høst.'] },
    ],
  },
  // 05200 Dyrevern
  '052': {
    s: ['Vi jobber for dyrs velferd og gode forhold for dyr og dyreeiere i {kom}.'],
    a: [
      'Vi holder kurs, åpne dager og informasjonsmøter, og samarbeider med veterinærer i regionen. Frivillige stiller opp som fosterhjem og hjelper til ved omplassering.',
    ],
    types: [
      { n: 'Dyrebeskyttelsen {p}', w: 3, s: ['Dyrebeskyttelsen hjelper hjemløse katter og andre dyr i nød, og formidler dem til nye hjem.'] },
      { n: '{p} Birøkterlag', w: 1, s: ['Birøkterlaget gir kurs og veiledning til nye birøktere, og medlemmene leverer lokal honning fra {kom}.'] },
      { n: '{p} Hesteforening', w: 1, s: ['Vi tar vare på nordlandshesten og arrangerer kurs, turritt og utstillinger.'] },
      { n: '{p} Sauavlslag', w: 1, s: ['Sauavlslaget samarbeider om avl, sanking og beitebruk for sauebøndene i {kom}.'] },
    ],
  },
  // 06100 Lokalsamfunnsutvikling (vel, grendelag)
  '061': {
    s: ['Vi jobber for et trivelig og levende lokalsamfunn i {loc}.'],
    a: [
      'Vi holder dugnad hver vår, der vi rydder grøntområder, maler benker og gjør klart badeplassen. Laget eier også grendehuset, som leies ut til bursdager, minnesamvær og møter.',
      'Gjennom året arrangerer vi juletrefest, 17. mai-feiring og sankthansbål i fjæra. Vi er også bygdas talerør overfor {kom} kommune i saker om vei, skole og lekeplasser.',
    ],
    venues: ['grendehuset', 'samfunnshuset i {loc}', 'bygdehuset'],
    types: [
      { n: '{p} Velforening', w: 3, s: ['Velforeningen jobber for et trivelig nærmiljø i {loc} med dugnader, lekeplass og juletrefest.'] },
      { n: '{p} Grendelag', w: 3, s: ['Grendelaget driver grendehuset i {loc} og arrangerer juletrefest, 17. mai og dugnader for bygda.'] },
      { n: '{p} Bygdelag', w: 2, s: ['Bygdelaget samler folk i {loc} til fellesarrangementer og jobber for at bygda skal være et godt sted å bo.'] },
      { n: '{p} Vel', w: 1 },
      { n: '{p} Grendehusforening', w: 1, s: ['Foreningen eier og driver grendehuset i {loc}, som leies ut til fester, møter og kurs.'] },
      { n: '{p} Utviklingslag', w: 1, s: ['Utviklingslaget jobber for nye arbeidsplasser, bedre veier og flere tilflyttere til {loc}.'] },
    ],
  },
  // 06200 Økonomisk utvikling
  '062': {
    s: ['Vi jobber for næringsutvikling, arbeidsplasser og bolyst i {loc}.'],
    a: ['Vi driver prosjekter for å få flere bedrifter og innbyggere til bygda, og samarbeider med kommunen og næringslivet i {kom}.'],
    types: [
      { n: '{p} Utviklingslag', w: 2 },
      { n: '{p} Bygdeutvikling', w: 1 },
      { n: '{p} Næringsforum', w: 1 },
    ],
  },
  // 06300 Arbeid og opplæring
  '063': {
    s: ['Vi hjelper folk i {kom} inn i arbeidslivet gjennom opplæring, språktrening og nettverk.'],
    a: ['Vi har faste samlinger hver {d1} på biblioteket i {loc}, der frivillige hjelper med CV, jobbsøknader og norsktrening.'],
    types: [
      { n: 'Jobbklubben {p}', w: 1 },
      { n: 'Språkkafé {p}', w: 1, s: ['Vi arrangerer språkkafé for alle som vil øve på norsk, hver {d1} på biblioteket i {loc}.'] },
    ],
  },
  // 07100 Interesseorganisasjoner for grupper
  '071': {
    s: ['Vi ivaretar interessene til medlemmene våre og gir støtte, informasjon og fellesskap i {kom}.'],
    a: ['Vi arrangerer temamøter, likepersonssamtaler og sosiale treff, og er en tydelig stemme overfor kommunen i saker som angår medlemmene.'],
    types: [
      { n: '{p} Pasientforening', w: 2, s: ['Pasientforeningen gir støtte, informasjon og et fellesskap til pasienter og pårørende i {kom}.'] },
      {
        n: 'Foreldreutvalget ved {p} skole',
        w: 2,
        s: ['Foreldreutvalget er bindeleddet mellom skolen og foreldrene, og arrangerer 17. mai-feiring og aktiviteter for elevene.'],
      },
      { n: 'Norges Handikapforbund {p}', w: 1, s: ['Vi jobber for et samfunn der alle kan delta, og kjemper for universell utforming i {kom}.'] },
      { n: 'Diabetesforbundet {p}', w: 0.5, s: ['Diabetesforbundet gir støtte og kunnskap til personer med diabetes og deres pårørende.'] },
      { n: '{p} Sameforening', w: 1, s: SAMI_S, a: SAMI_A },
      { n: '{S} Sámi Searvi', alt: '{p} Sjøsamiske Forening', w: 0.8, s: SAMI_S, a: SAMI_A },
      { n: '{p} Kvenforening', w: 1, s: KVEN_S, a: KVEN_A },
      { n: 'Kvenforeningen {K}', alt: '{p} Kvensk-finske Forening', w: 0.6, s: KVEN_S, a: KVEN_A },
    ],
  },
  // 07200 Lov, rett og forbrukerinteresser
  '072': {
    s: ['Vi gir råd og hjelp til medlemmene og jobber for deres rettigheter i {kom}.'],
    a: ['Medlemmene får gratis juridisk veiledning og maler til kontrakter. Vi holder informasjonsmøter et par ganger i året.'],
    types: [
      { n: '{p} Leieboerforening', w: 1, s: ['Leieboerforeningen gir råd til leietakere i {kom} om husleiekontrakter, depositum og vedlikehold.'] },
      { n: '{p} Hytteeierforening', w: 1, s: ['Hytteeierforeningen ivaretar hytteeiernes interesser i {loc} i saker om vei, strøm og renovasjon.'] },
    ],
  },
  // 07300 Politiske organisasjoner
  '073': {
    s: [
      'Vi er et lokallag som stiller liste ved kommunevalget i {kom} og holder åpne medlemsmøter.',
      'Lokallaget jobber for en god politikk for folk i {kom}, og alle interesserte er velkomne på møtene våre.',
    ],
    a: ['Vi har medlemsmøte en gang i måneden, der vi diskuterer saker som er oppe i kommunestyret. Før valget står vi på stand og møter velgerne i {loc}.'],
    types: [
      { n: '{p} Arbeiderparti' },
      { n: '{p} Høyre' },
      { n: '{p} Senterparti' },
      { n: '{p} SV' },
      { n: '{p} Venstre' },
      { n: '{p} KrF' },
      { n: '{p} Frp' },
      { n: '{p} Rødt' },
      { n: '{p} MDG' },
    ],
  },
  // 08100 Frivilligsentraler og tilrettelegging for frivillig arbeid
  '081': {
    s: [
      'Vi kobler folk som vil hjelpe med folk som trenger hjelp – fra følgetjeneste til handlehjelp.',
      'Vi er en møteplass for frivillighet i {kom}, med turgrupper, strikkekafé og utlån av utstyr.',
    ],
    a: [
      'Vi har gratis utlån av sports- og friluftsutstyr, formidler besøksvenner og arrangerer middag for eldre en gang i måneden. Alle kan bli frivillige – ta kontakt for en hyggelig prat.',
    ],
    types: [
      { n: '{p} Frivilligsentral', w: 4 },
      { n: 'Frivilligheten i {p}', w: 1 },
    ],
  },
  // 09100 Internasjonale organisasjoner
  '091': {
    s: ['Vi bygger bruer mellom {kom} og resten av verden gjennom vennskap, utveksling og innsamling.'],
    a: ['Vi arrangerer kulturkvelder med mat fra mange land, språkkafé og innsamlingsaksjoner. Medlemmene våre kommer fra over tjue nasjoner.'],
    types: [
      { n: 'Foreningen Norden {p}', w: 1, s: ['Foreningen Norden fremmer nordisk samarbeid og vennskap, med språkkurs og vennskapsbyutveksling.'] },
      { n: 'Norsk-Finsk Forening {p}', w: 1, s: ['Vi tar vare på de gode båndene over grensa til Finland med språkkurs, turer og kulturutveksling.'] },
      { n: '{p} Vennskapsforening', w: 1, s: ['Vennskapsforeningen støtter en skole i Tanzania gjennom innsamlinger, basarer og utvekslingsbesøk.'] },
      { n: 'Internasjonal Kvinnegruppe {p}', w: 1, s: ['Vi er kvinner fra mange land som møtes i {loc} til matlaging, språktrening og vennskap.'] },
      { n: 'Amnesty {p}', w: 0.5, s: ['Amnesty-gruppa skriver appellbrev, holder stand og arrangerer filmkvelder om menneskerettigheter.'] },
    ],
  },
  // 10100 Tros- og livssynssamfunn
  '101': {
    s: ['Vi er et kristent fellesskap i {loc} med gudstjenester, møter og aktiviteter for alle aldre.'],
    a: ['Vi samles til møter og andakt, har søndagsskole for barna og arrangerer basar hver høst. Kaffen står alltid klar, og alle er velkomne.'],
    venues: ['bedehuset', '{loc} kirke', 'menighetshuset'],
    types: [
      { n: '{p} Menighetsråd', w: 3, s: ['Menighetsrådet har ansvar for gudstjenester, trosopplæring og diakoni i {loc} menighet.'] },
      {
        n: '{p} Misjonsforening',
        w: 2,
        s: ['Misjonsforeningen samles til andakt, kaffe og utlodning annenhver {d1}, og støtter misjonsarbeid ute og hjemme.'],
      },
      { n: '{p} Bedehusforening', w: 1, s: ['Bedehusforeningen eier og driver bedehuset i {loc} og arrangerer møter, søndagsskole og basar.'] },
      { n: 'Venner av {p} kirke', w: 1, s: ['Vi er en vennegruppe som samler inn penger og gjør dugnad for å ta vare på kirka i {loc}.'] },
      { n: '{p} Kirkekor', w: 1, s: ['Kirkekoret synger ved gudstjenester og konserter i {loc} kirke, og øver hver {d1} kveld.'], a: CHOIR_A },
      { n: 'KFUK-KFUM {p}', w: 1, s: ['KFUK-KFUM har klubber for barn og ungdom med lek, leirer og andakt hver {d1}.'] },
      {
        n: 'Human-Etisk Forbund {p}',
        w: 0.7,
        s: ['Human-Etisk Forbund arrangerer humanistisk konfirmasjon, navnefest og seremonier for livets store begivenheter.'],
        a: [
          'Hvert år gjennomfører vi humanistisk konfirmasjon for ungdom i {kom}, med kurs gjennom vinteren og seremoni på våren. Vi tilbyr også navnefest, vigsler og gravferdsseremonier.',
        ],
      },
      { n: '{p} Pinsemenighet', w: 0.5 },
      { n: '{p} Læstadianske Forsamling', w: 0.5, s: ['Forsamlingen holder oppbyggelsesmøter på bedehuset i {loc} og samler troende fra hele regionen.'] },
    ],
  },
  // 11100 Nærings- og arbeidsgiverorganisasjoner
  '111': {
    s: ['Vi samler næringslivet og jobber for gode rammevilkår og flere arbeidsplasser i {kom}.'],
    a: ['Vi arrangerer frokostmøter, fagdager og felles markedsføring, og er næringslivets stemme overfor kommunen.'],
    types: [
      { n: '{p} Næringsforening', w: 2 },
      { n: '{p} Bondelag', w: 2, s: ['Bondelaget jobber for et aktivt landbruk i {kom} og arrangerer fagmøter, markdager og åpen gård.'] },
      { n: '{p} Fiskarlag', w: 1, s: ['Fiskarlaget ivaretar interessene til kystfiskerne i {kom} i saker om kvoter, havner og mottak.'] },
      { n: '{p} Bonde- og Småbrukarlag', w: 1, s: ['Vi jobber for små og mellomstore bruk og et levende landbruk i hele {kom}.'] },
      { n: '{p} Handelsstandsforening', w: 1, s: ['Handelsstanden arrangerer julegateåpning, sommermarked og felles kampanjer for butikkene i {loc}.'] },
      { n: '{p} Reiselivslag', w: 1, s: ['Reiselivslaget samler overnattingssteder, guider og aktører som vil gjøre {kom} til et attraktivt reisemål.'] },
    ],
  },
  // 11200 Yrkesorganisasjoner
  '112': {
    s: ['Vi samler folk i samme yrke i {kom} til faglig påfyll og godt kollegialt fellesskap.'],
    a: ['Vi har faglige møter, kurs og et årlig jubileumsmiddag for medlemmene. Foreningen deler også ut stipend til unge som tar fagutdanning.'],
    types: [
      { n: '{p} Håndverkerforening', w: 2, s: ['Håndverkerforeningen fremmer håndverksfagene og deler ut stipend til lærlinger i {kom}.'] },
      { n: '{p} Sjømannsforening', w: 1, s: ['Sjømannsforeningen samler aktive og pensjonerte sjøfolk i {kom} og tar vare på historien til handelsflåten.'] },
      { n: '{p} Fiskerforening', w: 1, s: ['Fiskerforeningen samler fiskerne i {loc} og jobber for havna, mottaket og rekrutteringen til yrket.'] },
    ],
  },
  // 11300 Arbeidstakerorganisasjoner
  '113': {
    s: ['Fagforeningen jobber for lønns- og arbeidsvilkårene til medlemmene og gir råd ved konflikter på arbeidsplassen.'],
    a: [
      'Vi har tillitsvalgte på de fleste arbeidsplassene i {kom}, og holder medlemsmøter og kurs gjennom året. Som medlem får du hjelp ved lønnsforhandlinger, oppsigelser og arbeidsskader.',
    ],
    types: [
      { n: '{p} Fagforening', w: 3 },
      { n: 'Fagforbundet {p}', w: 2 },
      { n: 'Fellesforbundet avd. {p}', w: 1 },
      { n: '{p} Lærerlag', w: 1, s: ['Lærerlaget organiserer lærere i barnehage og skole i {kom}, og jobber for gode arbeidsvilkår.'] },
      { n: '{p} Arbeidersamfunn', w: 1, s: ['Arbeidersamfunnet eier Folkets hus i {loc} og leier ut lokaler til møter og fester.'] },
    ],
  },
};

/** Fallback for unknown ICNPO codes: the spec'd generic "… Forening" pattern. */
const GENERIC: Profile = {
  s: [
    'Foreningen er en frivillig møteplass for folk i {loc} med felles interesser og et godt fellesskap.',
    'Vi samler engasjerte folk i {kom} rundt felles interesser, dugnader og sosiale treff.',
  ],
  a: ['Vi har faste samlinger på {venue}, og medlemmene bidrar med det de kan. Gjennom året arrangerer vi både medlemsmøter, dugnader og en sommertur.'],
  types: [
    { n: '{p} Forening', w: 3 },
    { n: 'Foreningen {p}', w: 1 },
    { n: '{p} Interesseforening', w: 1 },
  ],
};

/** Aliases so every known ICNPO group gets a fitting profile even for codes we did not list one-by-one. */
const PROFILE_ALIASES: Record<string, string> = {
  '031': '034',
  '032': '034',
  '033': '034',
  '03': '034',
  '01': '013',
  '02': '023',
  '04': '041',
  '05': '051',
  '06': '061',
  '07': '071',
  '08': '081',
  '09': '091',
  '10': '101',
  '11': '113',
};

/** Resolves a 5-digit ICNPO code ("01200") to a profile: exact 3-digit group, then 2-digit area, else generic. */
function profileFor(icnpoCode: string): Profile {
  const digits = icnpoCode.replace(/\D/g, '');
  const p3 = digits.slice(0, 3);
  const p2 = digits.slice(0, 2);
  return PROFILES[p3] ?? PROFILES[PROFILE_ALIASES[p3] ?? ''] ?? PROFILES[PROFILE_ALIASES[p2] ?? ''] ?? GENERIC;
}

/** Northern Sámi names for municipalities/places in Troms, Nordland and Finnmark (used for a few names). */
const SAMI_NAMES: Record<string, string> = {
  Tromsø: 'Romsa',
  Lyngen: 'Ivgu',
  Kåfjord: 'Gáivuotna',
  Storfjord: 'Omasvuotna',
  Nordreisa: 'Ráisa',
  Kvænangen: 'Návuotna',
  Karlsøy: 'Gálsa',
  Balsfjord: 'Báhcavuotna',
  Narvik: 'Áhkanjárga',
  Evenes: 'Evenášši',
  Harstad: 'Hárstták',
  Lavangen: 'Loabát',
  Gratangen: 'Rivtták',
  Tjeldsund: 'Dielddanuorri',
  Målselv: 'Málatvuopmi',
  Bardu: 'Beardu',
  Bodø: 'Bådåddjo',
  Fauske: 'Fuossko',
  Hamarøy: 'Hábmer',
  Kautokeino: 'Guovdageaidnu',
  Karasjok: 'Kárášjohka',
  Tana: 'Deatnu',
  Nesseby: 'Unjárga',
  Alta: 'Áltá',
  Porsanger: 'Porsáŋgu',
  Manndalen: 'Olmmáivággi',
  Skibotn: 'Ivgobahta',
  Olderdalen: 'Dálusvággi',
};

/** Kven names for municipalities/places where the Kven language has an established form. */
const KVEN_NAMES: Record<string, string> = {
  Tromsø: 'Tromssa',
  Nordreisa: 'Raisi',
  Storfjord: 'Omasvuono',
  Kvænangen: 'Naavuono',
  Lyngen: 'Yykeä',
  Kåfjord: 'Kaivuono',
  Alta: 'Alattio',
  Porsanger: 'Porsanki',
  Vadsø: 'Vesisaari',
  Skibotn: 'Yykeänperä',
};

const WEEKDAYS = ['mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'] as const;
const MONTHS = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'september', 'oktober', 'november'] as const;
const TIMES = ['17.00', '17.30', '18.00', '18.30', '19.00', '19.30', '20.00'] as const;
const GENERIC_VENUES = ['samfunnshuset i {loc}', '{loc} skole', 'grendehuset', 'kulturhuset', 'klubbhuset vårt'] as const;
const STREETS = [
  'Storgata',
  'Kirkegata',
  'Skolegata',
  'Fjordveien',
  'Strandveien',
  'Havnegata',
  'Sjøgata',
  'Idrettsveien',
  'Bjørkeveien',
  'Furuveien',
  'Fagerlia',
  'Solbakken',
  'Myrveien',
  'Elvegata',
  'Kongens gate',
  'Parkveien',
  'Kvernhusveien',
  'Gamle riksvei',
  'Bakkeveien',
  'Nordlysveien',
  'Fiskerveien',
  'Skoleveien',
  'Låvebakken',
  'Sørsida',
] as const;
const NAME_SUFFIXES = ['Senior', 'Ungdom', 'Damer', 'Junior', 'Veteran', 'Jenter', 'Gutter'] as const;
const DIRECTIONS = ['Nordre', 'Søndre', 'Øvre', 'Nedre', 'Indre', 'Ytre', 'Østre', 'Vestre'] as const;

const INTRO_YEAR = [
  '{name} ble stiftet i {year} av en gjeng ildsjeler i {loc}, og har siden vært en viktig møteplass i lokalmiljøet.',
  'Laget ble stiftet i {year}, og i dag har vi rundt {members} medlemmer fra hele {kom}.',
  'Siden starten i {year} har {name} vært drevet på frivillig basis, med dugnadsånd som den viktigste drivkraften.',
  '{name} ble stiftet på et møte i {loc} i {year}. Mye har forandret seg siden den gang, men formålet er det samme: å skape aktivitet og fellesskap.',
] as const;
const INTRO_NO_YEAR = [
  '{name} er et frivillig lag med rundt {members} medlemmer fra {loc} og omegn.',
  'Vi er en åpen og inkluderende forening for alle som bor i {kom}, uansett alder og bakgrunn.',
  '{name} drives av engasjerte frivillige, og alt overskudd går tilbake til aktiviteter for medlemmene.',
] as const;
const JOIN = [
  'Nye medlemmer er alltid velkomne! Ta kontakt med styret eller møt opp på en av samlingene våre.',
  'Det er bare å møte opp – første gang er gratis, og du trenger ingen erfaring for å være med.',
  'Årsmøtet holdes i {month}, og alle medlemmer har stemmerett. Vi trenger alltid flere frivillige, både i styret og til dugnader.',
] as const;
const JOIN_EMAIL = 'Vil du bli medlem? Send en e-post til {email}, så tar vi kontakt.';
const JOIN_PHONE = 'Har du spørsmål, kan du ringe eller sende SMS til leder på {phone}.';
const FEE = [
  'Medlemskontingenten er {fee} kr per år for voksne og {feeKid} kr for barn og ungdom under 18 år.',
  'Årskontingenten er {fee} kr, og familiemedlemskap koster {feeFam} kr. Kontingenten kan betales med Vipps.',
  'Det koster {fee} kr i året å være medlem. Pensjonister og studenter betaler halv pris.',
  'Medlemskap koster {fee} kr per år og inkluderer forsikring og medlemsbladet vårt.',
] as const;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** Templates pre-split into [literal, key, literal, key, …]; templates are a fixed set, so this cache stays small. */
const compiledTemplates = new Map<string, string[]>();

/** Fills {key} placeholders; unknown keys are left as-is so mistakes are visible rather than silent. */
function fill(tpl: string, vars: Record<string, string>): string {
  let parts = compiledTemplates.get(tpl);
  if (parts === undefined) {
    parts = tpl.split(/\{(\w+)\}/);
    compiledTemplates.set(tpl, parts);
  }
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i]!;
    out += (vars[k] ?? `{${k}}`) + parts[i + 1]!;
  }
  return out;
}

/** Letters that need more than accent-stripping to become ASCII (æ→ae, ø→o, å→a, Sámi/Kven letters). */
const SLUG_MAP: Record<string, string> = {
  æ: 'ae',
  ø: 'o',
  å: 'a',
  ä: 'a',
  ö: 'o',
  đ: 'd',
  ŋ: 'n',
  ŧ: 't',
  š: 's',
  ž: 'z',
  č: 'c',
  á: 'a',
  é: 'e',
  ü: 'u',
};

/** ASCII slug for domains/handles: lower-case, æ→ae, ø→o, å→a, other letters folded, everything else → single hyphens. */
function slugify(s: string): string {
  const lower = s.toLowerCase();
  let out = '';
  let pendingHyphen = false;
  for (const ch of lower) {
    let rep: string;
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) rep = ch;
    else if (ch in SLUG_MAP) rep = SLUG_MAP[ch]!;
    else if (ch.charCodeAt(0) > 127) rep = ch.normalize('NFKD').replace(/[^a-z0-9]/g, '');
    else rep = '';
    if (rep === '') {
      pendingHyphen = out.length > 0;
      continue;
    }
    if (pendingHyphen) out += '-';
    pendingHyphen = false;
    out += rep;
  }
  return out;
}

/** Clamps a slug to a valid DNS label length (63) without a trailing hyphen. */
function domainLabel(slug: string): string {
  return slug.length <= 63 ? slug : slug.slice(0, 63).replace(/-+$/, '');
}

const ROMAN: readonly [number, string][] = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];
function toRoman(n: number): string {
  let out = '';
  for (const [v, s] of ROMAN) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

/** Cheap stable string hash (FNV-1a) so a municipality always maps to the same postal-code area. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Postal-code area per municipality: Nordland (18xx) 8xxx, Troms (55xx/19xx) 90xx–95xx, Finnmark 95xx–99xx. */
function postalBase(municipalityNumber: string): number {
  const county = municipalityNumber.slice(0, 2);
  let lo = 8000;
  let hi = 9990;
  if (county === '18') hi = 8990;
  else if (county === '55' || county === '54' || county === '19') [lo, hi] = [9000, 9590];
  else if (county === '56' || county === '20') [lo, hi] = [9500, 9990];
  const slots = Math.floor((hi - lo) / 10) + 1;
  return lo + (hash(municipalityNumber) % slots) * 10;
}

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Formats epoch ms (whole seconds) as ISO 8601 UTC without Date, which is ~5× faster at 100k rows. */
function isoFromMs(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const secOfDay = Math.floor((ms - days * DAY_MS) / 1000);
  // Civil-from-days (H. Hinnant), proleptic Gregorian.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const hh = Math.floor(secOfDay / 3600);
  const mi = Math.floor((secOfDay % 3600) / 60);
  return `${y}-${two(m)}-${two(d)}T${two(hh)}:${two(mi)}:${two(secOfDay % 60)}.000Z`;
}

interface TextMaterial {
  rng: Rng;
  vars: Record<string, string>;
  introPool: readonly string[];
  activityPool: readonly string[];
  email: string | null;
  phone: string | null;
}

// A plain function rather than closures made per row: the tsx/esbuild transform wraps every
// named closure in a naming helper, which cost about 0.3 s per 100,000 rows.
function paragraph(t: TextMaterial, kind: 'intro' | 'activity' | 'join-or-fee'): string {
  const { rng, vars } = t;
  if (kind === 'intro') return fill(rng.pick(t.introPool), vars);
  if (kind === 'activity') return fill(rng.pick(t.activityPool), vars);
  if (rng.chance(0.5)) {
    const k = rng.int(0, JOIN.length + (t.email ? 2 : 0) + (t.phone ? 1 : 0) - 1);
    return fill(k < JOIN.length ? JOIN[k]! : t.email && k < JOIN.length + 2 ? JOIN_EMAIL : JOIN_PHONE, vars);
  }
  return fill(rng.pick(FEE), vars);
}

// ---------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------

/** Streams `count` deterministic demo associations; only lookup tables and used-name/org-number sets are kept. */
export function* generateAssociations(opts: GenerateOptions): Generator<DemoAssociation> {
  const { count, municipalities, categories, now } = opts;
  const statusMix = opts.statusMix ?? 'demo';
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError('now must be a valid Date');
  if (count === 0) return;
  if (municipalities.length === 0) throw new RangeError('at least one municipality is required');

  const weights = municipalities.map((m) => (Number.isFinite(m.weight) && m.weight > 0 ? m.weight : 0));
  if (!weights.some((w) => w > 0)) throw new RangeError('municipality weights must include at least one positive number');

  const level2 = categories.filter((c) => c.parentId !== null);
  if (level2.length === 0) throw new RangeError('at least one level-2 category (parentId !== null) is required');
  const byParent = new Map<number, DemoCategory[]>();
  for (const c of level2) {
    const list = byParent.get(c.parentId!) ?? [];
    list.push(c);
    byParent.set(c.parentId!, list);
  }

  const rng = new Rng(opts.seed ?? 1);
  const usedNames = new Set<string>();
  const usedOrgNumbers = new Set<string>();
  const numeralCounters = new Map<string, number>();
  const variantCursor = new Map<string, number>();
  const nowMs = now.getTime();
  const staleCutoff = nowMs - 1.5 * YEAR_MS;

  const pickMunicipality = weightedPicker(municipalities, weights, () => rng.float());

  const pickCategories = (): DemoCategory[] => {
    const r = rng.float();
    const want = Math.min(level2.length, r < 0.7 ? 1 : r < 0.92 ? 2 : 3);
    const first = rng.pick(level2);
    const chosen = [first];
    while (chosen.length < want) {
      // Secondary categories are often related: half the time stay under the same top-level parent.
      const siblings = byParent.get(first.parentId!) ?? [];
      const pool = rng.chance(0.5) && siblings.length > chosen.length ? siblings : level2;
      const c = rng.pick(pool);
      if (!chosen.includes(c)) chosen.push(c);
    }
    return chosen;
  };

  /** Renders a name template; returns null when it needs a Sámi/Kven name that this place does not have. */
  const renderName = (tpl: string, p: string): string | null => {
    if (tpl.includes('{S}')) {
      const s = SAMI_NAMES[p];
      if (!s) return null;
      tpl = tpl.replace('{S}', s);
    }
    if (tpl.includes('{K}')) {
      const k = KVEN_NAMES[p];
      if (!k) return null;
      tpl = tpl.replace('{K}', k);
    }
    return tpl.replace('{p}', p);
  };

  /** Picks an unused name, trying natural variations first and a numeral only as the last resort. */
  const uniqueName = (type: ClubType, nameLoc: string, mun: DemoMunicipality, placeName: string | null): string => {
    let tpl = type.n;
    let base = renderName(tpl, nameLoc);
    if (base === null && nameLoc !== mun.name) base = renderName(tpl, mun.name);
    if (base === null) {
      tpl = type.alt ?? '{p} Forening';
      base = renderName(tpl, nameLoc)!;
    }
    if (!usedNames.has(base)) return base;

    // Swap between the place and its municipality (both truthful for this association).
    if (placeName && nameLoc !== placeName) {
      const c = renderName(tpl, placeName);
      if (c !== null && !usedNames.has(c)) return c;
    }
    if (nameLoc !== mun.name) {
      const c = renderName(tpl, mun.name);
      if (c !== null && !usedNames.has(c)) return c;
    }
    // Natural variants in a fixed per-base order; a per-base cursor remembers how far we got, since a
    // variant once taken stays taken — this keeps the fallback O(1) amortised even at 100k rows.
    const total = 2 + NAME_SUFFIXES.length + DIRECTIONS.length;
    let i = variantCursor.get(base) ?? 0;
    const h = i < total ? hash(base) : 0;
    while (i < total) {
      let c: string | null;
      if (i === 0) {
        // "og omegn" reads wrong inside "… ved X skole" / "Venner av X kirke", or twice.
        c = /\{p\} (skole|kirke)|og omegn/.test(tpl) ? null : renderName(tpl, `${nameLoc} og omegn`);
      } else if (i === 1) {
        c = `Nye ${base}`;
      } else if (i < 2 + NAME_SUFFIXES.length) {
        c = `${base} ${NAME_SUFFIXES[(h + i) % NAME_SUFFIXES.length]}`;
      } else {
        c = renderName(tpl, `${DIRECTIONS[(h + i) % DIRECTIONS.length]} ${nameLoc}`);
      }
      i++;
      if (c !== null && !usedNames.has(c)) {
        variantCursor.set(base, i);
        return c;
      }
    }
    variantCursor.set(base, total);

    // Last resort: "… II", "… III" … then plain numbers; the counter keeps this O(1) amortised.
    let n = numeralCounters.get(base) ?? 2;
    let name: string;
    do {
      name = `${base} ${n <= 30 ? toRoman(n) : String(n)}`;
      n++;
    } while (usedNames.has(name));
    numeralCounters.set(base, n);
    return name;
  };

  const phoneNumber = (): string => {
    const first = rng.chance(0.7) ? 9 : 4;
    const digits: number[] = [];
    for (let i = 0; i < 7; i++) digits.push(rng.int(0, 9));
    const [a, b, c, d, e, f, g] = digits;
    return `+47 ${first}${a} ${b}${c} ${d}${e} ${f}${g}`;
  };

  const orgNumber = (): string => {
    for (;;) {
      let prefix = rng.chance(0.85) ? '9' : '8';
      for (let i = 0; i < 7; i++) prefix += String(rng.int(0, 9));
      const num = orgNumberFromPrefix(prefix);
      if (num !== null && !usedOrgNumbers.has(num)) {
        usedOrgNumbers.add(num);
        return num;
      }
    }
  };

  const pickStatus = (): AssociationStatus => {
    if (statusMix === 'published') return 'published';
    const r = rng.float();
    return r < 0.88 ? 'published' : r < 0.95 ? 'pending' : r < 0.98 ? 'archived' : 'rejected';
  };

  for (let i = 0; i < count; i++) {
    const mun = pickMunicipality();
    const place = mun.places.length > 0 && rng.chance(0.6) ? rng.pick(mun.places) : null;
    const cats = pickCategories();
    const profile = profileFor(cats[0]!.icnpoCode);
    const type = rng.weighted(profile.types);

    const loc = place?.name ?? mun.name;
    const nameLoc = place && rng.chance(0.8) ? place.name : mun.name;
    const name = uniqueName(type, nameLoc, mun, place?.name ?? null);
    usedNames.add(name);

    const slug = slugify(name);
    const label = domainLabel(slug);
    const compact = slug.replace(/-/g, '').slice(0, 50);

    // Contact details.
    let website: string | null = null;
    let ownDomain = false;
    if (rng.chance(0.55)) {
      const r = rng.float();
      if (r < 0.8) {
        website = `https://${label}.no/`;
        ownDomain = true;
      } else if (r < 0.92) {
        website = `https://www.${label}.no/`;
        ownDomain = true;
      } else {
        website = `https://${domainLabel(slugify(mun.name))}.kommune.no/lag-og-foreninger/${slug}/`;
      }
    }
    let email: string | null = null;
    if (rng.chance(0.7)) {
      const useDomain = ownDomain ? rng.chance(0.85) : rng.chance(0.2);
      email = useDomain ? `post@${label}.no` : `${slug.replace(/-/g, '.').slice(0, 30).replace(/\.+$/, '')}@gmail.com`;
    }
    const phone = rng.chance(0.6) ? phoneNumber() : null;

    let postalAddress: string | null = null;
    let postalCode: string | null = null;
    if (rng.chance(0.6)) {
      if (rng.chance(0.35)) {
        postalAddress = `Postboks ${rng.int(1, 999)}`;
      } else {
        const letter = rng.chance(0.12) ? rng.pick(['A', 'B', 'C']) : '';
        postalAddress = `${rng.pick(STREETS)} ${rng.int(1, 60)}${letter}`;
      }
      postalCode = String(postalBase(mun.number) + rng.int(0, 9)).padStart(4, '0');
    }

    const org = rng.chance(0.5) ? orgNumber() : null;

    // Timeline: created within 3 years before now; founded no later than the year it was registered.
    const createdMs = Math.floor((nowMs - rng.float() * 3 * YEAR_MS) / 1000) * 1000;
    const createdAt = isoFromMs(createdMs);
    const createdYear = Number(createdAt.slice(0, 4));
    let foundedYear: number | null = null;
    if (rng.chance(0.7)) {
      foundedYear = rng.chance(0.25) ? rng.int(1880, 1949) : rng.int(1950, Math.max(1950, createdYear));
      foundedYear = Math.min(foundedYear, createdYear);
    }

    const status = pickStatus();
    let lastConfirmedAt: string | null = null;
    if (status === 'published' || status === 'archived') {
      let lo: number;
      let hi: number;
      // ~50% of rows are old enough to be stale and ~91% get a confirmation, so 22% of those ≈ 10% stale overall.
      if (createdMs < staleCutoff && rng.chance(0.22)) {
        lo = createdMs;
        hi = staleCutoff;
      } else {
        lo = Math.max(createdMs, staleCutoff);
        hi = nowMs;
      }
      lastConfirmedAt = isoFromMs(Math.floor((lo + rng.float() * (hi - lo)) / 1000) * 1000);
    }

    const links: DemoAssociation['links'] = [];
    if (rng.chance(0.4)) links.push({ kind: 'facebook', url: `https://www.facebook.com/${compact}` });
    if (rng.chance(0.15)) links.push({ kind: 'instagram', url: `https://www.instagram.com/${compact}/` });
    if (rng.chance(0.05)) {
      const k = rng.int(0, 2);
      const other = k === 0 ? `https://www.youtube.com/@${compact}` : k === 1 ? `https://${label}.blogspot.com/` : `https://linktr.ee/${compact}`;
      links.push({ kind: 'other', url: other });
    }

    // Texts.
    const d1i = rng.int(0, 3);
    const d2i = rng.int(d1i + 1, Math.min(d1i + 3, 6));
    const fee = rng.int(2, 16) * 50;
    const vars: Record<string, string> = {
      name,
      loc,
      kom: mun.name,
      d1: WEEKDAYS[d1i]!,
      d2: WEEKDAYS[d2i]!,
      tid: rng.pick(TIMES),
      month: rng.pick(MONTHS),
      members: String(rng.int(2, 60) * 10),
      year: foundedYear === null ? '' : String(foundedYear),
      fee: String(fee),
      feeKid: String(Math.max(50, Math.round(fee / 100) * 50)),
      feeFam: String(Math.round((fee * 2) / 50) * 50),
      email: email ?? '',
      phone: phone ?? '',
    };
    vars.venue = fill(rng.pick(profile.venues ?? GENERIC_VENUES), vars);

    const shortPool = type.s ?? profile.s;
    let shortDescription = fill(rng.pick(shortPool), vars);
    if (shortDescription.length > 200) shortDescription = `${shortDescription.slice(0, 199).replace(/\s+\S*$/, '')}…`;

    // Like most clubs' own pages on municipal portals: one to three short paragraphs, often
    // just what they do, sometimes with how to join or what it costs (about 210 characters).
    const text = { rng, vars, introPool: foundedYear === null ? INTRO_NO_YEAR : INTRO_YEAR, activityPool: type.a ?? profile.a, email, phone };
    const r = rng.float();
    let paragraphs: string[];
    if (r < 0.2) paragraphs = [paragraph(text, 'activity')];
    else if (r < 0.4) paragraphs = [paragraph(text, 'intro')];
    else if (r < 0.65) paragraphs = [paragraph(text, 'intro'), paragraph(text, 'join-or-fee')];
    else if (r < 0.9) paragraphs = [paragraph(text, 'activity'), paragraph(text, 'join-or-fee')];
    else paragraphs = [paragraph(text, 'intro'), paragraph(text, 'activity'), paragraph(text, 'join-or-fee')];
    while (paragraphs.length > 2 && paragraphs.join('\n\n').length > 1500) paragraphs.pop();
    let description = paragraphs.join('\n\n');
    if (description.length > 1500) description = `${description.slice(0, 1499).replace(/\s+\S*$/, '')}…`;

    yield {
      name,
      shortDescription,
      description,
      municipalityNumber: mun.number,
      placeId: place?.id ?? null,
      website,
      email,
      phone,
      postalAddress,
      postalCode,
      orgNumber: org,
      foundedYear,
      status,
      categoryIds: cats.map((c) => c.id),
      links,
      createdAt,
      lastConfirmedAt,
    };
  }
}
