// Texts for embeds, feeds and the sharing help page, Norwegian Bokmål first; English must have the same keys.

export const sharingTextNb = {
  /** Open Graph's locale format (language_TERRITORY). */
  ogLocale: 'nb_NO',
  footerLink: 'Vis listen på nettsiden deres, eller følg nye lag',
  embedTitle: 'Lag og foreninger',
  embedMore: 'Se alle på Lagportal',
  embedMoreFiltered: (count: string) => `Se alle ${count} på Lagportal`,
  embedPoweredBy: 'Fra Lagportal, et åpent register over lag og foreninger',
  feedMunicipalityTitle: (municipality: string) => `Nye lag og foreninger i ${municipality}`,
  feedRegionTitle: (region: string) => `Nye lag og foreninger i ${region}`,
  feedSubtitle: 'De siste lagene og foreningene som er publisert i Lagportal.',
  feedLinkTitle: (municipality: string) => `Nye lag i ${municipality} (Atom)`,
  feedLinkLabel: 'Abonner på nye lag (Atom-feed)',
  helpTitle: 'Del listen på nettsiden deres',
  helpIntro:
    'Kommuner, lag og lokalaviser kan vise en oppdatert liste over lag og foreninger på sine egne nettsider, eller følge med på nye lag med en feed-leser. Alt er gratis og krever ingen avtale.',
  helpEmbedHeading: 'Vis listen på nettsiden deres',
  helpEmbedText:
    'Velg kommune og eventuelt kategori, og lim inn koden under på nettsiden deres. Listen oppdateres av seg selv, fungerer uten JavaScript, og lenkene åpner lagets side på Lagportal.',
  helpChooseLegend: 'Hva skal listen vise?',
  helpMunicipality: 'Kommune',
  helpCategory: 'Kategori',
  helpCategoryAny: 'Alle kategorier',
  helpShowCode: 'Vis koden',
  helpCodeLabel: 'Kode å lime inn',
  helpPreview: 'Se hvordan listen ser ut',
  helpStyleHeading: 'Tilpass utseendet',
  helpStyleText:
    'Listen har sitt eget lille stilark, bygd på CSS-variablene under. Fargene kan settes i adressen, som sekssifrede heksadesimale farger uten #: farge (lenker og aksent), tekst og bakgrunn, for eksempel &farge=8a0b3c&bakgrunn=fafafa.',
  helpVariablesHeading: 'CSS-variabler',
  helpClassesText: 'Klassenavnene er faste, så de kan brukes om dere henter listen på andre måter:',
  themeBadColor: (name: string, value: string) => `«${value}» i ${name} er ikke en farge. Skriv seks heksadesimale sifre uten #, for eksempel 0b5c8a.`,
  helpClassesHeading: 'Klassenavn',
  helpFeedsHeading: 'Følg med på nye lag (Atom)',
  helpFeedsText:
    'Hver kommune og hver region har en Atom-feed med de 50 sist publiserte lagene. Lim adressen inn i en feed-leser, eller bruk den i kommunens egen publiseringsløsning.',
  helpFeedMunicipality: 'For en kommune:',
  helpFeedRegion: 'For en region:',
  helpRegionsHeading: 'Regioner',
  helpSitemapText: 'Søkemotorer finner alle sidene gjennom',
  iframeTitle: (municipality: string) => `Lag og foreninger i ${municipality}`,
};

export type SharingText = typeof sharingTextNb;

export const sharingTextEn: SharingText = {
  ogLocale: 'en_GB',
  footerLink: 'Show the list on your website, or follow new clubs',
  embedTitle: 'Clubs and associations',
  embedMore: 'See all on Lagportal',
  embedMoreFiltered: (count: string) => `See all ${count} on Lagportal`,
  embedPoweredBy: 'From Lagportal, an open register of clubs and associations',
  feedMunicipalityTitle: (municipality: string) => `New clubs and associations in ${municipality}`,
  feedRegionTitle: (region: string) => `New clubs and associations in ${region}`,
  feedSubtitle: 'The clubs and associations most recently published in Lagportal.',
  feedLinkTitle: (municipality: string) => `New clubs in ${municipality} (Atom)`,
  feedLinkLabel: 'Subscribe to new clubs (Atom feed)',
  helpTitle: 'Share the list on your website',
  helpIntro:
    'Municipalities, clubs and local papers can show an up-to-date list of clubs and associations on their own websites, or follow new clubs in a feed reader. It is free and needs no agreement.',
  helpEmbedHeading: 'Show the list on your website',
  helpEmbedText:
    'Choose a municipality and, if you like, a category, then paste the code below into your website. The list updates itself, works without JavaScript, and its links open the club’s page on Lagportal.',
  helpChooseLegend: 'What should the list show?',
  helpMunicipality: 'Municipality',
  helpCategory: 'Category',
  helpCategoryAny: 'All categories',
  helpShowCode: 'Show the code',
  helpCodeLabel: 'Code to paste',
  helpPreview: 'See what the list looks like',
  helpStyleHeading: 'Adjust the look',
  helpStyleText:
    'The list has its own small stylesheet, built on the CSS variables below. The colours can be set in the address, as six-digit hexadecimal colours without #: farge (links and accent), tekst (text) and bakgrunn (background), for example &farge=8a0b3c&bakgrunn=fafafa.',
  helpVariablesHeading: 'CSS variables',
  helpClassesText: 'The class names are stable, so they can be relied on if you fetch the list another way:',
  themeBadColor: (name: string, value: string) => `“${value}” in ${name} is not a colour. Write six hexadecimal digits without #, for example 0b5c8a.`,
  helpClassesHeading: 'Class names',
  helpFeedsHeading: 'Follow new clubs (Atom)',
  helpFeedsText:
    'Every municipality and every region has an Atom feed of the 50 most recently published clubs. Paste the address into a feed reader, or use it in the municipality’s own publishing system.',
  helpFeedMunicipality: 'For a municipality:',
  helpFeedRegion: 'For a region:',
  helpRegionsHeading: 'Regions',
  helpSitemapText: 'Search engines find every page through',
  iframeTitle: (municipality: string) => `Clubs and associations in ${municipality}`,
};
