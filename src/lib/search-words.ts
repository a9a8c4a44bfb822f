import { distance } from 'fastest-levenshtein';
import snowball from 'snowball-stemmers';
import { ACTIVITY_PAIRS, COMPOUND_WORDS } from '../../db/search-lexicon.js';

// The word rules of search, in one place and applied alike when an association is indexed
// and when a visitor searches: folding (ASCII spellings), splitting Norwegian compounds
// against a lexicon, and stemming with Snowball's Norwegian algorithm. Nothing here knows
// the database: SQLite's FTS5 index is fed with these tokens (src/db/sqlite.ts), and a
// PostgreSQL tsvector can be built from the same tokens (its `norwegian` configuration is
// the same Snowball algorithm, but it would not split compounds).

const stemmer = snowball.newStemmer('norwegian');

/**
 * Lower case, æ → ae, ø → o, å → a, the old spelling aa → a, accents dropped, and a tripled
 * consonant (sjakkklubb, the spelling allowed since 2005) written as the double one
 * (sjakklubb), so that every spelling of a word becomes one token.
 */
export function foldForSearch(text: string): string {
  const folded = text.normalize('NFC').toLowerCase().replaceAll('æ', 'ae').replaceAll('ø', 'o').replaceAll('å', 'a').replaceAll('aa', 'a');
  // Accents (é, ü) only where there are letters outside ASCII left: most text has none.
  const plain = /[^\u0000-\u007f]/.test(folded) ? folded.normalize('NFD').replace(/\p{M}+/gu, '') : folded;
  return plain.replace(/([^aeiouy\d])\1\1/g, '$1$1');
}

const MAX_WORD_LENGTH = 40;

/** The folded words of a text: letters and digits, everything else separates. */
export function searchWords(text: string): string[] {
  return foldForSearch(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => w.slice(0, MAX_WORD_LENGTH));
}

/** Snowball's Norwegian stem of a folded word. */
export function stem(word: string): string {
  return stemmer.stem(word);
}

const LEXICON = [...new Set(COMPOUND_WORDS.map(foldForSearch))].sort((a, b) => b.length - a.length);
const ACTIVITY = new Map<string, string[]>();
for (const [activity, club] of ACTIVITY_PAIRS) {
  const [a, c] = [foldForSearch(activity), foldForSearch(club)];
  ACTIVITY.set(a, [...(ACTIVITY.get(a) ?? []), c]);
  ACTIVITY.set(c, [...(ACTIVITY.get(c) ?? []), a]);
}

/** Letters before a lexicon word for it to count as a compound's part. */
const MIN_MODIFIER = 3;
const CONSONANT = /[^aeiouy]/;

/** How a word is indexed besides itself. */
export interface WordAnalysis {
  /** Lexicon words the word ends with: the compound's head ("kor" in mannskor), longest first. */
  heads: string[];
  /** The other parts ("manns", "mann"; "sjakk"), with and without a linking s or e. */
  parts: string[];
  /** Snowball stems of the word, its heads and parts. */
  stems: string[];
}

const analyses = new Map<string, WordAnalysis>();
const KEPT_ANALYSES = 50_000;

/**
 * Splits a folded word against the lexicon and stems it and its parts. The definite and
 * plural forms split through their stem (klatreklubben → klatreklubb → klatre + klubb).
 * @example analyseWord('skolemusikkorps').heads → ['musikkorps', 'korps'], parts include 'skole', 'musikk'
 */
export function analyseWord(word: string): WordAnalysis {
  const known = analyses.get(word);
  if (known) return known;
  const heads = new Set<string>();
  const parts = new Set<string>();
  const split = (w: string, depth: number) => {
    if (depth > 3) return;
    for (const head of LEXICON) {
      if (head.length >= w.length - MIN_MODIFIER + 1 || !w.endsWith(head)) continue;
      if (depth === 0) heads.add(head);
      else parts.add(head);
      const rest = w.slice(0, w.length - head.length);
      const modifiers = [rest];
      // sjakk + klubb is written sjakklubb: the modifier lost one of its double consonants.
      if (rest.endsWith(head[0]!) && CONSONANT.test(head[0]!)) modifiers.push(rest + head[0]);
      // Linking letters: idrett-s-lag, svømm-e-klubb is svømme, so only s is dropped for certain.
      if (rest.length > MIN_MODIFIER && rest.endsWith('s')) modifiers.push(rest.slice(0, -1));
      for (const m of modifiers) {
        parts.add(m);
        split(m, depth + 1);
      }
    }
  };
  split(word, 0);
  const stemmed = stem(word);
  if (stemmed !== word) split(stemmed, 0);
  const stems = new Set([stemmed, ...[...heads, ...parts].map(stem)]);
  const analysis: WordAnalysis = { heads: [...heads], parts: [...parts].filter((p) => !heads.has(p)), stems: [...stems] };
  if (analyses.size >= KEPT_ANALYSES) analyses.clear();
  analyses.set(word, analysis);
  return analysis;
}

