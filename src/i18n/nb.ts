import { adminTextNb } from './admin-text.js';
import { calendarImportTextNb } from './calendar-import-text.js';
import { claimTextNb } from './claim-text.js';
import { moderationTextNb } from './moderation-text.js';
import { moderatorWorkTextNb } from './moderator-work-text.js';
import { linkCheckTextNb } from './link-check-text.js';
import { formTextNb } from './form-text.js';
import { visitorTextNb } from './visitor-text.js';
import { openDataTextNb } from './open-data-text.js';
import { sharingTextNb } from './sharing-text.js';
import { searchTextNb } from './search-text.js';
import { calendarTextNb } from './calendar-text.js';

// Norwegian Bokmål: the default language and the source of truth for which texts exist.
// Functions take already formatted numbers where a count is shown, so that grouping follows
// the language ("1 234" in Norwegian, "1,234" in English).

export const nb = {
  locale: 'nb-NO',
  languageName: 'Norsk (bokmål)',
  siteName: 'Lagportal',
  siteTagline: 'Lag og foreninger der du bor',
  pageTitle: (page: string) => `${page} – Lagportal`,
  skipToContent: 'Hopp til hovedinnholdet',
  mainNavigation: 'Hovedmeny',
  navAssociations: 'Lag og foreninger',
  navHome: 'Forside',
  languageSwitchLabel: 'Språk',
  footerText: 'Lagportal er et åpent register over lag og foreninger. Lagene registrerer og oppdaterer selv opplysningene sine.',

  homeTitle: 'Finn lag og foreninger',
  homeIntro:
    'Her finner du idrettslag, kor, velforeninger, jeger- og fiskeforeninger og mye mer – med kontaktinformasjon og lenke til lagets egne sider.',
  searchLabel: 'Søk etter lag og foreninger',
  searchHint: 'Søk på navn, aktivitet eller sted, for eksempel «fotball» eller «kor Bjerkvik».',
  searchButton: 'Søk',
  municipalitiesHeading: 'Kommuner',
  categoriesHeading: 'Kategorier',
  recentHeading: 'Nylig lagt til',
  recentEmpty: 'Ingen lag er publisert ennå.',
  associationCount: (n: number, formatted: string) => (n === 1 ? '1 lag' : `${formatted} lag`),
  allAssociationsLink: 'Se alle lag og foreninger',

  listTitle: 'Lag og foreninger',
  listTitleSearch: (q: string) => `Søk: ${q}`,
  filtersHeading: 'Avgrens',
  municipalityLabel: 'Kommune',
  municipalityAny: 'Alle kommuner',
  regionLabel: 'Region',
  regionAny: 'Alle regioner',
  placeLabel: 'Sted',
  placeAny: 'Alle steder',
  categoryLegend: 'Kategori',
  categoryAny: 'Alle kategorier',
  applyFilters: 'Vis treff',
  clearFilters: 'Nullstill søk og filtre',
  activeFiltersHeading: 'Valgte filtre',
  removeFilter: (label: string) => `Fjern filteret ${label}`,
  resultCount: (n: number, formatted: string) => (n === 1 ? '1 lag funnet' : `${formatted} lag funnet`),
  resultRange: (from: string, to: string, total: string) => `Viser ${from}–${to} av ${total}`,
  noResults: 'Ingen lag passer til søket.',
  noResultsHint: 'Prøv færre ord, sjekk stavingen, eller fjern et filter.',
  pageBeyondEnd: 'Denne siden finnes ikke i resultatet.',
  firstPageLink: 'Gå til første side',
  paginationLabel: 'Sider',
  previousPage: 'Forrige side',
  nextPage: 'Neste side',
  pageOf: (page: string, pages: string) => `Side ${page} av ${pages}`,
  inMunicipality: (name: string) => `i ${name}`,

  noticeHeading: 'Noe i adressen kunne ikke brukes',
  noticeBadMunicipality: (value: string) =>
    `«${value}» er ikke et kommunenummer. Et kommunenummer har fire siffer, for eksempel 1806. Filteret er ikke brukt.`,
  noticeUnknownMunicipality: (value: string) => `Vi fant ingen kommune med nummer ${value}. Filteret er ikke brukt.`,
  noticeUnknownCategory: (value: string) => `Vi fant ingen kategori som heter «${value}». Filteret er ikke brukt.`,
  noticeUnknownRegion: (value: string) => `Vi fant ingen region som heter «${value}». Filteret er ikke brukt.`,
  noticeMunicipalityOutsideRegion: (municipality: string, region: string, _regionEn: string) =>
    `${municipality} er ikke med i regionen ${region}. Kommunefilteret er ikke brukt.`,
  noticeUnknownPlace: (value: string) => `Vi fant ikke stedet «${value}». Filteret er ikke brukt.`,
  noticeBadPage: (value: string) => `«${value}» er ikke et gyldig sidenummer. Viser side 1.`,
  noticeQueryTooLong: (max: string) => `Søketeksten er lengre enn ${max} tegn og er ikke brukt. Prøv noen få ord.`,
  noticeTooManyValues: (name: string, max: string) => `Du kan velge høyst ${max} verdier for ${name}. Resten er ikke brukt.`,
  noticeDuplicateParameter: (name: string) => `«${name}» var oppgitt flere ganger. Bare den første verdien er brukt.`,

  detailCategories: 'Kategorier',
  detailMunicipality: 'Kommune',
  detailPlace: 'Sted',
  detailWebsite: 'Nettside',
  detailLinks: 'Andre lenker',
  detailContact: 'Kontakt',
  detailAbout: 'Om laget',
  detailFacts: 'Fakta',
  detailEmail: 'E-post',
  detailPhone: 'Telefon',
  detailPostalAddress: 'Postadresse',
  detailOrgNumber: 'Organisasjonsnummer',
  detailFounded: 'Stiftet',
  detailLastConfirmed: 'Opplysningene sist bekreftet',
  detailNeverConfirmed: 'Ikke bekreftet ennå',
  detailNoContact: 'Laget har ikke oppgitt kontaktinformasjon.',
  externalLink: '(ekstern lenke)',
  linkKindFacebook: 'Facebook',
  linkKindInstagram: 'Instagram',
  linkKindOther: 'Nettside',
  backToList: 'Tilbake til alle lag og foreninger',
  breadcrumbLabel: 'Brødsmulesti',

  municipalityTitle: (name: string) => `Lag og foreninger i ${name}`,
  municipalityParallelNames: (names: string) => `Også: ${names}`,
  municipalityCounty: (county: string) => `${county} fylke`,
  regionTitle: (name: string) => `Lag og foreninger i ${name}`,
  regionMunicipalitiesHeading: 'Kommunene i regionen',
  regionCategoriesHeading: 'Kategorier i regionen',
  regionCategoriesEmpty: 'Ingen lag i regionen er publisert ennå.',
  regionPageLink: (name: string) => `Hele ${name}`,
  municipalityPlaces: 'Steder i kommunen',
  categoryTitle: (name: string) => `Lag og foreninger: ${name}`,
  categorySubcategories: 'Underkategorier',
  categoryParent: (name: string) => `Del av ${name}`,

  form: formTextNb,
  mod: moderationTextNb,
  work: moderatorWorkTextNb,
  linkCheck: linkCheckTextNb,
  share: sharingTextNb,
  search: searchTextNb,
  admin: adminTextNb,
  visitor: visitorTextNb,
  openData: openDataTextNb,
  calendar: calendarTextNb,
  calendarImport: calendarImportTextNb,
  claim: claimTextNb,
  navRegister: 'Registrer lag',
  optional: '(valgfritt)',
  errorSummaryHeading: 'Det er noe som må rettes',
  registerTitle: 'Registrer laget ditt',
  registerIntro:
    'Registrer laget eller foreningen din, så blir dere lette å finne. Alt som sendes inn, blir sjekket av en moderator før det vises.',
  publicInfoHeading: 'Dette blir offentlig, og dette blir det ikke',
  publicInfoText:
    'Navn, beskrivelse, kategorier, kommune og sted, nettside og lenker, lagets e-post og telefon, postadresse, organisasjonsnummer og stiftelsesår vises på lagets side.',
  privateInfoText:
    'Navnet og e-postadressen til kontaktpersonen vises ikke, med mindre du krysser av for det. Vi bruker dem bare til å sende lenken for å endre oppføringen og påminnelser om å holde den oppdatert.',
  fieldsetAbout: 'Om laget',
  fieldsetWhere: 'Hvor laget holder til',
  fieldsetContact: 'Lagets kontaktinformasjon (vises offentlig)',
  fieldsetContactPerson: 'Kontaktperson',
  fieldsetTerms: 'Vilkår',
  submitRegistration: 'Send inn til godkjenning',
  duplicateHeading: 'Er laget allerede registrert?',
  duplicateText: 'Vi fant lag i samme kommune som ligner på det du registrerer:',
  duplicateSameOrgNumber: 'samme organisasjonsnummer',
  duplicateSimilarName: 'lignende navn',
  duplicateSuggestChange: 'Dette er oss – foreslå en endring',
  duplicateConfirmLabel: 'Vi er et annet lag enn disse. Registrer oss likevel.',
  guardTooFast: 'Skjemaet ble sendt svært raskt etter at det ble åpnet. Se over opplysningene og send det på nytt.',
  guardStale: 'Skjemaet har vært åpent lenge. Se over opplysningene og send det på nytt.',
  guardHoneypot: 'Vi kunne ikke ta imot skjemaet. Se over opplysningene og prøv igjen.',
  guardRateLimited:
    'Det er sendt mange skjemaer fra adressen din den siste timen. Vent litt og prøv igjen – det du har skrevet, er tatt vare på.',
  guardForeignOrigin: 'Skjemaet må sendes fra Lagportals egne sider. Åpne skjemaet på nytt og send det derfra.',
  guardUsed: 'Dette skjemaet er allerede sendt én gang. Se over opplysningene og send det på nytt hvis det skal sendes igjen.',
  guardRecipientLimited:
    'Det er sendt mange e-poster til denne adressen den siste timen. Vent litt og prøv igjen – det du har skrevet, er tatt vare på.',
  honeypotLabel: 'La dette feltet stå tomt',
  thanksTitle: 'Takk! Laget er sendt inn',
  thanksText:
    'En moderator ser på registreringen, vanligvis innen noen dager. Laget vises i Lagportal når det er godkjent.',
  thanksMailText:
    'Vi har sendt en e-post til kontaktpersonen med en privat lenke. Med den kan dere endre opplysningene når som helst. Finner du ikke e-posten, se i søppelpost.',

  editRequestTitle: 'Endre oppføringen til laget ditt',
  editRequestIntro:
    'Skriv e-postadressen til lagets kontaktperson, så sender vi en ny, privat lenke som du kan endre oppføringen med.',
  editRequestIntroFor: (name: string) => `Vil du endre oppføringen til ${name}? Skriv e-postadressen til lagets kontaktperson, så sender vi en lenke dit.`,
  editRequestEmailLabel: 'E-postadressen til kontaktpersonen',
  editRequestEmailInvalid: 'Skriv en e-postadresse, for eksempel navn@example.no.',
  editRequestSubmit: 'Send meg lenken',
  editRequestSent: (days: string) =>
    `Hvis adressen hører til et lag i Lagportal, har vi nå sendt en e-post med en lenke dit. Lenken virker i ${days} dager. Nyere lenker erstatter eldre.`,
  editRequestNoAccess: 'Er kontaktpersonen byttet ut, eller har dere mistet tilgangen til e-posten? Kontakt kommunen, så hjelper en moderator dere.',
  editTitle: (name: string) => `Endre ${name}`,
  editIntroPublished: 'Endringer blir synlige når en moderator har godkjent dem. Til da vises opplysningene slik de er nå.',
  editIntroPending: 'Laget venter på godkjenning. Endringer du lagrer nå, er med når moderatoren ser på registreringen.',
  editPendingRevision: 'Du har sendt inn endringer som venter på godkjenning. Skjemaet viser endringene dine.',
  editPendingRemoval: 'Dere har bedt om at laget slettes. En moderator tar seg av det.',
  editSubmit: 'Lagre endringene',
  editSavedForReview: 'Takk! Endringene er lagret og venter på godkjenning.',
  editSaved: 'Takk! Endringene er lagret.',
  confirmHeading: 'Stemmer opplysningene?',
  confirmText: 'Hvis alt stemmer, trykk på knappen. Da vises dagens dato som «sist bekreftet» på lagets side.',
  confirmButton: 'Ja, alt stemmer',
  confirmed: 'Takk! Opplysningene er bekreftet.',
  removeHeading: 'Slett laget fra Lagportal',
  removeText: 'Er laget lagt ned, eller vil dere ikke stå i Lagportal? Da kan dere be om at oppføringen slettes. En moderator arkiverer den og sletter personopplysningene.',
  removeButton: 'Be om at laget slettes',
  removalRequested: 'Vi har fått beskjed om at laget skal slettes. En moderator tar seg av det.',
  linkExpiredTitle: 'Lenken virker ikke lenger',
  linkExpiredText: 'Lenken er utløpt eller erstattet av en nyere. Be om en ny lenke, så sender vi den til kontaktpersonen.',
  linkUnknownTitle: 'Fant ikke lenken',
  linkUnknownText: 'Lenken er ikke gyldig. Kontroller at hele lenken fra e-posten er med, eller be om en ny.',
  requestNewLink: 'Be om en ny lenke',
  detailStale: 'Opplysningene er ikke bekreftet av laget på over 18 måneder, og kan være utdaterte.',
  detailContactPerson: 'Kontaktperson',

  // Subjects of mail that a public form causes hold no typed text: a spammer could otherwise
  // send any subject line to any address from our server.
  mailRegisteredSubject: 'Vi har mottatt registreringen i Lagportal',
  mailRegisteredBody: (p: { name: string; link: string; days: string }) =>
    `Hei!\n\nTakk for at dere registrerte ${p.name} i Lagportal. En moderator ser på registreringen, og laget vises når det er godkjent.\n\nMed denne private lenken kan dere endre opplysningene:\n${p.link}\n\nLenken virker i ${p.days} dager. Del den ikke med andre: alle som har lenken, kan endre oppføringen. Trenger dere en ny lenke senere, kan dere be om det på Lagportal.\n\nHilsen Lagportal`,
  mailEditLinkSubject: 'Lenke for å endre oppføringen i Lagportal',
  mailEditLinkBody: (p: { name: string; link: string; days: string }) =>
    `Hei!\n\nNoen ba om en lenke for å endre oppføringen til ${p.name} i Lagportal. Her er den:\n${p.link}\n\nLenken virker i ${p.days} dager, og eldre lenker virker ikke lenger. Ba du ikke om dette, kan du se bort fra e-posten.\n\nHilsen Lagportal`,
  mailReminderSubject: (name: string) => `Stemmer opplysningene om ${name}?`,
  mailReminderBody: (p: { name: string; link: string; days: string }) =>
    `Hei!\n\nDet er over et år siden opplysningene om ${p.name} i Lagportal sist ble bekreftet. Åpne lenken for å bekrefte at alt stemmer med ett klikk, eller for å endre det som er utdatert:\n${p.link}\n\nLenken virker i ${p.days} dager. Lag som ikke bekrefter på 18 måneder, blir merket som mulig utdaterte.\n\nHilsen Lagportal`,
  mailContactChangedSubject: (name: string) => `Du er nå kontaktperson for ${name} i Lagportal`,
  mailContactChangedBody: (p: { name: string; link: string; days: string }) =>
    `Hei!\n\nDu er nå kontaktperson for ${p.name} i Lagportal. Med denne private lenken kan du endre opplysningene, bekrefte at de stemmer, eller be om at laget fjernes:\n${p.link}\n\nLenken virker i ${p.days} dager. Ikke del den: alle som har lenken, kan endre oppføringen. Trenger du en ny lenke senere, kan du be om det i Lagportal.\n\nHilsen Lagportal`,
  mailContactReplacedSubject: (name: string) => `Du er ikke lenger kontaktperson for ${name} i Lagportal`,
  mailContactReplacedBody: (p: { name: string }) =>
    `Hei!\n\nKontaktpersonen for ${p.name} i Lagportal er byttet, så denne adressen er ikke lenger knyttet til laget. Lenkene du har fått for å endre oppføringen, virker ikke lenger; den nye kontaktpersonen har fått sin egen.\n\nEr dette feil, kontakt kommunen, så hjelper en moderator dere.\n\nHilsen Lagportal`,

  notFoundTitle: 'Fant ikke siden',
  notFoundText: 'Siden du ba om finnes ikke, eller laget er ikke lenger publisert.',
  notFoundHome: 'Gå til forsiden',
  errorTitle: 'Noe gikk galt',
  errorText: 'Det oppstod en feil hos oss. Prøv igjen om litt.',
  errorReference: (id: string) => `Oppgi gjerne feilreferansen ${id} hvis du kontakter oss.`,
  badRequestText: 'Vi kunne ikke lese det som ble sendt. Gå tilbake, last inn siden på nytt og prøv igjen.',
  badRequestTitle: 'Ugyldig forespørsel',
};

export type Messages = typeof nb;
