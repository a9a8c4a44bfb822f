import { lookup as dnsLookup } from 'node:dns';
import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { BlockList, type LookupFunction, isIP } from 'node:net';
import { distance } from 'fastest-levenshtein';
import { expandIPv6 } from './client-address.js';
import type { LinkProblem } from '../db/types.js';

// Checks that the website links of associations still lead somewhere that looks like the
// association: not dead, not redirected to someone else's domain, not parked or taken over.
// Fetching goes through node:http rather than fetch() so that the checker can refuse
// private addresses at connection time (after DNS, so a hostname cannot point it inside),
// follow redirects one by one, and stop reading a body after a set number of bytes.

export interface FetchOptions {
  /** The whole check of one link, every redirect included, is abandoned after this long. */
  timeoutMs: number;
  /** Sent with every request, naming the site so that webmasters know who is asking. */
  userAgent: string;
  /** Let the checker connect to loopback and private networks (tests, intranets). */
  allowPrivate: boolean;
  maxRedirects?: number;
  /** How much of a page is read to find its title. */
  maxBytes?: number;
}

export interface CheckOptions extends FetchOptions {
  /** Links fetched at the same time. */
  concurrency: number;
  /** Stamps each result; tests pass a fixed clock. */
  clock: () => Date;
}

/** What came back from one URL, after following its redirects. */
export interface PageResult {
  url: string;
  /** Every URL requested, the first one included. */
  chain: string[];
  finalUrl: string | null;
  /** Status of the last answer; null when no answer came. */
  status: number | null;
  title: string | null;
  /** Why no usable answer came: 'timeout', 'dns', 'refused', 'redirect-loop', … */
  error: string | null;
  /** The page says the domain is for sale or parked. */
  parked: boolean;
}

export interface LinkToCheck {
  associationId: number;
  /** The association's name, which the page title is compared with. */
  name: string;
  url: string;
  /** Social media pages have titles of their own (login walls); only their status counts. */
  checkTitle: boolean;
}

export interface LinkResult extends LinkToCheck {
  page: PageResult;
  problem: LinkProblem | null;
  detail: string | null;
  checkedAt: string;
}

export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_MAX_BYTES = 256 * 1024;

/** The User-Agent the checker sends: who we are and where to read about us. */
export function linkCheckerUserAgent(baseUrl: string): string {
  return `Lagportal-lenkesjekk/1.0 (+${baseUrl}; checks that association websites still work)`;
}

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  // ::/96 holds :: and ::1 and the deprecated IPv4-compatible addresses (::10.0.0.1).
  ['::', 96],
  // NAT64 for local use only (RFC 8215).
  ['64:ff9b:1::', 48],
  // Teredo: tunnels to an IPv4 address we cannot judge.
  ['2001::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

/**
 * The IPv4 address an IPv6 address stands for, where it is a way of reaching one: mapped
 * (::ffff:a.b.c.d), translated (::ffff:0:a.b.c.d, RFC 2765), NAT64 (64:ff9b::a.b.c.d,
 * RFC 6052) or 6to4 (2002:aabb:ccdd::, RFC 3056). A gateway would connect to that IPv4
 * address, so it is judged instead.
 */
function embeddedIPv4(groups: string[]): string | null {
  const n = groups.map((g) => parseInt(g, 16));
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zero = (from: number, to: number) => n.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && n[5] === 0xffff) return v4(n[6]!, n[7]!);
  if (zero(0, 4) && n[4] === 0xffff && n[5] === 0) return v4(n[6]!, n[7]!);
  if (n[0] === 0x64 && n[1] === 0xff9b && zero(2, 6)) return v4(n[6]!, n[7]!);
  if (n[0] === 0x2002) return v4(n[1]!, n[2]!);
  return null;
}

/** True for loopback, private, link-local, multicast and other addresses not on the internet. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return PRIVATE.check(bare, 'ipv4');
  if (family !== 6) return false;
  const groups = expandIPv6(bare);
  const inner = embeddedIPv4(groups);
  if (inner !== null) return PRIVATE.check(inner, 'ipv4');
  return PRIVATE.check(groups.join(':'), 'ipv6');
}

/** The only ports a public website is fetched on; others are how a checker probes services. */
export const WEB_PORTS = new Set(['', '80', '443']);

