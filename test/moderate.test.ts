import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Reference } from '../src/db/reference.js';
import type { DB } from '../src/db/sqlite.js';
import { proposeRevision, requestRemoval, associationFormData } from '../src/db/submissions.js';
import { association, get, movableClock, postForm, signIn, testApp, text } from './helpers.js';

let app: App;
let db: DB;
let reference: Reference;
let clock: ReturnType<typeof movableClock>;
let narvik: { cookie: string; csrf: string; userId: number };
let admin: { cookie: string; csrf: string; userId: number };

async function byName(name: string) {
  return db.selectFrom('associations').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
}

async function auditActions(associationId: number) {
  return (await db.selectFrom('audit_log').select('action').where('association_id', '=', associationId).orderBy('id').execute()).map((r) => r.action);
}

async function decide(who: { cookie: string; csrf: string }, path: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
  return postForm(app, path, { csrf: who.csrf, ...fields }, { Cookie: who.cookie, ...headers });
}

beforeEach(async () => {
  clock = movableClock();
  ({ app, db, reference } = await testApp(
    (ref) => [
      association(ref, { name: 'Ventende Sangkor', status: 'pending', contactEmail: 'kor@example.no', categories: ['kunst-og-kultur'] }),
      association(ref, { name: 'Senja Ventende', status: 'pending', municipalityNumber: '5530', contactEmail: 'senja@example.no' }),
      association(ref, { name: 'Narvik Turlag', contactEmail: 'tur@example.no', lastConfirmedAt: '2026-06-01T00:00:00.000Z' }),
      association(ref, { name: 'Gammel Forening', lastConfirmedAt: '2024-01-01T00:00:00.000Z' }),
    ],
    {},
    { clock: clock.now },
  ));
  narvik = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
  admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
});

describe('the queue', () => {
  it('sends visitors without a session to the login page', async () => {
    const response = await app.request('/moderering');
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toContain('/logg-inn');
  });

  it('shows a moderator only their municipalities, oldest first, with counts per kind', async () => {
    const turlag = await byName('Narvik Turlag');
    await proposeRevision(db, turlag.id, { ...(await associationFormData(db, turlag, reference)), name: 'Narvik Turlag og Friluftslag' }, clock.now());
    const { status, doc } = await get(app, '/moderering', { Cookie: narvik.cookie });
    expect(status).toBe(200);
    const titles = doc.querySelectorAll('.queue-item__title').map((h) => text(h));
    expect(titles).toContain('Ventende Sangkor');
    expect(titles).toContain('Narvik Turlag');
    expect(titles).toContain('Gammel Forening');
    expect(titles).not.toContain('Senja Ventende');
    expect(text(doc.querySelector('.queue-counts'))).toContain('Nye registreringer (1)');
    expect(text(doc.querySelector('.queue-counts'))).toContain('Endringer (1)');
    expect(text(doc.querySelector('.queue-counts'))).toContain('Ikke bekreftet på 18 måneder (1)');

    const admins = await get(app, '/moderering', { Cookie: admin.cookie });
    expect(admins.doc.querySelectorAll('.queue-item__title').map((h) => text(h))).toContain('Senja Ventende');
  });

  it('filters by kind and municipality', async () => {
    const { doc } = await get(app, '/moderering?type=submission&kommune=5530', { Cookie: admin.cookie });
    expect(doc.querySelectorAll('.queue-item__title').map((h) => text(h))).toEqual(['Senja Ventende']);
  });

  it('shows a proposed change field by field against the published version', async () => {
    const turlag = await byName('Narvik Turlag');
    const current = await associationFormData(db, turlag, reference);
    await proposeRevision(db, turlag.id, { ...current, name: 'Narvik Turlag og Friluftslag', website: 'https://turlag.example.no/' }, clock.now());
    const { doc } = await get(app, '/moderering?type=revision', { Cookie: narvik.cookie });
    const rows = doc.querySelectorAll('table.diff tbody tr').map((tr) => tr.querySelectorAll('th, td').map((cell) => text(cell)));
    expect(rows).toEqual([
      ['Navn på laget', 'Narvik Turlag', 'Narvik Turlag og Friluftslag'],
      [expect.any(String), '(tomt)', 'https://turlag.example.no/'],
    ]);
  });
});