/** The kinds of token an association's text is indexed as, each searched and ranked on its own. */
export interface IndexedText {
  /** The words as written (folded). */
  words: string;
  /** Compound heads. */
  heads: string;
  /** Stems of words, heads and parts. */
  stems: string;
  /** The other compound parts. */
  parts: string;
}

/**
 * A derived token of one kind (a head, a stem or a part), one object per text and kind, so
 * that indexedText can tell whether a text has it already by a mark instead of a set.
 */
interface Token {
  text: string;
  /** The number of the indexedText call that last listed it. */
  mark: number;
}

/** What one piece of text between spaces is indexed as: its folded words and their derived tokens. */
interface Piece {
  /** The folded words, space-separated ('' when the piece has none, as for a dash). */
  words: string;
  /** The derived tokens, or null when there are none (most words of a description). */
  derived: { heads: Token[]; stems: Token[]; parts: Token[] } | null;
  /** The number of the indexedText call that last listed its derived tokens. */
  mark: number;
}

// Kept: most pieces recur in every description, so each is folded and analysed once. The
// tokens are kept with them, and dropped with them between two texts (never within one), so
// that no two pieces a text uses hold different objects for one token.
const pieces = new Map<string, Piece>();
const KEPT_PIECES = 200_000;
const tokens = { heads: new Map<string, Token>(), stems: new Map<string, Token>(), parts: new Map<string, Token>() };

function tokensOf(kind: keyof typeof tokens, texts: string[]): Token[] {
  const known = tokens[kind];
  return texts.map((text) => {
    let token = known.get(text);
    if (!token) known.set(text, (token = { text, mark: 0 }));
    return token;
  });
}

function piece(text: string): Piece {
  let known = pieces.get(text);
  if (!known) {
    const words = searchWords(text);
    const heads: string[] = [];
    const stems: string[] = [];
    const parts: string[] = [];
    for (const w of words) {
      const a = analyseWord(w);
      heads.push(...a.heads);
      // A stem equal to its word is left out: a search looks for its stems among the words too.
      stems.push(...a.stems.filter((s) => s !== w));
      parts.push(...a.parts);
    }
    const none = heads.length === 0 && stems.length === 0 && parts.length === 0;
    known = {
      words: words.join(' '),
      derived: none ? null : { heads: tokensOf('heads', heads), stems: tokensOf('stems', stems), parts: tokensOf('parts', parts) },
      mark: 0,
    };
    pieces.set(text, known);
  }
  return known;
}

let calls = 0;

/** Appends the tokens this text has not listed yet (marked with this call's number). */
function listNew(list: string[], derived: Token[], mark: number): void {
  for (const token of derived) {
    if (token.mark === mark) continue;
    token.mark = mark;
    list.push(token.text);
  }
}

/**
 * Tokens for the index, space-separated per kind. Derived tokens are listed once per text,
 * in the order they first occur: ranking counts which kind of token matched, not how often.
 *
 * This is most of the work of rebuilding the index (4.7 million pieces of description for
 * 100,000 associations), so a piece costs one map look-up, and only a piece with derived
 * tokens that this text has not had yet costs more; whether it has is a mark on the piece
 * and on each token, not a set per text.
 */
