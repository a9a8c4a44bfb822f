import type { searchTextNb } from '../search-text.js';

// Nynorsk: the search on the list pages.

export const searchTextNn: typeof searchTextNb = {
  filterToggle: 'Filtrer',
  filterToggleActive: (count: string) => `Filtrer (${count} i bruk)`,
  didYouMean: 'Meinte du',
  didYouMeanLink: (suggestion: string) => `«${suggestion}»`,
  withinMunicipality: (names: string, words: string) => `Viser treff på «${words}» i ${names}, fordi søket nemner kommunen.`,
  withinAnd: ' og ',
};