describe('queue paging', () => {
  it('shows 25 items a page, oldest first, with links that keep the filters', async () => {
    const { insert } = await import('./helpers.js');
    await insert(
      db,
      reference,
      Array.from({ length: 30 }, (_, i) =>
        association(reference, {
          name: `Ventende ${String(i).padStart(2, '0')}`,
          status: 'pending',
          createdAt: `2026-02-${String((i % 28) + 1).padStart(2, '0')}T10:00:00.000Z`,
        }),
      ),
    );
    const first = await get(app, '/moderering?type=submission&kommune=1806', { Cookie: narvik.cookie });
    expect(first.doc.querySelectorAll('.queue-item')).toHaveLength(25);
    expect(first.doc.querySelector('a[rel="next"]')?.getAttribute('href')).toBe('/moderering?type=submission&kommune=1806&side=2');
    expect(text(first.doc.querySelector('.queue-counts'))).toContain('Nye registreringer (31)');
    const second = await get(app, '/moderering?type=submission&kommune=1806&side=2', { Cookie: narvik.cookie });
    expect(second.doc.querySelectorAll('.queue-item')).toHaveLength(6);
    expect(second.doc.querySelector('a[rel="prev"]')?.getAttribute('href')).toBe('/moderering?type=submission&kommune=1806');
    const junk = await get(app, '/moderering?side=abc', { Cookie: narvik.cookie });
    expect(junk.status).toBe(200);
  });
});

