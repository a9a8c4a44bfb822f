import { describe, expect, it } from 'vitest';
import { ORIGIN, association, signIn, testApp } from './helpers.js';

// Every response carries the same security headers: pages, fragments, errors, static files,
// JSON, redirects and form answers alike.

function expectSecurityHeaders(response: Response, where: string) {
  const csp = response.headers.get('Content-Security-Policy') ?? '';
  expect(csp, where).toContain("default-src 'self'");
  expect(csp, where).toContain("script-src 'self'");
  expect(csp, where).not.toContain('unsafe-inline');
  expect(csp, where).not.toContain('unsafe-eval');
  expect(csp, where).toContain("frame-ancestors 'none'");
  expect(csp, where).toContain("form-action 'self'");
  expect(response.headers.get('X-Content-Type-Options'), where).toBe('nosniff');
  expect(response.headers.get('Referrer-Policy'), where).toMatch(/^(strict-origin-when-cross-origin|same-origin)$/);
  expect(response.headers.get('X-Frame-Options'), where).toBe('SAMEORIGIN');
}

describe('security headers', () => {
  it('are on every kind of response, with HSTS under https', async () => {
    const { app, db } = await testApp((reference) => [association(reference, { name: 'Narvik Fotballklubb' })]);
    const moderator = await signIn(db, { email: 'mod@example.no', role: 'admin' });
    const requests: [string, RequestInit][] = [
      ['/', {}],
      ['/lag?q=fotball', {}],
      ['/lag?q=fotball', { headers: { 'HX-Request': 'true' } }],
      ['/lag?kommune=abc', {}],
      ['/lag/narvik-fotballklubb', {}],
      ['/finnes-ikke', {}],
      ['/healthz', {}],
      ['/static/style.css', {}],
      ['/registrer', {}],
      [
        '/registrer',
        { method: 'POST', body: new URLSearchParams({ name: 'x' }), headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' } },
      ],
      ['/endre', {}],
      ['/logg-inn', {}],
      ['/moderering', {}],
      ['/moderering', { headers: { Cookie: moderator.cookie } }],
      ['/lag.csv?kommune=1806', {}],
      ['/lag.csv?skilletegn=semikolon', {}],
      ['/lag.json?q=fotball', {}],
      ['/lag.csv?kommune=abc', {}],
      ['/api/v1/organizations', {}],
      ['/api/v1/organizations?per_page=1000', {}],
      ['/api/v1/organizations/1', {}],
      ['/api/v1/organizations/999999', {}],
      ['/api/v1/taxonomy_terms', {}],
      ['/api/v1/municipalities', {}],
      ['/api/v1/regions', {}],
      ['/api/v1/openapi.json', {}],
      ['/api/v1/organizations', { method: 'OPTIONS', headers: { Origin: 'https://kommune.example.no', 'Access-Control-Request-Method': 'GET' } }],
      ['/om/deling', {}],
      ['/kommune/1806/nye.atom', {}],
      ['/sitemap.xml', {}],
      ['/sitemap-lag-1.xml', {}],
      ['/robots.txt', {}],
      ['/embed/tema.css?farge=000000', {}],
    ];
    for (const [path, init] of requests) {
      const response = await app.request(path, init);
      const where = `${init.method ?? 'GET'} ${path}`;
      expectSecurityHeaders(response, where);
      expect(response.headers.get('Strict-Transport-Security'), where).toContain('max-age=');
    }
  });

  it('let other sites frame the embed and nothing else, with the rest of the policy unchanged', async () => {
    const { app } = await testApp((reference) => [association(reference, { name: 'Narvik Fotballklubb' })]);
    for (const path of ['/embed/lag', '/embed/lag?kommune=1806&kategori=idrett', '/embed/lag?kommune=abc']) {
      const response = await app.request(path);
      const csp = response.headers.get('Content-Security-Policy') ?? '';
      expect(csp, path).toContain('frame-ancestors *');
      expect(csp, path).not.toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("style-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(response.headers.get('X-Frame-Options'), path).toBeNull();
      expect(response.headers.get('X-Content-Type-Options'), path).toBe('nosniff');
    }
    // Only the exact path: neighbours and look-alikes keep refusing frames.
    for (const path of ['/embed', '/embed/lag/', '/embed/lagx', '/embed/tema.css', '/om/deling']) {
      expectSecurityHeaders(await app.request(path), path);
    }
  });

  it('leaves HSTS out on plain http, where it would do harm', async () => {
    const { app } = await testApp(() => [], { BASE_URL: 'http://127.0.0.1:3000' });
    const response = await app.request('/');
    expectSecurityHeaders(response, 'GET /');
    expect(response.headers.get('Strict-Transport-Security')).toBeNull();
  });

  it('never caches pages for a signed-in moderator', async () => {
    const { app, db } = await testApp();
    const moderator = await signIn(db, { email: 'mod@example.no', role: 'admin' });
    for (const path of ['/', '/lag', '/moderering']) {
      const response = await app.request(path, { headers: { Cookie: moderator.cookie } });
      expect(response.headers.get('Cache-Control'), path).toContain('no-store');
    }
  });
});
