import { describe, expect, it } from 'vitest';
import { indexedText } from '../src/lib/search-words.js';

// The index's tokens for a text (src/lib/search-words.ts): derived tokens once per text, in
// the order they first occur, however often a piece recurs and whatever came before.

describe('indexedText', () => {
  it('lists every word as written, and each head, stem and part once, in the order they first occur', () => {
    const text = 'Narvik Skolekorps og Bjerkvik Skolemusikkorps: skolekorps, skolekorps og korps';
    const first = indexedText(text);
    expect(first.words).toBe('narvik skolekorps og bjerkvik skolemusikkorps skolekorps skolekorps og korps');
    const heads = first.heads.split(' ');
    expect(new Set(heads).size).toBe(heads.length);
    expect(heads.indexOf('korps')).toBeGreaterThanOrEqual(0);
    expect(heads.indexOf('musikkorps')).toBeGreaterThan(heads.indexOf('korps'));
    for (const kind of [first.stems, first.parts]) expect(new Set(kind.split(' ')).size).toBe(kind.split(' ').length);
    // A text in between with the same pieces does not take them away from the next one.
    indexedText('skolekorps korps');
    expect(indexedText(text)).toEqual(first);
    expect(indexedText(' -  ')).toEqual({ words: '', heads: '', stems: '', parts: '' });
  });
});