export class CheckError extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** Resolves like dns.lookup, but refuses names that resolve to a private address. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, options, (err, address, family) => {
    if (err) return callback(err, address as string, family);
    const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
    if (addresses.some(isPrivateAddress)) return callback(new CheckError('private-address') as NodeJS.ErrnoException, address as string, family);
    callback(null, address as string, family);
  });
};

export function describeError(err: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'timeout';
  if (err instanceof CheckError) return err.detail;
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'EPROTO') return 'tls';
  if (code === 'HPE_HEADER_OVERFLOW' || code.startsWith('HPE_')) return 'bad-response';
  return 'network';
}

/** The statuses that redirect; the fetchers follow them by hand, one hop at a time. */
export const REDIRECT_STATUSES: readonly number[] = [301, 302, 303, 307, 308];

/** The head of one answer: its status, where it redirects to, and what it says it is. */
export interface AnswerHead {
  status: number;
  location: string | null;
  contentType: string;
}

/** One answer, no redirects followed, with as much of its body as the fetcher read. */
export interface Answer extends AnswerHead {
  body: Buffer;
}

/**
 * Sends one GET to `url`, no redirects followed, through guardedLookup unless private
 * addresses are allowed; `onResponse` reads the answer. What goes wrong before an answer
 * comes goes to `onError`. The link checker and the whole-document fetcher (safe-fetch.ts)
 * send every request through here.
 */
export function sendGet(
  url: URL,
  request: { allowPrivate: boolean; headers: OutgoingHttpHeaders; signal: AbortSignal },
  onResponse: (response: IncomingMessage, head: AnswerHead) => void,
  onError: (err: Error) => void,
): void {
  const transport = url.protocol === 'https:' ? https : http;
  const sent = transport.request(
    url,
    {
      method: 'GET',
      // A fresh connection per request keeps the concurrency limit honest and leaves no
      // idle sockets behind on sites we visit once.
      agent: false,
      signal: request.signal,
      lookup: request.allowPrivate ? undefined : guardedLookup,
      headers: request.headers,
    },
    (response) =>
      onResponse(response, {
        status: response.statusCode ?? 0,
        location: response.headers.location ?? null,
        contentType: response.headers['content-type'] ?? '',
      }),
  );
  sent.on('error', onError);
  sent.end();
}

/**
 * Refuses (with a CheckError) an address no fetch may go to: one that is not http(s), a
 * private or loopback host (unless allowed), or a port other than the web's.
 */
export function refuseUnsafeUrl(url: URL, allowPrivate: boolean): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CheckError('not-http');
  if (!allowPrivate && (isPrivateAddress(url.hostname) || url.hostname.toLowerCase() === 'localhost')) throw new CheckError('private-address');
  if (!allowPrivate && !WEB_PORTS.has(url.port)) throw new CheckError('port');
}

/**
 * Where a redirecting answer leads (without its fragment), or null when the answer does not
 * redirect. Refuses a hop back into `chain` (the addresses asked so far) and one past
 * `maxRedirects`.
 */
export function redirectTarget(answer: AnswerHead, current: URL, chain: readonly string[], redirects: number, maxRedirects: number): URL | null {
  if (answer.location === null || !REDIRECT_STATUSES.includes(answer.status)) return null;
  const next = new URL(answer.location, current);
  next.hash = '';
  if (chain.includes(next.href)) throw new CheckError('redirect-loop');
  if (redirects >= maxRedirects) throw new CheckError('too-many-redirects');
  return next;
}

/** One GET, no redirects followed; reads at most maxBytes of the body. */
function getOnce(url: URL, options: Required<FetchOptions>, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = {
      'User-Agent': options.userAgent,
      Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
      'Accept-Language': 'nb,no;q=0.9,en;q=0.5',
    };
    sendGet(
      url,
      { allowPrivate: options.allowPrivate, headers, signal },
      (response, { status, location, contentType }) => {
        const isRedirect = REDIRECT_STATUSES.includes(status) && location !== null;
        const wantsBody = !isRedirect && (contentType === '' || /html|xml|text\/plain/i.test(contentType));
        if (!wantsBody) {
          response.destroy();
          resolve({ status, location, contentType, body: Buffer.alloc(0) });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => resolve({ status, location, contentType, body: Buffer.concat(chunks, Math.min(size, options.maxBytes)) });
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= options.maxBytes) {
            response.destroy();
            finish();
          }
        });
        response.on('end', finish);
        response.on('error', (err) => (size > 0 ? finish() : reject(err)));
      },
      reject,
    );
  });
}

