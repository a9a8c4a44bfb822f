import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { DB } from '../src/db/sqlite.js';
import { createUser } from '../src/db/users.js';
import { approveSubmission } from '../src/db/moderation.js';
import { association, get, movableClock, postForm, signIn, testApp, text } from './helpers.js';

// Accounts: enabling a disabled moderator again, "forgot password" with a one-time link, and
// a moderator's own account page (digest choice, password, recent decisions).

let app: App;
let db: DB;
let clock: ReturnType<typeof movableClock>;
const OLD_PASSWORD = 'et langt og trygt passord';
const NEW_PASSWORD = 'et helt nytt og langt passord';

beforeEach(async () => {
  clock = movableClock();
  ({ app, db } = await testApp(
    (ref) => [association(ref, { name: 'Ventende Kor', status: 'pending', contactEmail: 'kor@example.no' })],
    {},
    { clock: clock.now },
  ));
});

async function signInByForm(email: string, password: string) {
  return postForm(app, '/logg-inn', { email, password });
}

async function resetLinkFor(email: string): Promise<string> {
  const mail = await db.selectFrom('outbox').select(['text_body']).where('recipient', '=', email).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const match = /https:\/\/lag\.example\.no(\/logg-inn\/nytt-passord\/[A-Za-z0-9_-]{43})/.exec(mail.text_body);
  if (!match) throw new Error(`no reset link in:\n${mail.text_body}`);
  return match[1]!;
}

describe('enabling a disabled moderator', () => {
  it('lets an admin enable the account from the users page, with an audit entry', async () => {
    const admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
    const kari = await createUser(db, { email: 'kari@example.no', role: 'moderator', municipalities: ['1806'], password: OLD_PASSWORD }, clock.now());
    expect((await postForm(app, `/moderering/brukere/${kari.id}/deaktiver`, { csrf: admin.csrf }, { Cookie: admin.cookie })).status).toBe(303);
    expect((await signInByForm('kari@example.no', OLD_PASSWORD)).status).toBe(401);

    const page = await get(app, '/moderering/brukere', { Cookie: admin.cookie });
    const form = page.doc.querySelector(`form[action="/moderering/brukere/${kari.id}/aktiver"]`);
    expect(text(form?.querySelector('button'))).toBe('Aktiver igjen');

    const enabled = await postForm(app, `/moderering/brukere/${kari.id}/aktiver`, { csrf: admin.csrf }, { Cookie: admin.cookie });
    expect(enabled.status).toBe(303);
    expect(enabled.response.headers.get('Location')).toBe('/moderering/brukere?melding=enabled');
    const after = await get(app, '/moderering/brukere?melding=enabled', { Cookie: admin.cookie });
    expect(text(after.doc.querySelector('[role="status"]'))).toBe('Brukeren er aktivert igjen og kan logge inn.');
    expect((await signInByForm('kari@example.no', OLD_PASSWORD)).status).toBe(303);
    const audit = await db.selectFrom('audit_log').select(['action', 'user_id']).where('action', 'in', ['user-disable', 'user-enable']).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'user-disable', user_id: admin.userId },
      { action: 'user-enable', user_id: admin.userId },
    ]);
  });

  it('refuses a moderator who tries to enable anyone', async () => {
    const moderator = await signIn(db, { email: 'ola@example.no', role: 'moderator', municipalities: ['1806'] });
    const kari = await createUser(db, { email: 'kari@example.no', role: 'moderator', municipalities: ['1806'], password: OLD_PASSWORD }, clock.now());
    await db.updateTable('users').set({ disabled_at: clock.now().toISOString() }).where('id', '=', kari.id).execute();
    expect((await postForm(app, `/moderering/brukere/${kari.id}/aktiver`, { csrf: moderator.csrf }, { Cookie: moderator.cookie })).status).toBe(403);
    expect((await db.selectFrom('users').select('disabled_at').where('id', '=', kari.id).executeTakeFirstOrThrow()).disabled_at).not.toBeNull();
  });
});

