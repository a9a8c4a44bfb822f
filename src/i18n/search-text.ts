// Texts of the search on the list pages, Norwegian Bokmål first; English must have the same keys.

export const searchTextNb = {
  /** The disclosure the filters fold into on narrow screens. */
  filterToggle: 'Filtrer',
  filterToggleActive: (count: string) => `Filtrer (${count} i bruk)`,
  didYouMean: 'Mente du',
  didYouMeanLink: (suggestion: string) => `«${suggestion}»`,
  /** A municipality or place named in the search narrows the list like the filter would. */
  withinMunicipality: (names: string, words: string) => `Viser treff på «${words}» i ${names}, fordi søket nevner kommunen.`,
  withinAnd: ' og ',
};

export const searchTextEn: typeof searchTextNb = {
  filterToggle: 'Filter',
  filterToggleActive: (count: string) => `Filter (${count} in use)`,
  didYouMean: 'Did you mean',
  didYouMeanLink: (suggestion: string) => `“${suggestion}”`,
  withinMunicipality: (names: string, words: string) => `Showing results for “${words}” in ${names}, because the search names the municipality.`,
  withinAnd: ' and ',
};