describe('decisions', () => {
  it('approves a submission: public, emailed, audited', async () => {
    const pending = await byName('Ventende Sangkor');
    const { status, response } = await decide(narvik, `/moderering/innsending/${pending.id}/godkjenn`, { version: String(pending.version) });
    expect(status).toBe(303);
    expect(response.headers.get('Location')).toBe('/moderering?melding=approved');
    expect((await byName('Ventende Sangkor')).status).toBe('published');
    expect((await get(app, `/lag/${pending.slug}`)).status).toBe(200);
    expect((await db.selectFrom('outbox').select('subject').execute()).map((m) => m.subject)).toEqual(['Ventende Sangkor er nå publisert i Lagportal']);
    expect(await auditActions(pending.id)).toEqual(['approve']);
    const row = await db.selectFrom('audit_log').selectAll().where('association_id', '=', pending.id).executeTakeFirstOrThrow();
    expect(row.user_id).toBe(narvik.userId);
  });

  it('answers htmx with just the decided row', async () => {
    const pending = await byName('Ventende Sangkor');
    const { status, doc, body } = await decide(
      narvik,
      `/moderering/innsending/${pending.id}/godkjenn`,
      { version: String(pending.version) },
      { 'HX-Request': 'true' },
    );
    expect(status).toBe(200);
    expect(body).not.toContain('<html');
    expect(doc.querySelector('li')?.getAttribute('id')).toBe(`queue-submission-${pending.id}`);
    expect(text(doc.querySelector('li'))).toBe('Godkjent.');
  });

  it('lets only the first of two moderators decide; the second is told it is already handled', async () => {
    const pending = await byName('Ventende Sangkor');
    const other = await signIn(db, { email: 'other@example.no', role: 'moderator', regions: ['narvikregionen'] });
    const [first, second] = await Promise.all([
      decide(narvik, `/moderering/innsending/${pending.id}/godkjenn`, { version: String(pending.version) }, { 'HX-Request': 'true' }),
      decide(
        other,
        `/moderering/innsending/${pending.id}/avvis`,
        { version: String(pending.version), reason: 'Mangler opplysninger' },
        { 'HX-Request': 'true' },
      ),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(text(loser.doc.querySelector('li'))).toContain('allerede behandlet');
    expect(await auditActions(pending.id)).toHaveLength(1);
    // A decision on a view that is out of date is refused as well.
    const again = await decide(narvik, `/moderering/innsending/${pending.id}/godkjenn`, { version: String(pending.version) });
    expect(again.response.headers.get('Location')).toBe('/moderering?melding=already-handled');
  });

  it('rejects with a reason that is emailed, and asks for the reason when missing', async () => {
    const pending = await byName('Ventende Sangkor');
    const missing = await decide(
      narvik,
      `/moderering/innsending/${pending.id}/avvis`,
      { version: String(pending.version), reason: '  ' },
      { 'HX-Request': 'true' },
    );
    expect(missing.status).toBe(422);
    expect(text(missing.doc.querySelector('.field-error'))).toContain('begrunnelse');
    expect((await byName('Ventende Sangkor')).status).toBe('pending');

    await decide(narvik, `/moderering/innsending/${pending.id}/avvis`, { version: String(pending.version), reason: 'Dette er ikke et lag i Narvik.' });
    expect((await byName('Ventende Sangkor')).status).toBe('rejected');
    const mail = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(mail.recipient).toBe('kor@example.no');
    expect(mail.text_body).toContain('Dette er ikke et lag i Narvik.');
    expect(await auditActions(pending.id)).toEqual(['reject']);
  });

  it('applies an approved revision and records before and after', async () => {
    const turlag = await byName('Narvik Turlag');
    const current = await associationFormData(db, turlag, reference);
    const revisionId = await proposeRevision(
      db,
      turlag.id,
      { ...current, name: 'Narvik Turlag og Friluftslag', categorySlugs: ['idrett', 'natur-og-miljovern'] },
      clock.now(),
    );
    await decide(narvik, `/moderering/endring/${revisionId}/godkjenn`);
    const updated = await byName('Narvik Turlag og Friluftslag');
    expect(updated.slug).toBe(turlag.slug);
    expect((await get(app, `/lag/${turlag.slug}`)).doc.querySelector('h1')?.textContent).toBe('Narvik Turlag og Friluftslag');
    const log = await db.selectFrom('audit_log').selectAll().where('association_id', '=', turlag.id).executeTakeFirstOrThrow();
    expect(log.action).toBe('approve-revision');
    expect(JSON.parse(log.details)).toMatchObject({ before: { name: 'Narvik Turlag' }, after: { name: 'Narvik Turlag og Friluftslag' } });
    const history = await get(app, `/moderering/lag/${turlag.id}/historikk`, { Cookie: narvik.cookie });
    expect(text(history.doc.querySelector('table.history'))).toContain('narvik@example.no');
    expect(text(history.doc.querySelector('table.history'))).toContain('Narvik Turlag og Friluftslag');
  });

  it('rejects a revision: the published version stays and the association is told why', async () => {
    const turlag = await byName('Narvik Turlag');
    const revisionId = await proposeRevision(db, turlag.id, { ...(await associationFormData(db, turlag, reference)), name: 'Spam' }, clock.now());
    await decide(narvik, `/moderering/endring/${revisionId}/avvis`, { reason: 'Navnet ser feil ut.' });
    expect((await byName('Narvik Turlag')).name).toBe('Narvik Turlag');
    expect(await auditActions(turlag.id)).toEqual(['reject-revision']);
    expect((await db.selectFrom('outbox').select('text_body').executeTakeFirstOrThrow()).text_body).toContain('Navnet ser feil ut.');
  });

  it('archives an entry on removal request and erases its personal data', async () => {
    const turlag = await byName('Narvik Turlag');
    await requestRemoval(db, turlag.id, clock.now());
    const revision = await db.selectFrom('revisions').select('id').where('association_id', '=', turlag.id).executeTakeFirstOrThrow();
    await decide(narvik, `/moderering/endring/${revision.id}/godkjenn`);
    const archived = await byName('Narvik Turlag');
    expect(archived).toMatchObject({ status: 'archived', contact_email: null, contact_name: null, email: null, phone: null });
    expect((await get(app, `/lag/${turlag.slug}`)).status).toBe(404);
    expect(await db.selectFrom('edit_tokens').selectAll().where('association_id', '=', turlag.id).execute()).toEqual([]);
    // The request itself is on record too (issue 16, item 13), then the moderator's decision.
    expect(await auditActions(turlag.id)).toEqual(['request-removal', 'approve-removal']);
  });
});

describe('curating', () => {
  it('edits and approves a pending entry in one step', async () => {
    const pending = await byName('Ventende Sangkor');
    const page = await get(app, `/moderering/lag/${pending.id}`, { Cookie: narvik.cookie });
    expect(page.doc.querySelector('#field-name')?.getAttribute('value')).toBe('Ventende Sangkor');
    const result = await decide(narvik, `/moderering/lag/${pending.id}`, {
      version: String(pending.version),
      publish: '1',
      name: 'Narvik Sangkor',
      short_description: 'Kor i Narvik.',
      categories: 'kunst-og-kultur',
      municipality: '1806',
      contact_name: 'Kari',
      contact_email: 'kor@example.no',
    });
    expect(result.status).toBe(303);
    expect(await byName('Narvik Sangkor')).toMatchObject({ status: 'published', slug: pending.slug });
    expect(await auditActions(pending.id)).toEqual(['edit-and-approve']);
  });

  it('keeps what the moderator typed and explains a bad value', async () => {
    const turlag = await byName('Narvik Turlag');
    const result = await decide(narvik, `/moderering/lag/${turlag.id}`, {
      version: String(turlag.version),
      name: 'Nytt navn',
      municipality: '1806',
      website: 'javascript:x',
    });
    expect(result.status).toBe(422);
    expect(result.doc.querySelector('#field-name')?.getAttribute('value')).toBe('Nytt navn');
    expect((await byName('Narvik Turlag')).name).toBe('Narvik Turlag');
    expect(await auditActions(turlag.id)).toEqual([]);
  });

  it('archives a published entry', async () => {
    const turlag = await byName('Narvik Turlag');
    await decide(narvik, `/moderering/lag/${turlag.id}/arkiver`, { version: String(turlag.version) });
    expect((await byName('Narvik Turlag')).status).toBe('archived');
    expect(await auditActions(turlag.id)).toEqual(['archive']);
  });

  it('merges a duplicate into another entry and sends its old address there', async () => {
    const duplicate = await byName('Gammel Forening');
    const target = await byName('Narvik Turlag');
    const result = await decide(narvik, `/moderering/lag/${duplicate.id}/sla-sammen`, { version: String(duplicate.version), target: target.slug });
    expect(result.status).toBe(303);
    expect(await byName('Gammel Forening')).toMatchObject({ status: 'archived', merged_into_id: target.id });
    const old = await app.request(`/lag/${duplicate.slug}`);
    expect(old.status).toBe(301);
    expect(old.headers.get('Location')).toBe(`/lag/${target.slug}`);
    expect(await auditActions(duplicate.id)).toEqual(['merge']);
    expect(await auditActions(target.id)).toEqual(['merged-from']);
  });
});

describe('scope and safety', () => {
  it('refuses a moderator acting outside their municipalities with 403 and changes nothing', async () => {
    const senja = await byName('Senja Ventende');
    for (const path of [`/moderering/innsending/${senja.id}/godkjenn`, `/moderering/lag/${senja.id}/arkiver`]) {
      const { status } = await decide(narvik, path, { version: String(senja.version) });
      expect(status).toBe(403);
    }
    expect((await get(app, `/moderering/lag/${senja.id}`, { Cookie: narvik.cookie })).status).toBe(403);
    expect((await byName('Senja Ventende')).status).toBe('pending');
    expect(await auditActions(senja.id)).toEqual([]);
  });

  it('refuses moving an entry to a municipality outside the moderator scope', async () => {
    const turlag = await byName('Narvik Turlag');
    const result = await decide(narvik, `/moderering/lag/${turlag.id}`, {
      version: String(turlag.version),
      name: 'Narvik Turlag',
      short_description: 'Tur.',
      categories: 'idrett',
      municipality: '5530',
      contact_name: 'Ola',
      contact_email: 'tur@example.no',
    });
    expect(result.status).toBe(422);
    expect(text(result.doc.querySelector('#field-municipality-error'))).toContain('kommune du moderer');
    expect((await byName('Narvik Turlag')).municipality_number).toBe('1806');
  });

  it('refuses a decision without the CSRF token and changes nothing', async () => {
    const pending = await byName('Ventende Sangkor');
    const { status } = await postForm(app, `/moderering/innsending/${pending.id}/godkjenn`, { version: String(pending.version) }, { Cookie: narvik.cookie });
    expect(status).toBe(403);
    const wrong = await postForm(
      app,
      `/moderering/innsending/${pending.id}/godkjenn`,
      { csrf: 'x'.repeat(43), version: String(pending.version) },
      { Cookie: narvik.cookie },
    );
    expect(wrong.status).toBe(403);
    expect((await byName('Ventende Sangkor')).status).toBe('pending');
  });

  it('keeps the audit log append-only', async () => {
    const pending = await byName('Ventende Sangkor');
    await decide(narvik, `/moderering/innsending/${pending.id}/godkjenn`, { version: String(pending.version) });
    await expect(db.updateTable('audit_log').set({ action: 'nothing' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });

  it('answers 404 for unknown or malformed ids', async () => {
    for (const path of ['/moderering/lag/999999', '/moderering/lag/abc', "/moderering/lag/1'"]) {
      expect((await get(app, path, { Cookie: narvik.cookie })).status).toBe(404);
    }
  });
});

describe('the outbox', () => {
  it('lets an admin read every email, and refuses moderators', async () => {
    const pending = await byName('Ventende Sangkor');
    await decide(narvik, `/moderering/innsending/${pending.id}/godkjenn`, { version: String(pending.version) });
    const { status, doc } = await get(app, '/moderering/utboks', { Cookie: admin.cookie });
    expect(status).toBe(200);
    expect(text(doc.querySelector('.queue-item__title'))).toBe('Ventende Sangkor er nå publisert i Lagportal');
    expect(text(doc.querySelector('.mail-text'))).toContain('/lag/ventende-sangkor');
    expect((await get(app, '/moderering/utboks', { Cookie: narvik.cookie })).status).toBe(403);
  });
});

describe('findings from review', () => {
  it('refuses an approval of a pending entry that the association changed after the moderator looked', async () => {
    const pending = await byName('Ventende Sangkor');
    const { saveAssociationChange } = await import('../src/db/submissions.js');
    const data = await associationFormData(db, pending, reference);
    expect(await saveAssociationChange(db, pending.id, { ...data, name: 'Kjøp billige piller' }, reference, clock.now())).toBe('changed');
    const result = await decide(narvik, `/moderering/innsending/${pending.id}/godkjenn`, { version: String(pending.version) });
    expect(result.response.headers.get('Location')).toBe('/moderering?melding=already-handled');
    expect((await byName('Kjøp billige piller')).status).toBe('pending');
  });

  it('refuses approving a change that moves the entry outside the moderator scope', async () => {
    const turlag = await byName('Narvik Turlag');
    const revisionId = await proposeRevision(db, turlag.id, { ...(await associationFormData(db, turlag, reference)), municipalityNumber: '5501' }, clock.now());
    expect((await decide(narvik, `/moderering/endring/${revisionId}/godkjenn`)).status).toBe(403);
    expect((await byName('Narvik Turlag')).municipality_number).toBe('1806');
    expect((await decide(admin, `/moderering/endring/${revisionId}/godkjenn`)).status).toBe(303);
    expect((await byName('Narvik Turlag')).municipality_number).toBe('5501');
  });

  it('erases personal data when an entry with a pending removal request is archived instead', async () => {
    const turlag = await byName('Narvik Turlag');
    const revisionId = await proposeRevision(db, turlag.id, { ...(await associationFormData(db, turlag, reference)), phone: '+47 91 23 45 67' }, clock.now());
    await decide(narvik, `/moderering/endring/${revisionId}/godkjenn`);
    await requestRemoval(db, turlag.id, clock.now());
    const current = await byName('Narvik Turlag');
    await decide(narvik, `/moderering/lag/${turlag.id}/arkiver`, { version: String(current.version) });
    expect(await byName('Narvik Turlag')).toMatchObject({ status: 'archived', contact_email: null, phone: null });
    const revisions = await db.selectFrom('revisions').select(['kind', 'status', 'data']).where('association_id', '=', turlag.id).orderBy('id').execute();
    expect(revisions).toEqual([
      { kind: 'update', status: 'approved', data: null },
      { kind: 'removal', status: 'approved', data: null },
    ]);
    const log = JSON.stringify(await db.selectFrom('audit_log').select('details').where('association_id', '=', turlag.id).execute());
    expect(log).not.toContain('tur@example.no');
    expect(log).not.toContain('91 23 45 67');
  });

  it('says a reason is needed when a plain form rejects without one', async () => {
    const pending = await byName('Ventende Sangkor');
    const result = await decide(narvik, `/moderering/innsending/${pending.id}/avvis`, { version: String(pending.version), reason: '' });
    expect(result.response.headers.get('Location')).toBe('/moderering?melding=reason-required');
    const page = await get(app, '/moderering?melding=reason-required', { Cookie: narvik.cookie });
    expect(text(page.doc.querySelector('.notice'))).toContain('begrunnelse');
  });

  it('shows a whole page, not a fragment, for an entry outside the scope', async () => {
    const senja = await byName('Senja Ventende');
    const { status, doc } = await get(app, `/moderering/lag/${senja.id}`, { Cookie: narvik.cookie });
    expect(status).toBe(403);
    expect(doc.querySelector('html')?.getAttribute('lang')).toBe('nb');
    expect(doc.querySelectorAll('h1')).toHaveLength(1);
  });

  it('follows a chain of merges to the published entry', async () => {
    const a = await byName('Gammel Forening');
    const b = await byName('Ventende Sangkor');
    const c = await byName('Narvik Turlag');
    await decide(narvik, `/moderering/innsending/${b.id}/godkjenn`, { version: String(b.version) });
    const bPublished = await byName('Ventende Sangkor');
    await decide(narvik, `/moderering/lag/${a.id}/sla-sammen`, { version: String(a.version), target: bPublished.slug });
    await decide(narvik, `/moderering/lag/${b.id}/sla-sammen`, { version: String(bPublished.version), target: c.slug });
    const old = await app.request(`/lag/${a.slug}`);
    expect(old.status).toBe(301);
    expect(old.headers.get('Location')).toBe(`/lag/${c.slug}`);
  });
});