describe('forgot password', () => {
  beforeEach(async () => {
    await createUser(db, { email: 'kari@example.no', role: 'moderator', municipalities: ['1806'], password: OLD_PASSWORD }, clock.now());
  });

  it('is linked from the sign-in page', async () => {
    const { doc } = await get(app, '/logg-inn');
    expect(text(doc.querySelector('a[href="/logg-inn/glemt"]'))).toBe('Glemt passordet?');
  });

  it('gives the same answer whether the address is known or not, and mails only a known one', async () => {
    const known = await postForm(app, '/logg-inn/glemt', { email: 'Kari@Example.no' });
    const unknown = await postForm(app, '/logg-inn/glemt', { email: 'nobody@example.no' });
    expect(known.status).toBe(303);
    expect(unknown.status).toBe(303);
    expect(known.response.headers.get('Location')).toBe('/logg-inn/glemt?sendt=1');
    expect(unknown.response.headers.get('Location')).toBe('/logg-inn/glemt?sendt=1');
    const page = await get(app, '/logg-inn/glemt?sendt=1');
    expect(text(page.doc.querySelector('[role="status"]'))).toContain('Hvis adressen har en bruker hos oss, har vi sendt en lenke dit.');

    const mail = await db.selectFrom('outbox').select(['recipient', 'subject', 'text_body']).execute();
    expect(mail.map((m) => m.recipient)).toEqual(['kari@example.no']);
    expect(mail[0]!.subject).toBe('Nytt passord for Lagportal');
    expect(mail[0]!.text_body).toContain('Lenken virker i én time og bare én gang.');
    // Only the hash of the token is stored.
    const link = await resetLinkFor('kari@example.no');
    const stored = await db.selectFrom('password_resets').select('token_hash').executeTakeFirstOrThrow();
    expect(link).not.toContain(stored.token_hash);
  });

  it('explains a missing or malformed address next to the field, keeping what was typed', async () => {
    const missing = await postForm(app, '/logg-inn/glemt', { email: '' });
    expect(missing.status).toBe(422);
    expect(text(missing.doc.querySelector('#forgot-email-error'))).toBe('Skriv inn e-postadressen din.');
    const malformed = await postForm(app, '/logg-inn/glemt', { email: 'kari-at-example' });
    expect(malformed.status).toBe(422);
    expect(malformed.doc.querySelector('#forgot-email')?.getAttribute('value')).toBe('kari-at-example');
  });

  it('limits requests per address, known or not', async () => {
    for (let i = 0; i < 3; i++) expect((await postForm(app, '/logg-inn/glemt', { email: 'kari@example.no' })).status).toBe(303);
    const limited = await postForm(app, '/logg-inn/glemt', { email: 'kari@example.no' });
    expect(limited.status).toBe(429);
    expect(text(limited.doc.querySelector('#forgot-email-error'))).toBe('For mange forespørsler om nytt passord. Vent en time og prøv igjen.');
    for (let i = 0; i < 3; i++) await postForm(app, '/logg-inn/glemt', { email: 'nobody@example.no' });
    expect((await postForm(app, '/logg-inn/glemt', { email: 'nobody@example.no' })).status).toBe(429);
    expect(await db.selectFrom('outbox').select('id').execute()).toHaveLength(3);
    // An hour later it works again.
    clock.advance(61 * 60 * 1000);
    expect((await postForm(app, '/logg-inn/glemt', { email: 'kari@example.no' })).status).toBe(303);
  });

  it('sets a new password through the link, ends every session, and refuses the link a second time', async () => {
    const session = await signInByForm('kari@example.no', OLD_PASSWORD);
    const cookie = session.response.headers.get('Set-Cookie')!.split(';')[0]!;
    expect((await get(app, '/moderering', { Cookie: cookie })).status).toBe(200);

    await postForm(app, '/logg-inn/glemt', { email: 'kari@example.no' });
    const link = await resetLinkFor('kari@example.no');
    const form = await get(app, link);
    expect(form.status).toBe(200);
    expect(form.response.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(text(form.doc.querySelector('h1'))).toBe('Velg nytt passord');

    const mismatch = await postForm(app, link, { password: NEW_PASSWORD, repeat: 'noe annet' });
    expect(mismatch.status).toBe(422);
    expect(text(mismatch.doc.querySelector('#reset-repeat-error'))).toBe('Passordene er ikke like. Skriv det nye passordet likt to ganger.');
    const short = await postForm(app, link, { password: 'kort', repeat: 'kort' });
    expect(text(short.doc.querySelector('#reset-password-error'))).toBe('Det nye passordet må ha minst 12 tegn.');

    const done = await postForm(app, link, { password: NEW_PASSWORD, repeat: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect(done.response.headers.get('Location')).toBe('/logg-inn?melding=passord-endret');
    expect(text((await get(app, '/logg-inn?melding=passord-endret')).doc.querySelector('[role="status"]'))).toBe(
      'Passordet er byttet, og alle øktene dine er avsluttet. Logg inn med det nye passordet.',
    );
    // The old session is gone, the old password no longer works, the new one does.
    expect((await get(app, '/moderering', { Cookie: cookie })).status).toBe(303);
    expect(await db.selectFrom('sessions').select('user_id').execute()).toEqual([]);
    expect((await signInByForm('kari@example.no', OLD_PASSWORD)).status).toBe(401);
    expect((await signInByForm('kari@example.no', NEW_PASSWORD)).status).toBe(303);

    const reused = await get(app, link);
    expect(reused.status).toBe(410);
    expect(text(reused.doc.querySelector('h1'))).toBe('Lenken er allerede brukt');
    const reusedPost = await postForm(app, link, { password: 'enda et nytt langt passord', repeat: 'enda et nytt langt passord' });
    expect(reusedPost.status).toBe(410);
    expect((await signInByForm('kari@example.no', NEW_PASSWORD)).status).toBe(303);
  });

  it('refuses an expired link clearly, and an unknown one', async () => {
    await postForm(app, '/logg-inn/glemt', { email: 'kari@example.no' });
    const link = await resetLinkFor('kari@example.no');
    clock.advance(60 * 60 * 1000 + 1000);
    const expired = await get(app, link);
    expect(expired.status).toBe(410);
    expect(text(expired.doc.querySelector('h1'))).toBe('Lenken er utløpt');
    expect(expired.doc.querySelector('main a[href="/logg-inn/glemt"], a[href="/logg-inn/glemt"]')).not.toBeNull();
    expect((await postForm(app, link, { password: NEW_PASSWORD, repeat: NEW_PASSWORD })).status).toBe(410);
    expect((await signInByForm('kari@example.no', OLD_PASSWORD)).status).toBe(303);

    const unknown = await get(app, '/logg-inn/nytt-passord/' + 'x'.repeat(43));
    expect(unknown.status).toBe(404);
    expect(text(unknown.doc.querySelector('h1'))).toBe('Fant ikke lenken');
  });

  it('sends no link to a disabled account', async () => {
    await db.updateTable('users').set({ disabled_at: clock.now().toISOString() }).where('email', '=', 'kari@example.no').execute();
    expect((await postForm(app, '/logg-inn/glemt', { email: 'kari@example.no' })).status).toBe(303);
    expect(await db.selectFrom('outbox').select('id').execute()).toEqual([]);
  });
});

describe('the account page', () => {
  it('shows the moderator’s own recent decisions and the digest choice, daily by default', async () => {
    const kari = await signIn(db, { email: 'kari@example.no', role: 'moderator', municipalities: ['1806'] });
    const kor = await db.selectFrom('associations').select(['id', 'version']).executeTakeFirstOrThrow();
    await approveSubmission(db, { associationId: kor.id, version: kor.version, userId: kari.userId, now: clock.now() });

    const { status, doc } = await get(app, '/moderering/konto', { Cookie: kari.cookie });
    expect(status).toBe(200);
    expect(text(doc.querySelector('h1'))).toBe('Min konto');
    expect(doc.querySelector('input[name="digest"][checked]')?.getAttribute('value')).toBe('daily');
    const rows = doc.querySelectorAll('table.decisions tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => text(td)));
    expect(rows).toEqual([['23. november 2026', 'Godkjente registreringen', 'Ventende Kor']]);
    expect(doc.querySelector('nav.admin-nav a[aria-current="page"]')?.getAttribute('href')).toBe('/moderering/konto');
  });

  it('saves weekly or off, and refuses anything else with 422', async () => {
    const kari = await signIn(db, { email: 'kari@example.no', role: 'moderator', municipalities: ['1806'] });
    const saved = await postForm(app, '/moderering/konto/varsler', { csrf: kari.csrf, digest: 'weekly' }, { Cookie: kari.cookie });
    expect(saved.status).toBe(303);
    const page = await get(app, '/moderering/konto?melding=varsler', { Cookie: kari.cookie });
    expect(text(page.doc.querySelector('[role="status"]'))).toBe('Valget er lagret.');
    expect(page.doc.querySelector('input[name="digest"][checked]')?.getAttribute('value')).toBe('weekly');
    const bad = await postForm(app, '/moderering/konto/varsler', { csrf: kari.csrf, digest: 'hourly' }, { Cookie: kari.cookie });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector('#digest-error'))).toBe('Velg hvor ofte du vil ha oversikten.');
    expect((await db.selectFrom('users').select('digest_frequency').where('id', '=', kari.userId).executeTakeFirstOrThrow()).digest_frequency).toBe('weekly');
    expect((await postForm(app, '/moderering/konto/varsler', { digest: 'off' }, { Cookie: kari.cookie })).status).toBe(403);
  });

  it('changes the password with the current one, keeping this session and ending the others', async () => {
    await createUser(db, { email: 'kari@example.no', role: 'moderator', municipalities: ['1806'], password: OLD_PASSWORD }, clock.now());
    const cookieOf = (r: Awaited<ReturnType<typeof signInByForm>>) => r.response.headers.get('Set-Cookie')!.split(';')[0]!;
    const here = cookieOf(await signInByForm('kari@example.no', OLD_PASSWORD));
    const elsewhere = cookieOf(await signInByForm('kari@example.no', OLD_PASSWORD));
    const page = await get(app, '/moderering/konto', { Cookie: here });
    const csrf = page.doc.querySelector('form[action="/moderering/konto/passord"] input[name="csrf"]')!.getAttribute('value')!;

    const wrong = await postForm(
      app,
      '/moderering/konto/passord',
      { csrf, current: 'feil passord her', password: NEW_PASSWORD, repeat: NEW_PASSWORD },
      { Cookie: here },
    );
    expect(wrong.status).toBe(422);
    expect(text(wrong.doc.querySelector('#account-current-error'))).toBe('Det nåværende passordet er feil.');

    const changed = await postForm(
      app,
      '/moderering/konto/passord',
      { csrf, current: OLD_PASSWORD, password: NEW_PASSWORD, repeat: NEW_PASSWORD },
      { Cookie: here },
    );
    expect(changed.status).toBe(303);
    const fresh = changed.response.headers.get('Set-Cookie')!.split(';')[0]!;
    expect(fresh).not.toBe(here);
    expect(text((await get(app, '/moderering/konto?melding=passord', { Cookie: fresh })).doc.querySelector('[role="status"]'))).toBe(
      'Passordet er byttet. Du er logget ut overalt ellers.',
    );
    expect((await get(app, '/moderering', { Cookie: elsewhere })).status).toBe(303);
    expect((await get(app, '/moderering', { Cookie: here })).status).toBe(303);
    expect((await signInByForm('kari@example.no', NEW_PASSWORD)).status).toBe(303);
  });
});
