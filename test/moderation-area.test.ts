import { beforeAll, describe, expect, it } from 'vitest';
import { postForm, signIn, testApp } from './helpers.js';

// The moderator area is one sub-app mounted at /moderering with its guard inside. These
// tests go through every route the app has registered under that prefix, so a route added
// later is covered without being listed here.

type TestApp = Awaited<ReturnType<typeof testApp>>;
let app: TestApp['app'];
let moderator: { cookie: string; csrf: string };

/** The path of a route with its parameters filled in (regex-constrained ones by a value that fits). */
function concrete(path: string): string {
  return path
    .replace(/:decision\{godkjenn\|avvis\}/, 'godkjenn')
    .replace(/:decision\{behandlet\|avvis\}/, 'behandlet')
    .replace(/:[a-z]+/g, '1');
}

function moderationRoutes(method: string): string[] {
  const paths = app.routes.filter((r) => r.method === method && r.path.startsWith('/moderering') && !r.path.endsWith('*')).map((r) => concrete(r.path));
  return [...new Set(paths)];
}

describe('the moderator area', () => {
  beforeAll(async () => {
    const built = await testApp();
    app = built.app;
    moderator = await signIn(built.db, { email: 'mod@example.no', role: 'moderator', municipalities: ['1806'] });
  });

  it('has its pages registered under /moderering (so the lists below are not empty)', () => {
    expect(moderationRoutes('GET')).toEqual(
      expect.arrayContaining(['/moderering', '/moderering/lag/1', '/moderering/brukere', '/moderering/steder', '/moderering/lenkesjekk', '/moderering/utboks']),
    );
    expect(moderationRoutes('POST')).toEqual(
      expect.arrayContaining([
        '/moderering/innsending/1/godkjenn',
        '/moderering/krav/1/godkjenn',
        '/moderering/feilmelding/1/behandlet',
        '/moderering/lenke/1/ignorer',
        '/moderering/brukere/1',
      ]),
    );
  });

  it('sends an anonymous GET of every page in it to the sign-in page', async () => {
    for (const path of moderationRoutes('GET')) {
      const response = await app.request(path);
      expect({ path, status: response.status, location: response.headers.get('Location') }).toEqual({
        path,
        status: 303,
        location: `/logg-inn?neste=${encodeURIComponent(path)}`,
      });
    }
  });

  it('refuses an anonymous POST to every action in it with 401', async () => {
    for (const path of moderationRoutes('POST')) {
      const { status } = await postForm(app, path, { version: '1' });
      expect({ path, status }).toEqual({ path, status: 401 });
    }
  });

  it('refuses a signed-in POST without the CSRF token with 403 before any handler runs', async () => {
    for (const path of moderationRoutes('POST')) {
      const { status } = await postForm(app, path, { version: '1' }, { Cookie: moderator.cookie });
      expect({ path, status }).toEqual({ path, status: 403 });
    }
  });

  it('keeps a moderator out of every admin-only page, and every path below it', async () => {
    const adminOnly = ['/moderering/brukere', '/moderering/kategorier', '/moderering/regioner', '/moderering/tekster', '/moderering/utboks'];
    for (const path of [...adminOnly, '/moderering/brukere/1', '/moderering/tekster/ukjent']) {
      const response = await app.request(path, { headers: { Cookie: moderator.cookie } });
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
  });

  it('guards a path under the prefix that no route answers, too', async () => {
    const response = await app.request('/moderering/finnes-ikke');
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/logg-inn?neste=%2Fmoderering%2Ffinnes-ikke');
  });
});
