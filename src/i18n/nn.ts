import { adminTextNn } from './nn/admin.js';
import { calendarImportTextNn } from './nn/calendar-import.js';
import { calendarTextNn } from './nn/calendar.js';
import { claimTextNn } from './nn/claim.js';
import { formTextNn } from './nn/form.js';
import { linkCheckTextNn } from './nn/link-check.js';
import { moderationTextNn } from './nn/moderation.js';
import { moderatorWorkTextNn } from './nn/moderator-work.js';
import { openDataTextNn } from './nn/open-data.js';
import { searchTextNn } from './nn/search.js';
import { sharingTextNn } from './nn/sharing.js';
import { visitorTextNn } from './nn/visitor.js';
import type { Messages } from './nb.js';

// Norwegian Nynorsk. Typed as the Bokmål catalogue, so a text missing here is a compile error.
// Written for the municipalities of Vestland, Møre og Romsdal and elsewhere that use Nynorsk
// as their official written form; moderate "a-infinitive" Nynorsk, as most municipalities use.

export const nn: Messages = {
  locale: 'nn-NO',
  languageName: 'Norsk (nynorsk)',
  siteName: 'Lagportal',
  siteTagline: 'Lag og foreiningar der du bur',
  pageTitle: (page: string) => `${page} – Lagportal`,
  skipToContent: 'Hopp til hovudinnhaldet',
  mainNavigation: 'Hovudmeny',
  navAssociations: 'Lag og foreiningar',
  navHome: 'Framside',
  languageSwitchLabel: 'Språk',
  footerText: 'Lagportal er eit ope register over lag og foreiningar. Laga registrerer og oppdaterer sjølve opplysningane sine.',

  homeTitle: 'Finn lag og foreiningar',
  homeIntro:
    'Her finn du idrettslag, kor, velforeiningar, jeger- og fiskarforeiningar og mykje meir – med kontaktinformasjon og lenkje til dei eigne sidene til laget.',
  searchLabel: 'Søk etter lag og foreiningar',
  searchHint: 'Søk på namn, aktivitet eller stad, til dømes «fotball» eller «kor Bjerkvik».',
  searchButton: 'Søk',
  municipalitiesHeading: 'Kommunar',
  categoriesHeading: 'Kategoriar',
  recentHeading: 'Nyleg lagt til',
  recentEmpty: 'Ingen lag er publiserte enno.',
  associationCount: (n: number, formatted: string) => (n === 1 ? '1 lag' : `${formatted} lag`),
  allAssociationsLink: 'Sjå alle lag og foreiningar',

  listTitle: 'Lag og foreiningar',
  listTitleSearch: (q: string) => `Søk: ${q}`,
  filtersHeading: 'Avgrens',
  municipalityLabel: 'Kommune',
  municipalityAny: 'Alle kommunar',
  placeLabel: 'Stad',
  placeAny: 'Alle stader',
  categoryLegend: 'Kategori',
  categoryAny: 'Alle kategoriar',
  applyFilters: 'Vis treff',
  clearFilters: 'Nullstill søk og filter',
  activeFiltersHeading: 'Valde filter',
  removeFilter: (label: string) => `Fjern filteret ${label}`,
  resultCount: (n: number, formatted: string) => (n === 1 ? '1 lag funne' : `${formatted} lag funne`),
  resultRange: (from: string, to: string, total: string) => `Viser ${from}–${to} av ${total}`,
  noResults: 'Ingen lag passar til søket.',
  noResultsHint: 'Prøv færre ord, sjekk stavinga, eller fjern eit filter.',
  pageBeyondEnd: 'Denne sida finst ikkje i resultatet.',
  firstPageLink: 'Gå til første side',
  paginationLabel: 'Sider',
  previousPage: 'Førre side',
  nextPage: 'Neste side',
  pageOf: (page: string, pages: string) => `Side ${page} av ${pages}`,
  inMunicipality: (name: string) => `i ${name}`,

  noticeHeading: 'Noko i adressa kunne ikkje brukast',
  noticeBadMunicipality: (value: string) =>
    `«${value}» er ikkje eit kommunenummer. Eit kommunenummer har fire siffer, til dømes 1806. Filteret er ikkje brukt.`,
  noticeUnknownMunicipality: (value: string) => `Vi fann ingen kommune med nummer ${value}. Filteret er ikkje brukt.`,
  noticeUnknownCategory: (value: string) => `Vi fann ingen kategori som heiter «${value}». Filteret er ikkje brukt.`,
  noticeUnknownPlace: (value: string) => `Vi fann ikkje staden «${value}». Filteret er ikkje brukt.`,
  noticeBadPage: (value: string) => `«${value}» er ikkje eit gyldig sidenummer. Viser side 1.`,
  noticeQueryTooLong: (max: string) => `Søkjeteksten er lengre enn ${max} teikn og er ikkje brukt. Prøv nokre få ord.`,
  noticeTooManyValues: (name: string, max: string) => `Du kan velja høgst ${max} verdiar for ${name}. Resten er ikkje brukt.`,
  noticeDuplicateParameter: (name: string) => `«${name}» var oppgitt fleire gonger. Berre den første verdien er brukt.`,

  detailCategories: 'Kategoriar',
  detailMunicipality: 'Kommune',
  detailPlace: 'Stad',
  detailWebsite: 'Nettstad',
  detailLinks: 'Andre lenkjer',
  detailContact: 'Kontakt',
  detailAbout: 'Om laget',
  detailFacts: 'Fakta',
  detailEmail: 'E-post',
  detailPhone: 'Telefon',
  detailPostalAddress: 'Postadresse',
  detailOrgNumber: 'Organisasjonsnummer',
  detailFounded: 'Skipa',
  detailLastConfirmed: 'Opplysningane sist stadfesta',
  detailNeverConfirmed: 'Ikkje stadfesta enno',
  detailNoContact: 'Laget har ikkje oppgitt kontaktinformasjon.',
  externalLink: '(ekstern lenkje)',
  linkKindFacebook: 'Facebook',
  linkKindInstagram: 'Instagram',
  linkKindOther: 'Nettstad',
  backToList: 'Tilbake til alle lag og foreiningar',
  breadcrumbLabel: 'Brødsmulesti',

  municipalityTitle: (name: string) => `Lag og foreiningar i ${name}`,
  municipalityParallelNames: (names: string) => `Også: ${names}`,
  municipalityCounty: (county: string) => `${county} fylke`,
  municipalityPlaces: 'Stader i kommunen',
  categoryTitle: (name: string) => `Lag og foreiningar: ${name}`,
  categorySubcategories: 'Underkategoriar',
  categoryParent: (name: string) => `Del av ${name}`,
  regionLabel: 'Region',
  regionAny: 'Alle regionar',
  noticeUnknownRegion: (value: string) => `Vi fann ingen region som heiter «${value}». Filteret er ikkje brukt.`,
  noticeMunicipalityOutsideRegion: (municipality: string, region: string, _regionEn: string) =>
    `${municipality} er ikkje med i regionen ${region}. Kommunefilteret er ikkje brukt.`,
  regionTitle: (name: string) => `Lag og foreiningar i ${name}`,
  regionMunicipalitiesHeading: 'Kommunane i regionen',
  regionCategoriesHeading: 'Kategoriar i regionen',
  regionCategoriesEmpty: 'Ingen lag i regionen er publiserte enno.',
  regionPageLink: (name: string) => `Heile ${name}`,

  form: formTextNn,
  mod: moderationTextNn,
  linkCheck: linkCheckTextNn,
  share: sharingTextNn,
  admin: adminTextNn,
  visitor: visitorTextNn,
  openData: openDataTextNn,
  claim: claimTextNn,
  calendar: calendarTextNn,
  calendarImport: calendarImportTextNn,
  search: searchTextNn,
  work: moderatorWorkTextNn,
  navRegister: 'Registrer lag',
  optional: '(valfritt)',
  errorSummaryHeading: 'Det er noko som må rettast',
  registerTitle: 'Registrer laget ditt',
  registerIntro:
    'Registrer laget eller foreininga di, så blir de lette å finna. Alt som blir sendt inn, blir sjekka av ein moderator før det blir vist.',
  publicInfoHeading: 'Dette blir offentleg, og dette blir det ikkje',
  publicInfoText:
    'Namn, skildring, kategoriar, kommune og stad, nettstad og lenkjer, e-post og telefon til laget, postadresse, organisasjonsnummer og skipingsår blir viste på sida til laget.',
  privateInfoText:
    'Namnet og e-postadressa til kontaktpersonen blir ikkje viste, med mindre du kryssar av for det. Vi brukar dei berre til å senda lenkja for å endra oppføringa og påminningar om å halda ho oppdatert.',
  fieldsetAbout: 'Om laget',
  fieldsetWhere: 'Kvar laget held til',
  fieldsetContact: 'Kontaktinformasjonen til laget (blir vist offentleg)',
  fieldsetContactPerson: 'Kontaktperson',
  fieldsetTerms: 'Vilkår',
  submitRegistration: 'Send inn til godkjenning',
  duplicateHeading: 'Er laget alt registrert?',
  duplicateText: 'Vi fann lag i same kommune som liknar på det du registrerer:',
  duplicateSameOrgNumber: 'same organisasjonsnummer',
  duplicateSimilarName: 'liknande namn',
  duplicateSuggestChange: 'Dette er oss – føreslå ei endring',
  duplicateConfirmLabel: 'Vi er eit anna lag enn desse. Registrer oss likevel.',
  guardTooFast: 'Skjemaet vart sendt svært raskt etter at det vart opna. Sjå over opplysningane og send det på nytt.',
  guardStale: 'Skjemaet har vore ope lenge. Sjå over opplysningane og send det på nytt.',
  guardHoneypot: 'Vi kunne ikkje ta imot skjemaet. Sjå over opplysningane og prøv igjen.',
  guardRateLimited:
    'Det er sendt mange skjema frå adressa di den siste timen. Vent litt og prøv igjen – det du har skrive, er teke vare på.',
  guardForeignOrigin: 'Skjemaet må sendast frå Lagportal sine eigne sider. Opne skjemaet på nytt og send det derifrå.',
  guardUsed: 'Dette skjemaet er alt sendt éin gong. Sjå over opplysningane og send det på nytt om det skal sendast igjen.',
  guardRecipientLimited:
    'Det er sendt mange e-postar til denne adressa den siste timen. Vent litt og prøv igjen – det du har skrive, er teke vare på.',
  honeypotLabel: 'La dette feltet stå tomt',
  thanksTitle: 'Takk! Laget er sendt inn',
  thanksText:
    'Ein moderator ser på registreringa, vanlegvis innan nokre dagar. Laget blir vist i Lagportal når det er godkjent.',
  thanksMailText:
    'Vi har sendt ein e-post til kontaktpersonen med ei privat lenkje. Med henne kan de endra opplysningane når som helst. Finn du ikkje e-posten, sjå i søppelposten.',

  editRequestTitle: 'Endra oppføringa til laget ditt',
  editRequestIntro:
    'Skriv e-postadressa til kontaktpersonen for laget, så sender vi ei ny, privat lenkje som du kan endra oppføringa med.',
  editRequestIntroFor: (name: string) => `Vil du endra oppføringa til ${name}? Skriv e-postadressa til kontaktpersonen for laget, så sender vi ei lenkje dit.`,
  editRequestEmailLabel: 'E-postadressa til kontaktpersonen',
  editRequestEmailInvalid: 'Skriv ei e-postadresse, til dømes namn@example.no.',
  editRequestSubmit: 'Send meg lenkja',
  editRequestSent: (days: string) =>
    `Om adressa høyrer til eit lag i Lagportal, har vi no sendt ein e-post med ei lenkje dit. Lenkja verkar i ${days} dagar. Nyare lenkjer erstattar eldre.`,
  editRequestNoAccess: 'Er kontaktpersonen bytt ut, eller har de mista tilgangen til e-posten? Kontakt kommunen, så hjelper ein moderator dykk.',
  editTitle: (name: string) => `Endra ${name}`,
  editIntroPublished: 'Endringar blir synlege når ein moderator har godkjent dei. Til då blir opplysningane viste slik dei er no.',
  editIntroPending: 'Laget ventar på godkjenning. Endringar du lagrar no, er med når moderatoren ser på registreringa.',
  editPendingRevision: 'Du har sendt inn endringar som ventar på godkjenning. Skjemaet viser endringane dine.',
  editPendingRemoval: 'De har bede om at laget blir sletta. Ein moderator tek seg av det.',
  editSubmit: 'Lagre endringane',
  editSavedForReview: 'Takk! Endringane er lagra og ventar på godkjenning.',
  editSaved: 'Takk! Endringane er lagra.',
  confirmHeading: 'Stemmer opplysningane?',
  confirmText: 'Om alt stemmer, trykk på knappen. Då blir dagens dato vist som «sist stadfesta» på sida til laget.',
  confirmButton: 'Ja, alt stemmer',
  confirmed: 'Takk! Opplysningane er stadfesta.',
  removeHeading: 'Slett laget frå Lagportal',
  removeText: 'Er laget lagt ned, eller vil de ikkje stå i Lagportal? Då kan de be om at oppføringa blir sletta. Ein moderator arkiverer ho og slettar personopplysningane.',
  removeButton: 'Be om at laget blir sletta',
  removalRequested: 'Vi har fått beskjed om at laget skal slettast. Ein moderator tek seg av det.',
  linkExpiredTitle: 'Lenkja verkar ikkje lenger',
  linkExpiredText: 'Lenkja har gått ut eller er erstatta av ei nyare. Be om ei ny lenkje, så sender vi ho til kontaktpersonen.',
  linkUnknownTitle: 'Fann ikkje lenkja',
  linkUnknownText: 'Lenkja er ikkje gyldig. Kontroller at heile lenkja frå e-posten er med, eller be om ei ny.',
  requestNewLink: 'Be om ei ny lenkje',
  detailStale: 'Opplysningane er ikkje stadfesta av laget på over 18 månader, og kan vera utdaterte.',
  detailContactPerson: 'Kontaktperson',

  mailRegisteredSubject: 'Vi har fått registreringa i Lagportal',
  mailRegisteredBody: (p: { name: string; link: string; days: string }) =>
    `Hei!\n\nTakk for at de registrerte ${p.name} i Lagportal. Ein moderator ser på registreringa, og laget blir vist når det er godkjent.\n\nMed denne private lenkja kan de endra opplysningane:\n${p.link}\n\nLenkja verkar i ${p.days} dagar. Del ho ikkje med andre: alle som har lenkja, kan endra oppføringa. Treng de ei ny lenkje seinare, kan de be om det på Lagportal.\n\nHelsing Lagportal`,
  mailEditLinkSubject: 'Lenkje for å endra oppføringa i Lagportal',
  mailEditLinkBody: (p: { name: string; link: string; days: string }) =>
    `Hei!\n\nNokon bad om ei lenkje for å endra oppføringa til ${p.name} i Lagportal. Her er ho:\n${p.link}\n\nLenkja verkar i ${p.days} dagar, og eldre lenkjer verkar ikkje lenger. Bad du ikkje om dette, kan du sjå bort frå e-posten.\n\nHelsing Lagportal`,
  mailReminderSubject: (name: string) => `Stemmer opplysningane om ${name}?`,
  mailReminderBody: (p: { name: string; link: string; days: string }) =>
    `Hei!\n\nDet er over eit år sidan opplysningane om ${p.name} i Lagportal sist vart stadfesta. Opne lenkja for å stadfesta at alt stemmer med eitt klikk, eller for å endra det som er utdatert:\n${p.link}\n\nLenkja verkar i ${p.days} dagar. Lag som ikkje stadfestar på 18 månader, blir merkte som mogleg utdaterte.\n\nHelsing Lagportal`,

  mailContactChangedSubject: (name: string) => `Du er no kontaktperson for ${name} i Lagportal`,
  mailContactChangedBody: (p: { name: string; link: string; days: string }) =>
    `Hei!\n\nDu er no kontaktperson for ${p.name} i Lagportal. Med denne private lenkja kan du endra opplysningane, stadfesta at dei stemmer, eller be om at laget blir fjerna:\n${p.link}\n\nLenkja verkar i ${p.days} dagar. Ikkje del ho: alle som har lenkja, kan endra oppføringa. Treng du ei ny lenkje seinare, kan du be om det i Lagportal.\n\nHelsing Lagportal`,
  mailContactReplacedSubject: (name: string) => `Du er ikkje lenger kontaktperson for ${name} i Lagportal`,
  mailContactReplacedBody: (p: { name: string }) =>
    `Hei!\n\nKontaktpersonen for ${p.name} i Lagportal er bytt, så denne adressa er ikkje lenger knytt til laget. Lenkjene du har fått for å endra oppføringa, verkar ikkje lenger; den nye kontaktpersonen har fått si eiga.\n\nEr dette feil, kontakt kommunen, så hjelper ein moderator dykk.\n\nHelsing Lagportal`,

  notFoundTitle: 'Fann ikkje sida',
  notFoundText: 'Sida du bad om, finst ikkje, eller laget er ikkje lenger publisert.',
  notFoundHome: 'Gå til framsida',
  errorTitle: 'Noko gjekk gale',
  errorText: 'Det oppstod ein feil hos oss. Prøv igjen om litt.',
  errorReference: (id: string) => `Oppgje gjerne feilreferansen ${id} om du kontaktar oss.`,
  badRequestText: 'Vi kunne ikkje lesa det som vart sendt. Gå tilbake, last inn sida på nytt og prøv igjen.',
  badRequestTitle: 'Ugyldig førespurnad',
};
