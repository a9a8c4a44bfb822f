import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../src/db/users.js';
import { SESSION_COOKIE } from '../src/routes/auth.js';
import { association, formToken, get, insert, movableClock, postForm, text } from './helpers.js';
import { nodeOn, sharedDatabaseFile } from './nodes-helpers.js';

// Two app instances on one database file stand for two nodes behind a load balancer: each
// has its own connection, caches and memory, and shares only the database. Whatever a
// visitor or an attacker does must count the same whichever node answers.

const PASSWORD = 'et langt og trygt passord';
let clock: ReturnType<typeof movableClock>;
let a: Awaited<ReturnType<typeof nodeOn>>;
let b: Awaited<ReturnType<typeof nodeOn>>;

beforeEach(async () => {
  clock = movableClock();
  const path = sharedDatabaseFile();
  a = await nodeOn(path, { REPORTS_PER_HOUR: '2' }, clock.now);
  b = await nodeOn(path, { REPORTS_PER_HOUR: '2' }, clock.now);
  await insert(a.db, a.reference, [association(a.reference, { name: 'Narvik Turlag' })]);
  await createUser(a.db, { email: 'kari@example.no', name: 'Kari', role: 'admin', password: PASSWORD }, clock.now());
});

afterEach(async () => {
  await a.close();
  await b.close();
});

type Node = typeof a;

function login(node: Node, password: string) {
  return postForm(node.app, '/logg-inn', { email: 'kari@example.no', password });
}

function sessionCookieOf(response: Response): string {
  const match = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(response.headers.get('Set-Cookie') ?? '');
  if (!match) throw new Error('no session cookie');
  return `${SESSION_COOKIE}=${match[1]}`;
}

describe('two nodes on one database', () => {
  it('lock an account after five failed sign-ins spread over both nodes', async () => {
    const statuses: number[] = [];
    for (const node of [a, b, a, b, a]) statuses.push((await login(node, 'feil passord her')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // The sixth try is refused on either node, even with the right password.
    const locked = await login(b, PASSWORD);
    expect(locked.status).toBe(429);
    expect(text(locked.doc.querySelector('.error-summary'))).toContain('For mange forsøk');
    expect((await login(a, PASSWORD)).status).toBe(429);
  }, 60_000);

  it('accept a session made on one node on the other, and end it on both at sign-out', async () => {
    const signedIn = await login(a, PASSWORD);
    expect(signedIn.status).toBe(303);
    const cookie = sessionCookieOf(signedIn.response);
    const onB = await get(b.app, '/moderering', { Cookie: cookie });
    expect(onB.status).toBe(200);
    const csrf = onB.doc.querySelector('input[name="csrf"]')?.getAttribute('value');
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await postForm(b.app, '/logg-ut', { csrf: csrf! }, { Cookie: cookie })).status).toBe(303);
    const afterSignOut = await a.app.request('/moderering', { headers: { Cookie: cookie } });
    expect(afterSignOut.status).toBe(303);
    expect(afterSignOut.headers.get('Location')).toBe('/logg-inn?neste=%2Fmoderering');
  }, 60_000);

  it('count a form rate limit over both nodes', async () => {
    const report = async (node: Node) => {
      const page = await get(node.app, '/lag/narvik-turlag/meld-feil');
      clock.advance(5_000);
      return postForm(node.app, '/lag/narvik-turlag/meld-feil', {
        form_token: formToken(page.doc),
        kind: 'wrong_info',
        message: 'Treningene er flyttet.',
        email: '',
      });
    };
    expect((await report(a)).status).toBe(303);
    expect((await report(b)).status).toBe(303);
    // REPORTS_PER_HOUR=2 from this client, whichever node took the first two.
    expect((await report(a)).status).toBe(429);
    expect((await report(b)).status).toBe(429);
    expect(await a.db.selectFrom('reports').select('id').execute()).toHaveLength(2);
  });

  it("drop a node's cached pages at the first request after a write on the other node", async () => {
    expect((await b.app.request('/lag')).headers.get('X-Cache')).toBeNull();
    const cached = await get(b.app, '/lag');
    expect(cached.response.headers.get('X-Cache')).toBe('hit');
    expect(cached.body).not.toContain('Senja Skiklubb');
    await insert(a.db, a.reference, [association(a.reference, { name: 'Senja Skiklubb', municipalityNumber: '5530' })]);
    const fresh = await get(b.app, '/lag');
    expect(fresh.response.headers.get('X-Cache')).toBeNull();
    expect(fresh.body).toContain('Senja Skiklubb');
  });

  it('refuse a form token on one node that was spent on the other', async () => {
    const page = await get(a.app, '/lag/narvik-turlag/meld-feil');
    clock.advance(5_000);
    const fields = { form_token: formToken(page.doc), kind: 'wrong_info', message: 'Treningene er flyttet.', email: '' };
    expect((await postForm(a.app, '/lag/narvik-turlag/meld-feil', fields)).status).toBe(303);
    const again = await postForm(b.app, '/lag/narvik-turlag/meld-feil', fields);
    expect(again.status).toBe(422);
    expect(await a.db.selectFrom('reports').select('id').execute()).toHaveLength(1);
  });
});
