import { isIP } from 'node:net';
import { z } from 'zod';
import type { Language } from './i18n/index.js';

/** Regions featured on the front page unless REGIONS says otherwise. */
export const DEFAULT_REGIONS = ['nord-troms', 'midt-troms', 'narvikregionen'] as const;

const flag = z.enum(['0', '1'], { message: 'must be 0 or 1' }).transform((v) => v === '1');

const envSchema = z.object({
  PORT: wholeNumber(1, 65535).default(3000),
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:[\]-]+$/, { message: 'must be a host name or an IP address' })
    .default('127.0.0.1'),
  DB_PATH: z.string().min(1, { message: 'must not be empty' }).default('data/lagportal.db'),
  DATABASE_URL: z
    .string()
    .refine(isPostgresUrl, { message: 'must be a postgres:// URL, such as postgres://lagportal:password@db.example.no:5432/lagportal' })
    .optional(),
  DATABASE_POOL_SIZE: wholeNumber(1, 100).default(10),
  DEMO_DATA: flag.default(true),
  BASE_URL: z
    .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL, such as https://lag.example.no' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  REGIONS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(z.string().regex(/^[a-z0-9-]+$/, { message: 'must be region slugs separated by commas' })).min(1, { message: 'must name at least one region' }),
    )
    .default([...DEFAULT_REGIONS]),
  DEFAULT_LANG: z.enum(['nb', 'nn', 'en'], { message: 'must be nb (Bokmål), nn (Nynorsk) or en (English)' }).default('nb'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BENCH_STATS_FILE: z.string().min(1).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, message: 'must be an smtp:// or smtps:// URL, such as smtp://user:password@mail.example.no:587' }).optional(),
  OUTBOX_DIR: z.string().min(1, { message: 'must not be empty' }).default('data/outbox'),
  OUTBOX_KEEP_DAYS: wholeNumber(1, 3650).default(30),
  MAIL_FROM: z
    .string()
    .regex(/^[^\r\n]*<?[^\s@<>]+@[^\s@<>]+>?$/, { message: 'must be an address such as "Lagportal <noreply@lag.example.no>"' })
    .optional(),
  MIN_FILL_SECONDS: wholeNumber(0, 3600).default(3),
  SUBMISSIONS_PER_HOUR: wholeNumber(1, 100_000).default(10),
  EDIT_LINK_DAYS: wholeNumber(1, 365).default(30),
  REPORTS_PER_HOUR: wholeNumber(1, 100_000).default(5),
  CONTACT_MESSAGES_PER_HOUR: wholeNumber(1, 100_000).default(5),
  MAILS_PER_RECIPIENT_PER_HOUR: wholeNumber(1, 100_000).default(3),
  // Replaced by TRUSTED_PROXIES: "1" trusted whatever a client wrote into X-Forwarded-For.
  // Still read, so that a deployment that sets it stops with a message instead of silently
  // counting every visitor as its proxy.
  TRUST_PROXY: z
    .string()
    .refine(() => false, {
      message: 'is no longer supported: list the addresses of your reverse proxies in TRUSTED_PROXIES instead, e.g. TRUSTED_PROXIES=127.0.0.1',
    })
    .optional(),
  TRUSTED_PROXIES: z
    .string()
    .transform((s) => s.split(/[\s,]+/).filter(Boolean))
    .pipe(
      z.array(
        z.string().refine(isAddressOrCidr, {
          message: 'must be IP addresses or CIDR ranges of your proxies, such as 127.0.0.1, 10.0.0.0/8 or ::1, separated by commas or spaces',
        }),
      ),
    )
    .default([]),
  SESSION_IDLE_MINUTES: wholeNumber(5, 1440).default(120),
  SESSION_MAX_HOURS: wholeNumber(1, 720).default(12),
  LOGIN_SLOWDOWN_MS: wholeNumber(0, 5000).default(250),
  LINK_CHECK_TIMEOUT_MS: wholeNumber(100, 120_000).default(10_000),
  LINK_CHECK_CONCURRENCY: wholeNumber(1, 32).default(4),
  LINK_CHECK_ALLOW_PRIVATE: flag.default(false),
  EMBED_FRAME_ANCESTORS: z
    .string()
    .transform((s) => s.split(/[\s,]+/).filter(Boolean))
    .pipe(
      z
        .array(
          z.string().regex(/^(\*|https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?)$/, {
            message: 'must be * or origins such as https://www.narvik.kommune.no, separated by spaces',
          }),
        )
        .min(1, { message: 'must name at least one origin, or *' }),
    )
    .default(['*']),
  SITEMAP_URLS_PER_FILE: wholeNumber(1, 50_000).default(50_000),
  RESPONSE_CACHE: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  EVENTS_REQUIRE_APPROVAL: flag.default(false),
  // Long and random: it is the only thing between the internet and the site's internals.
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{32,}$/, { message: 'must be at least 32 visible ASCII characters without spaces, e.g. from `openssl rand -hex 32`' })
    .optional(),
});

