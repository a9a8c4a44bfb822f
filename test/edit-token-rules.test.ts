import { describe, expect, it } from 'vitest';
import type { DB } from '../src/db/sqlite.js';
import { createEditToken, findPossibleDuplicates, requestRemoval, takeAttempt } from '../src/db/submissions.js';
import { NOW, association, formToken, get, movableClock, postForm, testApp, text } from './helpers.js';

// The rules behind an association's private edit link and its own requests, at their edges
// (found by mutation testing, docs/testing.md). The whole path is in test/edit.test.ts.

const DAY = 24 * 60 * 60 * 1000;

async function entry(db: DB, name: string) {
  return db.selectFrom('associations').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
}

async function harness() {
  const clock = movableClock();
  const built = await testApp(
    (reference) => [
      association(reference, { name: 'Narvik Sjakklubb', contactName: 'Ola', contactEmail: 'ola@example.no' }),
      association(reference, { name: 'Ventende Sangkor', status: 'pending', contactEmail: 'ola@example.no' }),
      association(reference, { name: 'Nedlagt Turlag', status: 'archived', contactEmail: 'ola@example.no' }),
      association(reference, { name: 'Ankenes Skiklubb', contactEmail: 'kari@example.no' }),
    ],
    { EDIT_LINK_DAYS: '30' },
    { clock: clock.now },
  );
  return { ...built, clock };
}

describe('an edit link', () => {
  it('works until the millisecond it expires, EDIT_LINK_DAYS after it was made', async () => {
    const { app, db, clock } = await harness();
    const sjakk = await entry(db, 'Narvik Sjakklubb');
    const token = await createEditToken(db, sjakk.id, NOW, 30);
    const stored = await db.selectFrom('edit_tokens').select(['created_at', 'expires_at', 'revoked_at']).where('association_id', '=', sjakk.id).execute();
    expect(stored).toEqual([{ created_at: '2026-11-23T12:00:00.000Z', expires_at: '2026-12-23T12:00:00.000Z', revoked_at: null }]);
    clock.advance(30 * DAY - 1);
    const last = await get(app, `/endre/${token}`);
    expect(last.status).toBe(200);
    expect(last.response.headers.get('Cache-Control')).toBe('no-store');
    expect(last.response.headers.get('Referrer-Policy')).toBe('same-origin');
    clock.advance(1);
    const gone = await get(app, `/endre/${token}`);
    expect(gone.status).toBe(410);
    expect(gone.response.headers.get('Cache-Control')).toBe('no-store');
  });

  it('stops working for an archived entry, and an older link stops when a new one is made', async () => {
    const { app, db } = await harness();
    const archived = await entry(db, 'Nedlagt Turlag');
    expect((await get(app, `/endre/${await createEditToken(db, archived.id, NOW, 30)}`)).status).toBe(410);
    const sjakk = await entry(db, 'Narvik Sjakklubb');
    const kari = await entry(db, 'Ankenes Skiklubb');
    const older = await createEditToken(db, sjakk.id, NOW, 30);
    const others = await createEditToken(db, kari.id, NOW, 30);
    const newer = await createEditToken(db, sjakk.id, NOW, 30);
    expect((await get(app, `/endre/${older}`)).status).toBe(410);
    expect((await get(app, `/endre/${newer}`)).status).toBe(200);
    // Only that entry's links are revoked.
    expect((await get(app, `/endre/${others}`)).status).toBe(200);
    expect(await db.selectFrom('edit_tokens').select('revoked_at').where('association_id', '=', sjakk.id).orderBy('id').execute()).toEqual([
      { revoked_at: '2026-11-23T12:00:00.000Z' },
      { revoked_at: null },
    ]);
  });

  it('stores only the SHA-256 of the link, never the link', async () => {
    const { db } = await harness();
    const sjakk = await entry(db, 'Narvik Sjakklubb');
    const token = await createEditToken(db, sjakk.id, NOW, 30);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { createHash } = await import('node:crypto');
    expect(await db.selectFrom('edit_tokens').select('token_hash').execute()).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);
  });

  it('says what was done only for the four things a link can do', async () => {
    const { app, db } = await harness();
    const token = await createEditToken(db, (await entry(db, 'Narvik Sjakklubb')).id, NOW, 30);
    expect((await get(app, `/endre/${token}?ferdig=confirmed`)).body).toContain('Takk! Opplysningene er bekreftet.');
    expect((await get(app, `/endre/${token}?ferdig=saved-for-review`)).body).toContain('Takk! Endringene er lagret og venter på godkjenning.');
    const bogus = await get(app, `/endre/${token}?ferdig=toString`);
    expect(bogus.status).toBe(200);
    expect(bogus.body).not.toContain('Takk!');
  });
});

