import type { SharingText } from '../sharing-text.js';

// Nynorsk: the embed, feeds and the sharing help page.

export const sharingTextNn: SharingText = {
  ogLocale: 'nn_NO',
  footerLink: 'Vis lista på nettstaden dykkar, eller følg nye lag',
  embedTitle: 'Lag og foreiningar',
  embedMore: 'Sjå alle på Lagportal',
  embedMoreFiltered: (count: string) => `Sjå alle ${count} på Lagportal`,
  embedPoweredBy: 'Frå Lagportal, eit ope register over lag og foreiningar',
  feedMunicipalityTitle: (municipality: string) => `Nye lag og foreiningar i ${municipality}`,
  feedRegionTitle: (region: string) => `Nye lag og foreiningar i ${region}`,
  feedSubtitle: 'Dei siste laga og foreiningane som er publiserte i Lagportal.',
  feedLinkTitle: (municipality: string) => `Nye lag i ${municipality} (Atom)`,
  feedLinkLabel: 'Abonner på nye lag (Atom-feed)',
  helpTitle: 'Del lista på nettstaden dykkar',
  helpIntro:
    'Kommunar, lag og lokalaviser kan visa ei oppdatert liste over lag og foreiningar på sine eigne nettsider, eller følgja med på nye lag med ein feed-lesar. Alt er gratis og krev ingen avtale.',
  helpEmbedHeading: 'Vis lista på nettstaden dykkar',
  helpEmbedText:
    'Vel kommune og eventuelt kategori, og lim inn koden under på nettstaden dykkar. Lista blir oppdatert av seg sjølv, fungerer utan JavaScript, og lenkjene opnar sida til laget på Lagportal.',
  helpChooseLegend: 'Kva skal lista visa?',
  helpMunicipality: 'Kommune',
  helpCategory: 'Kategori',
  helpCategoryAny: 'Alle kategoriar',
  helpShowCode: 'Vis koden',
  helpCodeLabel: 'Kode å lima inn',
  helpPreview: 'Sjå korleis lista ser ut',
  helpStyleHeading: 'Tilpass utsjånaden',
  helpStyleText:
    'Lista har sitt eige vesle stilark, bygd på CSS-variablane under. Fargane kan setjast i adressa, som sekssifra heksadesimale fargar utan #: farge (lenkjer og aksent), tekst og bakgrunn, til dømes &farge=8a0b3c&bakgrunn=fafafa.',
  helpVariablesHeading: 'CSS-variablar',
  helpClassesText: 'Klassenamna er faste, så dei kan brukast om de hentar lista på andre måtar:',
  themeBadColor: (name: string, value: string) => `«${value}» i ${name} er ikkje ein farge. Skriv seks heksadesimale siffer utan #, til dømes 0b5c8a.`,
  helpClassesHeading: 'Klassenamn',
  helpFeedsHeading: 'Følg med på nye lag (Atom)',
  helpFeedsText:
    'Kvar kommune og kvar region har ein Atom-feed med dei 50 sist publiserte laga. Lim adressa inn i ein feed-lesar, eller bruk ho i publiseringsløysinga til kommunen.',
  helpFeedMunicipality: 'For ein kommune:',
  helpFeedRegion: 'For ein region:',
  helpRegionsHeading: 'Regionar',
  helpSitemapText: 'Søkjemotorar finn alle sidene gjennom',
  iframeTitle: (municipality: string) => `Lag og foreiningar i ${municipality}`,
};