/** "203.0.113.7", "10.0.0.0/8", "::1", "2001:db8::/32": an address, or a network with a prefix that fits its family. */
function isAddressOrCidr(text: string): boolean {
  const [address = '', prefix, ...rest] = text.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function wholeNumber(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, { message: 'must be a whole number' })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `must be between ${min} and ${max}` });
}

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  /** A postgres:// URL: PostgreSQL instead of the SQLite file at dbPath. */
  databaseUrl: string | undefined;
  /** Connections in the PostgreSQL pool. */
  databasePoolSize: number;
  demoData: boolean;
  /** Public origin without a trailing slash; used for absolute links and cookie security. */
  baseUrl: string;
  /** Region slugs whose municipalities the front page lists, in this order. */
  regions: string[];
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** The site's language for visitors who have not chosen one (a Nynorsk municipality sets nn). */
  defaultLanguage: Language;
  /** For `npm run bench`: where the server writes its event-loop delay and memory figures on SIGUSR2 and when it stops. */
  benchStatsFile: string | undefined;
  /** Outgoing mail goes over SMTP when set; otherwise to .eml files in outboxDir. */
  smtpUrl: string | undefined;
  outboxDir: string;
  /** .eml files in outboxDir are deleted after this many days. */
  outboxKeepDays: number;
  mailFrom: string;
  /** A form sent sooner than this after it was shown is taken for a bot. */
  minFillSeconds: number;
  /** Registrations (and edit-link requests) accepted per client address per hour. */
  submissionsPerHour: number;
  editLinkDays: number;
  /** Error reports ("meld feil") accepted per client address per hour. */
  reportsPerHour: number;
  /** Contact-form messages accepted per client address per hour. */
  contactMessagesPerHour: number;
  /** Mails that public forms may cause to one address per hour, whoever sends them (per form). */
  mailsPerRecipientPerHour: number;
  /**
   * Addresses and CIDR ranges of the reverse proxies in front of the site. X-Forwarded-For is
   * read only when the connection comes from one of them (src/lib/client-address.ts).
   */
  trustedProxies: string[];
  /** A moderator session unused for this long ends; they sign in again. */
  sessionIdleMinutes: number;
  /** A moderator session ends this long after sign-in however busy it is. */
  sessionMaxHours: number;
  /** Each failed sign-in for an email or address makes the next answer this much slower (up to 10×). */
  loginSlowdownMs: number;
  /** The link checker gives up on a link (all its redirects included) after this long. */
  linkCheckTimeoutMs: number;
  /** Links the checker fetches at the same time. */
  linkCheckConcurrency: number;
  /** Let the link checker fetch loopback and private addresses (tests, intranets); off by default. */
  linkCheckAllowPrivate: boolean;
  /** Who may show /embed/lag in a frame: CSP frame-ancestors sources ("*" or origins). */
  embedFrameAncestors: string[];
  /** At most this many URLs in one sitemap file (the protocol's limit is 50,000). */
  sitemapUrlsPerFile: number;
  /** Keep anonymous public pages in memory until the next write (src/lib/response-cache.ts). */
  responseCache: boolean;
  /** New and changed activities and events wait for a moderator instead of showing at once. */
  eventsRequireApproval: boolean;
  /** The bearer token that /metrics asks for; unset, /metrics does not exist (404). */
  metricsToken: string | undefined;
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '' && url.pathname.length > 1;
  } catch {
    return false;
  }
}

/** A database URL fit for a log line or an error message: the password replaced by ***. */
export function withoutPassword(value: string): string {
  try {
    const url = new URL(value);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    // Not a URL at all: still hide whatever sits between "user:" and "@".
    return value.replace(/:[^:@/]*@/, ':***@');
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the configuration from environment variables. Empty values count as unset so that
 * `PORT= npm start` behaves like leaving PORT out.
 * @throws ConfigError listing every bad variable, e.g. "PORT must be between 1 and 65535 (got "70000")".
 */
/** The names of every setting, for checking examples and docs against. */
export function settingNames(): string[] {
  return Object.keys(envSchema.shape);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(
    Object.keys(envSchema.shape)
      .map((key) => [key, env[key]?.trim()])
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      const got = key === 'DATABASE_URL' ? withoutPassword(String(raw[key])) : raw[key];
      return `  ${key} ${issue.message} (got ${JSON.stringify(got)})`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const hostForUrl = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  const baseUrl = e.BASE_URL ?? `http://${hostForUrl.includes(':') ? `[${hostForUrl}]` : hostForUrl}:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    dbPath: e.DB_PATH,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    demoData: e.DEMO_DATA,
    baseUrl,
    regions: e.REGIONS,
    logLevel: e.LOG_LEVEL,
    defaultLanguage: e.DEFAULT_LANG,
    benchStatsFile: e.BENCH_STATS_FILE,
    smtpUrl: e.SMTP_URL,
    outboxDir: e.OUTBOX_DIR,
    outboxKeepDays: e.OUTBOX_KEEP_DAYS,
    mailFrom: e.MAIL_FROM ?? `Lagportal <noreply@${new URL(baseUrl).hostname}>`,
    minFillSeconds: e.MIN_FILL_SECONDS,
    submissionsPerHour: e.SUBMISSIONS_PER_HOUR,
    editLinkDays: e.EDIT_LINK_DAYS,
    reportsPerHour: e.REPORTS_PER_HOUR,
    contactMessagesPerHour: e.CONTACT_MESSAGES_PER_HOUR,
    mailsPerRecipientPerHour: e.MAILS_PER_RECIPIENT_PER_HOUR,
    trustedProxies: e.TRUSTED_PROXIES,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    loginSlowdownMs: e.LOGIN_SLOWDOWN_MS,
    linkCheckTimeoutMs: e.LINK_CHECK_TIMEOUT_MS,
    linkCheckConcurrency: e.LINK_CHECK_CONCURRENCY,
    linkCheckAllowPrivate: e.LINK_CHECK_ALLOW_PRIVATE,
    embedFrameAncestors: e.EMBED_FRAME_ANCESTORS,
    sitemapUrlsPerFile: e.SITEMAP_URLS_PER_FILE,
    responseCache: e.RESPONSE_CACHE === 'on',
    eventsRequireApproval: e.EVENTS_REQUIRE_APPROVAL,
    metricsToken: e.METRICS_TOKEN,
  };
}
