import { type ParseOptions, type ParseResult, parseCalendar } from './ical-import.js';
import { type FetchOptions, type PageResult, fetchPage } from './link-checker.js';
import { type WholeFetchOptions, fetchWhole } from './safe-fetch.js';

// The jobs the off-loop worker thread (./off-loop.ts) can run: anything that fetches and
// parses content from other sites, whose size and shape we do not control. Each takes and
// returns plain data (structured-cloneable), since it crosses a thread boundary. A calendar
// feed import (src/calendar-import.ts) has its fetch-and-parse and its parse-only jobs here.

export interface OffLoopJobs {
  /** One link checker page: fetched, redirects followed, the title and parked-ness found. */
  'fetch-page': { input: { url: string; options: FetchOptions }; output: PageResult };
  /** An uploaded .ics file, read into events (src/lib/ical-import.ts). */
  'parse-calendar': { input: { bytes: Uint8Array; options: ParseOptions }; output: ParseResult };
  /** An association's iCalendar address: fetched whole with the safe fetcher, then read like a file. */
  'fetch-calendar': { input: { url: string; fetch: WholeFetchOptions; parse: ParseOptions }; output: FeedResult };
}

/** A feed that could not be fetched says why ('timeout', 'http' with its status, …); one that came is read like a file. */
export type FeedResult = ParseResult | { ok: false; error: 'fetch'; detail: string; status: number | null };

async function fetchCalendar({ url, fetch, parse }: OffLoopJobs['fetch-calendar']['input']): Promise<FeedResult> {
  const answer = await fetchWhole(url, fetch);
  if (!answer.ok) return { ok: false, error: 'fetch', detail: answer.error, status: answer.status };
  return parseCalendar(answer.body, parse);
}

export type OffLoopJobName = keyof OffLoopJobs;

export const offLoopJobs: { [K in OffLoopJobName]: (input: OffLoopJobs[K]['input']) => Promise<OffLoopJobs[K]['output']> } = {
  'fetch-page': ({ url, options }) => fetchPage(url, options),
  'parse-calendar': async ({ bytes, options }) => parseCalendar(bytes, options),
  'fetch-calendar': fetchCalendar,
};
