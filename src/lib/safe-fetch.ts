import { type Answer, CheckError, DEFAULT_MAX_REDIRECTS, REDIRECT_STATUSES, describeError, redirectTarget, refuseUnsafeUrl, sendGet } from './link-checker.js';

// The link checker's safe fetcher (src/lib/link-checker.ts) for documents we read whole, such
// as an association's iCalendar feed: the same refusal of private and loopback addresses (by
// name, by literal address, and after DNS at connection time), the same ports, redirects
// followed one by one up to a limit, and one timeout over the whole chain. Unlike the link
// checker, which only needs a page's head and truncates, a body over the byte limit is an
// error here: half a calendar would import as a calendar that lost its later events.

export interface WholeFetchOptions {
  /** The whole fetch, every redirect included, is abandoned after this long. */
  timeoutMs: number;
  userAgent: string;
  /** Bodies larger than this are refused ('too-large'), never cut short. */
  maxBytes: number;
  /** Connect to loopback and private networks and any port: only ever set explicitly (tests, intranets). */
  allowPrivate: boolean;
  maxRedirects?: number;
  /** The Accept header. */
  accept?: string;
}

export type WholeFetchResult =
  | { ok: true; finalUrl: string; status: number; contentType: string; body: Uint8Array }
  /** `error`: 'bad-url', 'not-http', 'private-address', 'port', 'timeout', 'dns', 'refused', 'tls', 'too-large', 'too-many-redirects', 'redirect-loop', 'http', 'network', … */
  | { ok: false; finalUrl: string | null; status: number | null; error: string };

/** One GET, no redirects followed; the body is read only for a final answer, and refused past maxBytes. */
function getOnce(url: URL, options: Required<WholeFetchOptions>, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    sendGet(
      url,
      { allowPrivate: options.allowPrivate, headers: { 'User-Agent': options.userAgent, Accept: options.accept, 'Accept-Encoding': 'identity' }, signal },
      (response, { status, location, contentType }) => {
        if ((REDIRECT_STATUSES.includes(status) && location !== null) || status >= 400) {
          response.destroy();
          resolve({ status, location, contentType, body: Buffer.alloc(0) });
          return;
        }
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          // Rejected first: destroying the response emits its own errors, which must not win.
          reject(new CheckError('too-large'));
          response.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            reject(new CheckError('too-large'));
            response.destroy();
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status, location, contentType, body: Buffer.concat(chunks, size) }));
        response.on('error', reject);
        response.on('aborted', () => reject(new CheckError('network')));
      },
      reject,
    );
  });
}

/**
 * Fetches a document whole, following up to maxRedirects redirects by hand. Never throws:
 * failures come back as `{ ok: false, error }`.
 */
export async function fetchWhole(url: string, fetchOptions: WholeFetchOptions): Promise<WholeFetchResult> {
  const options: Required<WholeFetchOptions> = { maxRedirects: DEFAULT_MAX_REDIRECTS, accept: '*/*', ...fetchOptions };
  const signal = AbortSignal.timeout(options.timeoutMs);
  const chain: string[] = [];
  let status: number | null = null;
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { ok: false, finalUrl: null, status: null, error: 'bad-url' };
  }
  try {
    for (let redirects = 0; ; redirects++) {
      refuseUnsafeUrl(current, options.allowPrivate);
      if (current.username || current.password) throw new CheckError('credentials');
      current.hash = '';
      chain.push(current.href);
      const answer = await getOnce(current, options, signal);
      status = answer.status;
      const next = redirectTarget(answer, current, chain, redirects, options.maxRedirects);
      if (next !== null) {
        current = next;
        continue;
      }
      if (answer.status < 200 || answer.status >= 300) return { ok: false, finalUrl: current.href, status, error: 'http' };
      return { ok: true, finalUrl: current.href, status, contentType: answer.contentType, body: new Uint8Array(answer.body) };
    }
  } catch (err) {
    return { ok: false, finalUrl: chain.at(-1) ?? null, status, error: describeError(err, signal) };
  }
}