/**
 * Fetches a URL, following up to maxRedirects redirects by hand, and reports the chain, the
 * final status and the page title. Never throws: failures are in `error`.
 * @example await fetchPage('https://kor.example.no/', { timeoutMs: 10_000, userAgent: 'x', allowPrivate: false })
 */
export async function fetchPage(url: string, fetchOptions: FetchOptions): Promise<PageResult> {
  const options: Required<FetchOptions> = { maxRedirects: DEFAULT_MAX_REDIRECTS, maxBytes: DEFAULT_MAX_BYTES, ...fetchOptions };
  const result: PageResult = { url, chain: [], finalUrl: null, status: null, title: null, error: null, parked: false };
  const signal = AbortSignal.timeout(options.timeoutMs);
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { ...result, error: 'bad-url' };
  }
  try {
    for (let redirects = 0; ; redirects++) {
      refuseUnsafeUrl(current, options.allowPrivate);
      current.hash = '';
      result.chain.push(current.href);
      result.finalUrl = current.href;
      const answer = await getOnce(current, options, signal);
      result.status = answer.status;
      const next = redirectTarget(answer, current, result.chain, redirects, options.maxRedirects);
      if (next !== null) {
        current = next;
        continue;
      }
      const text = decodeBody(answer.body, answer.contentType);
      result.title = pageTitle(text);
      result.parked = looksParked(result.title, text);
      return result;
    }
  } catch (err) {
    return { ...result, error: describeError(err, signal) };
  }
}

function decodeBody(body: Buffer, contentType: string): string {
  const declared =
    /charset\s*=\s*["']?([\w-]+)/i.exec(contentType)?.[1] ?? /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  shy: '',
  aelig: 'æ',
  AElig: 'Æ',
  oslash: 'ø',
  Oslash: 'Ø',
  aring: 'å',
  Aring: 'Å',
  auml: 'ä',
  Auml: 'Ä',
  ouml: 'ö',
  Ouml: 'Ö',
  uuml: 'ü',
  Uuml: 'Ü',
  eacute: 'é',
  Eacute: 'É',
  egrave: 'è',
  ndash: '–',
  mdash: '—',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  middot: '·',
  bull: '•',
  hellip: '…',
  copy: '©',
  reg: '®',
  trade: '™',
  vert: '|',
  verbar: '|',
};

/** Replaces HTML character references (named, decimal, hex) with the characters they stand for. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

/** A title belongs in a page's head: only this much of the page is looked through for it. */
export const TITLE_SCAN_CHARS = 32 * 1024;
/** Title text beyond this is never shown (300 characters are kept), so it is not read either. */
const MAX_RAW_TITLE = 4 * 1024;

/**
 * The text of a page's first <title>, entities decoded and white space folded; null if none.
 * A plain left-to-right scan of the first TITLE_SCAN_CHARS, so the time it takes grows with
 * that length only: a regular expression with a lazy body was quadratic on a page made of
 * nothing but "<title", and one hostile site could hold up the whole server.
 */
export function pageTitle(html: string): string | null {
  const head = html.slice(0, TITLE_SCAN_CHARS);
  // ASCII letters only, so that every index still points at the same character in `head`.
  const lower = head.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  let from = 0;
  let open = -1;
  for (;;) {
    open = lower.indexOf('<title', from);
    if (open < 0) return null;
    const next = lower[open + 6];
    // "<title>" or "<title lang=…>", not "<titlebar>".
    if (next === '>' || next === '/' || (next !== undefined && /\s/.test(next))) break;
    from = open + 6;
  }
  const start = lower.indexOf('>', open + 6);
  if (start < 0) return null;
  const end = lower.indexOf('</title', start + 1);
  if (end < 0) return null;
  const title = decodeEntities(withoutTags(head.slice(start + 1, Math.min(end, start + 1 + MAX_RAW_TITLE))))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
  return title || null;
}

/** Drops everything from each "<" to the next ">" (or to the end), in one pass. */
function withoutTags(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const lt = text.indexOf('<', from);
    if (lt < 0) return out + text.slice(from);
    out += text.slice(from, lt);
    const gt = text.indexOf('>', lt + 1);
    if (gt < 0) return out;
    from = gt + 1;
  }
}