export function indexedText(text: string): IndexedText {
  if (pieces.size >= KEPT_PIECES) {
    pieces.clear();
    for (const kind of Object.values(tokens)) kind.clear();
  }
  const mark = ++calls;
  let words = '';
  const heads: string[] = [];
  const stems: string[] = [];
  const parts: string[] = [];
  for (const raw of text.split(/\s+/)) {
    if (raw === '') continue;
    const p = piece(raw);
    if (p.words !== '') words = words === '' ? p.words : `${words} ${p.words}`;
    const derived = p.derived;
    if (derived === null || p.mark === mark) continue;
    p.mark = mark;
    listNew(heads, derived.heads, mark);
    listNew(stems, derived.stems, mark);
    listNew(parts, derived.parts, mark);
  }
  return { words, heads: heads.join(' '), stems: stems.join(' '), parts: parts.join(' ') };
}

/** One word of a search, with what it may also be found as. */
export interface QueryWord {
  /** The folded word. */
  text: string;
  /** Its stem and those of its activity-noun partners: matched against indexed stems. */
  stems: string[];
  /** Whether a one-letter typo may still find it (5 letters or more). */
  typos: boolean;
}

export const MAX_QUERY_WORDS = 8;
/** A typo is only looked for in words at least this long: in shorter ones it is another word. */
export const TYPO_MIN_LENGTH = 5;

/** The words of a search, or null when nothing in it can be searched for. */
export function queryWords(text: string): QueryWord[] | null {
  const words = searchWords(text).slice(0, MAX_QUERY_WORDS);
  if (words.length === 0) return null;
  return words.map((w) => {
    const stemmed = stem(w);
    const partners = ACTIVITY.get(w) ?? ACTIVITY.get(stemmed) ?? [];
    return {
      text: w,
      // Snowball takes one ending off: korpsene → korps, while korps itself is indexed as korp.
      stems: [...new Set([stemmed, stem(stemmed), ...partners.flatMap((partner) => [partner, stem(partner)])])],
      typos: w.length >= TYPO_MIN_LENGTH,
    };
  });
}

/** An indexed word and the number of associations it is in. */
export interface IndexedWord {
  term: string;
  docs: number;
  /** The word as a name writes it (lower case), where the term is a whole word. */
  shown?: string;
}

/** The indexed words grouped by length, for finding the ones a typo away. */
export type Vocabulary = Map<number, IndexedWord[]>;

export function vocabulary(words: IndexedWord[]): Vocabulary {
  const byLength: Vocabulary = new Map();
  for (const w of words) {
    // Numbers (years, org numbers) are no one's misspelling.
    if (!/\p{L}/u.test(w.term)) continue;
    const list = byLength.get(w.term.length) ?? [];
    list.push(w);
    byLength.set(w.term.length, list);
  }
  return byLength;
}

/** Whether b is a with two neighbouring letters swapped ("kro" for "kor"): one slip of the fingers. */
function swapsTwoLetters(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Indexed words within `max` edits of `text` (a swap of neighbours counts as one), nearest first, then the more common, then alphabetically. */
function nearby(text: string, vocabulary: Vocabulary, max: number): (IndexedWord & { edits: number })[] {
  const found: (IndexedWord & { edits: number })[] = [];
  for (let length = text.length - max; length <= text.length + max; length++) {
    for (const w of vocabulary.get(length) ?? []) {
      if (w.term === text) continue;
      const edits = swapsTwoLetters(text, w.term) ? 1 : distance(text, w.term);
      if (edits <= max) found.push({ ...w, edits });
    }
  }
  return found.sort((a, b) => a.edits - b.edits || b.docs - a.docs || (a.term < b.term ? -1 : 1));
}

const MAX_TYPO_CANDIDATES = 10;

/**
 * Indexed words one wrong, missing or extra letter (or two swapped neighbours) away from a
 * search word of 5 letters or more ("manskor" → "mannskor", "fotbal" → "fotball"); none for
 * shorter words.
 */
export function typoCandidates(word: QueryWord, vocabulary: Vocabulary): string[] {
  if (!word.typos) return [];
  return nearby(word.text, vocabulary, 1)
    .slice(0, MAX_TYPO_CANDIDATES)
    .map((w) => w.term);
}

/**
 * The indexed word nearest to a word that found nothing (up to two edits), for "did you
 * mean", as names write it where known.
 */
export function nearestIndexedWord(text: string, vocabulary: Vocabulary): string | null {
  if (text.length < 3) return null;
  const nearest = nearby(text, vocabulary, text.length >= TYPO_MIN_LENGTH ? 2 : 1)[0];
  return nearest ? (nearest.shown ?? nearest.term) : null;
}
