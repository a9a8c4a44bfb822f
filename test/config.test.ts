import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration from the environment', () => {
  it('has defaults that start a local site with demo data', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dbPath: 'data/lagportal.db',
      databaseUrl: undefined,
      databasePoolSize: 10,
      demoData: true,
      baseUrl: 'http://127.0.0.1:3000',
      regions: ['nord-troms', 'midt-troms', 'narvikregionen'],
      logLevel: 'info',
      defaultLanguage: 'nb',
      smtpUrl: undefined,
      outboxDir: 'data/outbox',
      outboxKeepDays: 30,
      mailFrom: 'Lagportal <noreply@127.0.0.1>',
      minFillSeconds: 3,
      submissionsPerHour: 10,
      editLinkDays: 30,
      reportsPerHour: 5,
      contactMessagesPerHour: 5,
      mailsPerRecipientPerHour: 3,
      trustedProxies: [],
      sessionIdleMinutes: 120,
      sessionMaxHours: 12,
      loginSlowdownMs: 250,
      linkCheckTimeoutMs: 10_000,
      linkCheckConcurrency: 4,
      linkCheckAllowPrivate: false,
      embedFrameAncestors: ['*'],
      sitemapUrlsPerFile: 50_000,
      responseCache: true,
      eventsRequireApproval: false,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DB_PATH: '/var/lib/lagportal/db.sqlite',
      DEMO_DATA: '0',
      BASE_URL: 'https://lag.example.no/',
      REGIONS: 'narvikregionen, nord-troms',
      RESPONSE_CACHE: 'off',
    });
    expect(config).toMatchObject({
      responseCache: false,
      port: 8080,
      host: '0.0.0.0',
      dbPath: '/var/lib/lagportal/db.sqlite',
      demoData: false,
      baseUrl: 'https://lag.example.no',
      regions: ['narvikregionen', 'nord-troms'],
    });
  });

  it('reads the sites allowed to frame the embed, separated by spaces or commas', () => {
    expect(loadConfig({ EMBED_FRAME_ANCESTORS: 'https://www.narvik.kommune.no, https://*.senja.kommune.no:8443' }).embedFrameAncestors).toEqual([
      'https://www.narvik.kommune.no',
      'https://*.senja.kommune.no:8443',
    ]);
  });

  it('reads the trusted proxies, separated by commas or spaces', () => {
    expect(loadConfig({ TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8 ::1,2001:db8::/32' }).trustedProxies).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      '2001:db8::/32',
    ]);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', DEMO_DATA: ' ' }).port).toBe(3000);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be a whole number \(got "abc"\)/],
    [{ PORT: '70000' }, /PORT must be between 1 and 65535/],
    [{ DEMO_DATA: 'yes' }, /DEMO_DATA must be 0 or 1/],
    [{ BASE_URL: 'ftp://example.no' }, /BASE_URL must be an absolute http\(s\) URL/],
    [{ BASE_URL: 'lag.example.no' }, /BASE_URL must be an absolute http\(s\) URL/],
    [{ REGIONS: 'Nord Troms' }, /REGIONS must be region slugs/],
    [{ HOST: 'bad host!' }, /HOST must be a host name/],
    [{ SMTP_URL: 'http://mail.example.no' }, /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/],
    [{ MIN_FILL_SECONDS: '-1' }, /MIN_FILL_SECONDS must be a whole number/],
    [{ SUBMISSIONS_PER_HOUR: '0' }, /SUBMISSIONS_PER_HOUR must be between 1 and 100000/],
    [{ EDIT_LINK_DAYS: '1000' }, /EDIT_LINK_DAYS must be between 1 and 365/],
    [{ MAIL_FROM: 'nobody' }, /MAIL_FROM must be an address/],
    [{ SESSION_IDLE_MINUTES: '4' }, /SESSION_IDLE_MINUTES must be between 5 and 1440/],
    [{ SESSION_MAX_HOURS: '0' }, /SESSION_MAX_HOURS must be between 1 and 720 \(got "0"\)/],
    [{ SESSION_MAX_HOURS: 'a day' }, /SESSION_MAX_HOURS must be a whole number/],
    [{ TRUST_PROXY: '1' }, /TRUST_PROXY is no longer supported: list the addresses of your reverse proxies in TRUSTED_PROXIES instead/],
    [{ TRUST_PROXY: '0' }, /TRUST_PROXY is no longer supported/],
    [{ TRUSTED_PROXIES: '10.0.0.0/33' }, /TRUSTED_PROXIES must be IP addresses or CIDR ranges/],
    [{ TRUSTED_PROXIES: 'proxy.example.no' }, /TRUSTED_PROXIES must be IP addresses or CIDR ranges/],
    [{ LOGIN_SLOWDOWN_MS: '5001' }, /LOGIN_SLOWDOWN_MS must be between 0 and 5000/],
    [{ EMBED_FRAME_ANCESTORS: "https://kommune.no 'unsafe-inline'" }, /EMBED_FRAME_ANCESTORS must be \* or origins/],
    [{ EMBED_FRAME_ANCESTORS: 'https://kommune.no; script-src *' }, /EMBED_FRAME_ANCESTORS must be \* or origins/],
    [{ SITEMAP_URLS_PER_FILE: '50001' }, /SITEMAP_URLS_PER_FILE must be between 1 and 50000/],
    [{ RESPONSE_CACHE: 'yes' }, /RESPONSE_CACHE must be on or off/],
    [{ DEFAULT_LANG: 'no' }, /DEFAULT_LANG must be nb \(Bokmål\), nn \(Nynorsk\) or en \(English\) \(got "no"\)/],
    [{ DATABASE_URL: 'mysql://lag@db.example.no/lagportal' }, /DATABASE_URL must be a postgres:\/\/ URL/],
    [
      { DATABASE_URL: 'postgres://lag@db.example.no' },
      /DATABASE_URL must be a postgres:\/\/ URL, such as postgres:\/\/lagportal:password@db.example.no:5432\/lagportal \(got "postgres:\/\/lag@db.example.no"\)/,
    ],
    [{ DATABASE_URL: 'db.example.no/lagportal' }, /DATABASE_URL must be a postgres:\/\/ URL/],
    [{ DATABASE_POOL_SIZE: '0' }, /DATABASE_POOL_SIZE must be between 1 and 100 \(got "0"\)/],
    [{ DATABASE_POOL_SIZE: 'many' }, /DATABASE_POOL_SIZE must be a whole number/],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('takes a postgres:// or postgresql:// DATABASE_URL and its pool size', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://lag:hemmelig@db.example.no:5432/lagportal', DATABASE_POOL_SIZE: '20' })).toMatchObject({
      databaseUrl: 'postgres://lag:hemmelig@db.example.no:5432/lagportal',
      databasePoolSize: 20,
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://db.example.no/lagportal?sslmode=require' }).databaseUrl).toBe(
      'postgresql://db.example.no/lagportal?sslmode=require',
    );
  });

  it('never repeats the password of a refused DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://lag:hemmelig@db.example.no' })).toThrow('(got "postgres://lag:***@db.example.no")');
    expect(() => loadConfig({ DATABASE_URL: 'postgres://lag:hemmelig@db.example.no' })).not.toThrow(/hemmelig/);
  });

  it('lists every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', DEMO_DATA: '2' })).toThrow(/PORT[\s\S]*DEMO_DATA/);
  });
});
