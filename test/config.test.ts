import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration from the environment', () => {
  it('has defaults that start a local site with demo data', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dbPath: 'data/lagportal.db',
      demoData: true,
      baseUrl: 'http://127.0.0.1:3000',
      regions: ['nord-troms', 'midt-troms', 'narvikregionen'],
      logLevel: 'info',
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
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dbPath: '/var/lib/lagportal/db.sqlite',
      demoData: false,
      baseUrl: 'https://lag.example.no',
      regions: ['narvikregionen', 'nord-troms'],
    });
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
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('lists every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', DEMO_DATA: '2' })).toThrow(/PORT[\s\S]*DEMO_DATA/);
  });
});
