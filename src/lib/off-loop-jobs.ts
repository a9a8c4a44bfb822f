import { type FetchOptions, type PageResult, fetchPage } from './link-checker.js';

// The jobs the off-loop worker thread (./off-loop.ts) can run: anything that fetches and
// parses content from other sites, whose size and shape we do not control. Each takes and
// returns plain data (structured-cloneable), since it crosses a thread boundary. A calendar
// feed import adds its fetch-and-parse job here.

export interface OffLoopJobs {
  /** One link checker page: fetched, redirects followed, the title and parked-ness found. */
  'fetch-page': { input: { url: string; options: FetchOptions }; output: PageResult };
}

export type OffLoopJobName = keyof OffLoopJobs;

export const offLoopJobs: { [K in OffLoopJobName]: (input: OffLoopJobs[K]['input']) => Promise<OffLoopJobs[K]['output']> } = {
  'fetch-page': ({ url, options }) => fetchPage(url, options),
};