/** Phrases in a title that mean the domain is parked or for sale. */
const PARKED_TITLE = [
  'for sale',
  'til salgs',
  'domain for sale',
  'domain is for sale',
  'this domain',
  'buy this domain',
  'domain may be for sale',
  'domain parking',
  'parked domain',
  'parked free',
  'domene til salgs',
  'domenet er til salgs',
  'dette domenet',
  'domenet er registrert',
  'hugedomains',
  'sedo',
  'dan.com',
  'afternic',
  'coming soon',
];
/** Phrases strong enough to count in the body of a page as well. */
const PARKED_BODY = [
  'this domain is for sale',
  'buy this domain',
  'domain may be for sale',
  'this domain is parked',
  'domenet er til salgs',
  'sedoparking.com',
  'hugedomains.com',
];

function looksParked(title: string | null, html: string): boolean {
  const t = (title ?? '').toLowerCase();
  if (PARKED_TITLE.some((phrase) => t.includes(phrase))) return true;
  const body = html.toLowerCase();
  return PARKED_BODY.some((phrase) => body.includes(phrase));
}

/** Second-level suffixes under which every name belongs to someone different. */
const SHARED_SUFFIXES = new Set([
  'co.uk',
  'org.uk',
  'ac.uk',
  'gov.uk',
  'me.uk',
  'com.au',
  'net.au',
  'org.au',
  'co.nz',
  'org.nz',
  'co.jp',
  'com.br',
  'co.za',
  'priv.no',
  'kommune.no',
  'co.no',
  'github.io',
  'netlify.app',
  'vercel.app',
  'wixsite.com',
  'blogspot.com',
  'wordpress.com',
]);

/**
 * The part of a host name its owner registered, approximately (no full public suffix list):
 * the last two labels, or three under a shared suffix such as co.uk or kommune.no.
 * @example registrableDomain('www.narvik.kommune.no') === 'narvik.kommune.no'
 */
export function registrableDomain(host: string): string {
  const h = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (isIP(h) || !h.includes('.')) return h;
  const labels = h.split('.');
  const lastTwo = labels.slice(-2).join('.');
  if (labels.length >= 3 && SHARED_SUFFIXES.has(lastTwo)) return labels.slice(-3).join('.');
  return lastTwo;
}

/** Words that say nothing about which association a page belongs to. */
const GENERIC_WORDS = new Set([
  'og',
  'i',
  'pa',
  'for',
  'av',
  'til',
  'med',
  'the',
  'of',
  'and',
  'a',
  'in',
  'on',
  'hjem',
  'home',
  'forside',
  'forsiden',
  'startside',
  'hovedside',
  'velkommen',
  'welcome',
  'index',
  'side',
  'nettside',
  'hjemmeside',
  'website',
  'page',
  'lag',
  'laget',
  'forening',
  'foreningen',
  'idrettslag',
  'idrettslaget',
  'il',
  'klubb',
  'klubben',
  'club',
  'sk',
  'fk',
  'ik',
  'bk',
  'sportsklubb',
  'ballklubb',
]);

/** Lower case, æ/ø/å folded to ae/o/a, accents dropped, everything else split into words. */
export function foldWords(text: string): string[] {
  return text
    .toLowerCase()
    .replaceAll('æ', 'ae')
    .replaceAll('ø', 'o')
    .replaceAll('å', 'a')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replaceAll('aa', 'a')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** How Norwegian clubs shorten their kind in initials: Narvik Idrettslag is NIL. */
const ABBREVIATIONS: Record<string, string> = {
  idrettslag: 'il',
  il: 'il',
  idrettsforening: 'if',
  if: 'if',
  idrettsklubb: 'ik',
  ik: 'ik',
  sportsklubb: 'sk',
  skiklubb: 'sk',
  sk: 'sk',
  fotballklubb: 'fk',
  fk: 'fk',
  ballklubb: 'bk',
  bk: 'bk',
  turnforening: 'tf',
};

function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - distance(a, b) / longest;
}

