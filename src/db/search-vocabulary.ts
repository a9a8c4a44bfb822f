import { type Vocabulary, indexedText, vocabulary } from '../lib/search-words.js';
import { perVersion } from './per-version.js';
import type { DB } from './sqlite.js';

// The words of published names that typos are matched against and "Mente du …?" offers
// (src/lib/search-words.ts), kept per data version like the list engine's orders.

/** Rows read per step; the loop is handed back between steps. */
const CHUNK_ROWS = 2000;

const yieldToOtherRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The words of published names as the index holds them (words, compound heads and parts),
 * with how many names have each: what typos are matched against and "did you mean" offers.
 * Names, not descriptions: they are what residents search for, and reading every indexed
 * word's count from FTS5 reads the whole index. Read in chunks; kept until the next write.
 *
 * Each chunk is a range of ids, with the status checked here rather than in the query: asked
 * for `status = 'published' AND id > ?` with a bound LIMIT, SQLite's planner took the status
 * index and sorted every published row with a higher id by id, for each chunk of 2,000 (a
 * pass over 100,000 rows cost 1.4 s of CPU in 50 steps of up to 100 ms; by id it is one range
 * read per step).
 */
export function searchVocabulary(db: DB): Promise<Vocabulary> {
  return perVersion(db, 'search-vocabulary', '', 1, async () => {
    const docs = new Map<string, number>();
    const shown = new Map<string, string>();
    for (let after = 0; ;) {
      const rows = await db.selectFrom('associations').select(['id', 'name', 'status']).where('id', '>', after).orderBy('id').limit(CHUNK_ROWS).execute();
      for (const row of rows) {
        if (row.status !== 'published') continue;
        const terms = indexedText(row.name);
        const typed = row.name
          .normalize('NFC')
          .toLowerCase()
          .split(/[^\p{L}\p{N}]+/u)
          .filter((w) => w !== '');
        const folded = terms.words.split(' ');
        if (typed.length === folded.length) folded.forEach((term, i) => shown.has(term) || shown.set(term, typed[i]!));
        for (const term of new Set([terms.words, terms.heads, terms.parts].join(' ').split(' '))) {
          if (term !== '') docs.set(term, (docs.get(term) ?? 0) + 1);
        }
      }
      if (rows.length < CHUNK_ROWS) break;
      after = rows[rows.length - 1]!.id;
      await yieldToOtherRequests();
    }
    return vocabulary([...docs].map(([term, count]) => ({ term, docs: count, shown: shown.get(term) })));
  });
}

/**
 * What the first search would otherwise build while a visitor waits, done at start-up before
 * the node says it is ready: the vocabulary, which analyses every published name (on a fresh
 * process also compiling the word rules and filling their kept analyses). For 100,000
 * associations it took a first search 0.8 s of CPU, in pieces of up to 65 ms.
 */
export async function prepareSearch(db: DB): Promise<void> {
  await searchVocabulary(db);
}