describe('what an association asks for through its link', () => {
  it('asks for removal once, however often the button is pressed', async () => {
    const { db } = await harness();
    const sjakk = await entry(db, 'Narvik Sjakklubb');
    await requestRemoval(db, sjakk.id, NOW);
    await requestRemoval(db, sjakk.id, new Date(NOW.getTime() + DAY));
    expect(await db.selectFrom('revisions').select(['kind', 'status', 'created_at']).where('association_id', '=', sjakk.id).execute()).toEqual([
      { kind: 'removal', status: 'pending', created_at: '2026-11-23T12:00:00.000Z' },
    ]);
  });

  it('confirms only a published entry: a pending one is neither confirmed nor audited', async () => {
    const { app, db, clock } = await harness();
    const pending = await entry(db, 'Ventende Sangkor');
    const token = await createEditToken(db, pending.id, NOW, 30);
    const page = await get(app, `/endre/${token}`);
    clock.advance(DAY);
    const confirm = await postForm(app, `/endre/${token}/bekreft`, { form_token: formToken(page.doc) });
    expect(confirm.status).toBe(303);
    expect((await entry(db, 'Ventende Sangkor')).last_confirmed_at).toBe(pending.last_confirmed_at);
    expect(await db.selectFrom('audit_log').select('action').where('association_id', '=', pending.id).where('action', '=', 'confirm').execute()).toEqual([]);
  });

  it('refuses a button pressed on another site or with a stale form, and does nothing', async () => {
    const { app, db } = await harness();
    const sjakk = await entry(db, 'Narvik Sjakklubb');
    const token = await createEditToken(db, sjakk.id, NOW, 30);
    const page = await get(app, `/endre/${token}`);
    const foreign = await postForm(app, `/endre/${token}/slett`, { form_token: formToken(page.doc) }, { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(text(foreign.doc.querySelector('.form-message, [role="alert"]'))).not.toBe('');
    const stale = await postForm(app, `/endre/${token}/slett`, { form_token: 'ikke-et-skjema' });
    expect(stale.status).toBe(422);
    expect(stale.body).not.toBe(foreign.body);
    expect(await db.selectFrom('revisions').selectAll().where('association_id', '=', sjakk.id).execute()).toEqual([]);
  });

  it('sends links to every current entry of an address typed in capitals with spaces, never an archived one', async () => {
    const { app, db, background, clock } = await harness();
    const form = await get(app, '/endre');
    clock.advance(5_000);
    const sent = await postForm(app, '/endre', { form_token: formToken(form.doc), email: '  Ola@Example.NO ' });
    expect(sent.status).toBe(303);
    expect(sent.response.headers.get('Location')).toBe('/endre?sendt=1');
    await background.idle();
    const tokens = await db
      .selectFrom('edit_tokens')
      .innerJoin('associations', 'associations.id', 'edit_tokens.association_id')
      .select('associations.name')
      .orderBy('associations.name')
      .execute();
    expect(tokens.map((t) => t.name)).toEqual(['Narvik Sjakklubb', 'Ventende Sangkor']);
    expect((await db.selectFrom('outbox').select('recipient').execute()).map((m) => m.recipient)).toEqual(['ola@example.no', 'ola@example.no']);
  });
});

describe('the duplicate warning', () => {
  it('warns from a similarity of exactly 85 %, not below, and names at most five', async () => {
    const { db, reference } = await testApp((ref) => [
      // 20 letters each; the candidate differs from the first by 3 (85 %), from the second by 4 (80 %).
      association(ref, { name: 'abcdefghijklmnopqrst' }),
      association(ref, { name: 'xyzdefghijklmnopwxyz' }),
      ...['Narvik Turlag', 'Narvik Turlag!', 'Narvik-Turlag', 'Narvik  Turlag', 'NARVIK TURLAG', 'Narvik Turlaget'].map((name) => association(ref, { name })),
    ]);
    void reference;
    const near = await findPossibleDuplicates(db, { municipalityNumber: '1806', name: 'xyzdefghijklmnopqrst', orgNumber: null });
    expect(near.map((d) => [d.name, d.reason])).toEqual([['abcdefghijklmnopqrst', 'name']]);
    const many = await findPossibleDuplicates(db, { municipalityNumber: '1806', name: 'Narvik Turlag', orgNumber: null });
    expect(many).toHaveLength(5);
    // Six would match; which five come first is the database's order.
    expect(new Set(many.map((d) => d.id)).size).toBe(5);
    for (const d of many) expect(['Narvik Turlag', 'Narvik Turlag!', 'Narvik-Turlag', 'Narvik  Turlag', 'NARVIK TURLAG', 'Narvik Turlaget']).toContain(d.name);
  });

  it('leaves out the entry itself, and matches an organisation number only when one was given', async () => {
    const { db } = await testApp((ref) => [
      association(ref, { name: 'Narvik Turlag', orgNumber: null }),
      association(ref, { name: 'Helt Annet Navn', orgNumber: null }),
    ]);
    const turlag = await entry(db, 'Narvik Turlag');
    expect(await findPossibleDuplicates(db, { municipalityNumber: '1806', name: 'Narvik Turlag', orgNumber: null, excludeId: turlag.id })).toEqual([]);
    // Two entries without a number are not the same organisation.
    expect(await findPossibleDuplicates(db, { municipalityNumber: '1806', name: 'Noe Helt Tredje', orgNumber: null })).toEqual([]);
    const [found] = await findPossibleDuplicates(db, { municipalityNumber: '1806', name: 'Narvik Turlag', orgNumber: null });
    expect(found).toEqual({ id: turlag.id, slug: turlag.slug, name: 'Narvik Turlag', status: 'published', reason: 'name' });
  });
});

describe('the hourly counters', () => {
  it('count an attempt made exactly a window ago, forget it a millisecond later, and clear only their own action', async () => {
    const { db } = await testApp();
    const hour = 60 * 60 * 1000;
    const at = (ms: number) => new Date(NOW.getTime() + ms);
    expect(await takeAttempt(db, { clientKey: 'k', action: 'register', limit: 2, windowMs: hour, now: at(0) })).toBe(true);
    expect(await takeAttempt(db, { clientKey: 'k', action: 'login-alert', limit: 1, windowMs: 24 * hour, now: at(0) })).toBe(true);
    expect(await takeAttempt(db, { clientKey: 'other', action: 'register', limit: 2, windowMs: hour, now: at(1) })).toBe(true);
    expect(await takeAttempt(db, { clientKey: 'k', action: 'register', limit: 2, windowMs: hour, now: at(1) })).toBe(true);
    // Two within the hour: the third is refused and not recorded.
    expect(await takeAttempt(db, { clientKey: 'k', action: 'register', limit: 2, windowMs: hour, now: at(hour) })).toBe(false);
    expect(await db.selectFrom('submission_attempts').select(['client_key', 'action']).orderBy('id').execute()).toEqual([
      { client_key: 'k', action: 'register' },
      { client_key: 'k', action: 'login-alert' },
      { client_key: 'other', action: 'register' },
      { client_key: 'k', action: 'register' },
    ]);
    // An hour and a millisecond after the first, it no longer counts (and its row is gone); the other action's row stays.
    expect(await takeAttempt(db, { clientKey: 'k', action: 'register', limit: 2, windowMs: hour, now: at(hour + 1) })).toBe(true);
    expect(await db.selectFrom('submission_attempts').select(['client_key', 'action', 'created_at']).orderBy('id').execute()).toEqual([
      { client_key: 'k', action: 'login-alert', created_at: '2026-11-23T12:00:00.000Z' },
      { client_key: 'other', action: 'register', created_at: '2026-11-23T12:00:00.001Z' },
      { client_key: 'k', action: 'register', created_at: '2026-11-23T12:00:00.001Z' },
      { client_key: 'k', action: 'register', created_at: '2026-11-23T13:00:00.001Z' },
    ]);
  });
});
