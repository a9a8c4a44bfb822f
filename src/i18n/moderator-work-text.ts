// Texts for moderators' everyday work (issue 19): the queue's tabs, search and bulk actions,
// the account page, forgotten passwords and the digest emails. Bokmål first; English must
// have the same keys.

export const moderatorWorkTextNb = {
  queueTabsLabel: 'Typer i køen',
  queueTabAll: 'Alt',
  queueSearchLabel: 'Søk på navn eller organisasjonsnummer',
  bulkHeading: 'Utdaterte oppføringer',
  bulkIntro: 'Kryss av oppføringer i lista under og velg hva som skal skje med dem. Hver av dem føres i loggen.',
  bulkSelect: (name: string) => `Velg ${name}`,
  bulkRemind: 'Send ny påminnelse',
  bulkArchive: 'Arkiver valgte',
  bulkNoneSelected: 'Kryss av minst én oppføring først.',
  bulkReminded: (done: string, skipped: string) =>
    `Ny påminnelse sendt til ${done}.` + (skipped !== '0' ? ` ${skipped} ble hoppet over (ikke lenger utdatert, eller uten kontaktperson).` : ''),
  bulkArchived: (done: string, skipped: string) => `${done} arkivert.` + (skipped !== '0' ? ` ${skipped} ble hoppet over (ikke lenger utdatert).` : ''),
  entryCount: (n: number, formatted: string) => (n === 1 ? '1 oppføring' : `${formatted} oppføringer`),
};

export const moderatorWorkTextEn: typeof moderatorWorkTextNb = {
  queueTabsLabel: 'Kinds in the queue',
  queueTabAll: 'Everything',
  queueSearchLabel: 'Search by name or organisation number',
  bulkHeading: 'Out-of-date entries',
  bulkIntro: 'Tick entries in the list below and choose what should happen to them. Each one is written to the log.',
  bulkSelect: (name: string) => `Select ${name}`,
  bulkRemind: 'Send a new reminder',
  bulkArchive: 'Archive selected',
  bulkNoneSelected: 'Tick at least one entry first.',
  bulkReminded: (done: string, skipped: string) =>
    `A new reminder was sent to ${done}.` + (skipped !== '0' ? ` ${skipped} were skipped (no longer out of date, or without a contact person).` : ''),
  bulkArchived: (done: string, skipped: string) => `${done} archived.` + (skipped !== '0' ? ` ${skipped} were skipped (no longer out of date).` : ''),
  entryCount: (n: number, formatted: string) => (n === 1 ? '1 entry' : `${formatted} entries`),
};