/**
 * True when a page title could belong to the association: a distinctive word of its name
 * (or a close spelling, or its initials) is in the title, or the two are similar overall.
 * Titles with only generic words ("Hjem", "Forside") cannot tell, so they count as resembling.
 * @example titleResembles('Velkommen til Narvik Turlag!', 'Narvik turlag') === true
 */
export function titleResembles(title: string, name: string): boolean {
  const titleWords = foldWords(title);
  const nameWords = foldWords(name);
  const distinctive = (w: string) => w.length >= 3 && !GENERIC_WORDS.has(w);
  if (!titleWords.some(distinctive) || !nameWords.some(distinctive)) return true;
  const titleCompact = titleWords.join('');
  const nameCompact = nameWords.join('');
  if (titleCompact.includes(nameCompact) || (titleCompact.length >= 4 && nameCompact.includes(titleCompact))) return true;
  for (const n of nameWords.filter(distinctive)) {
    for (const t of titleWords) {
      if (t === n || (n.length >= 4 && (t.startsWith(n) || (n.startsWith(t) && t.length >= 4))) || (n.length >= 4 && similarity(t, n) >= 0.8)) return true;
    }
  }
  const initials = nameWords
    .filter((w) => !['og', 'i', 'pa', 'for', 'av', 'til'].includes(w))
    .map((w) => ABBREVIATIONS[w] ?? w[0])
    .join('');
  if (initials.length >= 2 && titleWords.includes(initials)) return true;
  return similarity(titleCompact, nameCompact) >= 0.6;
}

/** Judges a fetched page against the link it came from. The first problem found wins. */
export function assessLink(page: PageResult, link: Pick<LinkToCheck, 'url' | 'name' | 'checkTitle'>): { problem: LinkProblem | null; detail: string | null } {
  if (page.error) return { problem: 'dead', detail: page.error };
  if (page.status === null || page.status >= 400) return { problem: 'dead', detail: `http-${page.status ?? 0}` };
  if (page.parked) return { problem: 'parked', detail: page.title };
  const from = registrableDomain(new URL(link.url).hostname);
  const to = page.finalUrl ? registrableDomain(new URL(page.finalUrl).hostname) : from;
  if (from !== to) return { problem: 'elsewhere', detail: to };
  if (link.checkTitle && page.title && !titleResembles(page.title, link.name)) return { problem: 'title', detail: page.title };
  return { problem: null, detail: null };
}

/** Runs `work` over `items` with at most `limit` running at once, keeping the order of results. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Checks links, each distinct URL fetched once however many associations share it, with at
 * most `concurrency` requests at a time. `onChecked` gets the results of each URL as soon as
 * it is judged, so a long run that is stopped keeps what it has done.
 */
export async function checkLinks(
  links: LinkToCheck[],
  options: CheckOptions & {
    onChecked?: (results: LinkResult[]) => Promise<void>;
    /** How a page is fetched and read: here by default; runLinkCheck hands it to the off-loop worker. */
    fetch?: (url: string, options: FetchOptions) => Promise<PageResult>;
  },
): Promise<LinkResult[]> {
  const fetchOne = options.fetch ?? fetchPage;
  const fetchOptions: FetchOptions = {
    timeoutMs: options.timeoutMs,
    userAgent: options.userAgent,
    allowPrivate: options.allowPrivate,
    ...(options.maxRedirects !== undefined ? { maxRedirects: options.maxRedirects } : {}),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
  };
  const byUrl = new Map<string, LinkToCheck[]>();
  for (const link of links) byUrl.set(link.url, [...(byUrl.get(link.url) ?? []), link]);
  const results = new Map<LinkToCheck, LinkResult>();
  await pool([...byUrl.keys()], options.concurrency, async (url) => {
    const page = await fetchOne(url, fetchOptions);
    const checkedAt = options.clock().toISOString();
    const group = byUrl.get(url)!;
    const judged = group.map((link) => ({ ...link, page, ...assessLink(page, link), checkedAt }));
    group.forEach((link, i) => results.set(link, judged[i]!));
    await options.onChecked?.(judged);
  });
  return links.map((link) => results.get(link)!);
}
