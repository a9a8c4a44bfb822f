import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { DB } from '../src/db/sqlite.js';
import { association, deliveredText, get, movableClock, postForm, signIn, testApp, text } from './helpers.js';

// The queue puts new work first: tabs per kind with counts, search by name or organisation
// number (q), and stale entries handled in bulk with one audit row each.

let app: App;
let db: DB;
let narvik: { cookie: string; csrf: string; userId: number };

const titles = (doc: Awaited<ReturnType<typeof get>>['doc']) => doc.querySelectorAll('.queue-item__title').map((h) => text(h));

beforeEach(async () => {
  const clock = movableClock();
  ({ app, db } = await testApp(
    (ref) => [
      // 60 entries nobody has confirmed since 2023, all older than the registration below.
      ...Array.from({ length: 60 }, (_, i) =>
        association(ref, {
          name: `Gammelt Lag ${String(i + 1).padStart(2, '0')}`,
          contactEmail: `lag${i + 1}@example.no`,
          createdAt: '2023-01-01T10:00:00.000Z',
          lastConfirmedAt: `2023-02-${String((i % 28) + 1).padStart(2, '0')}T10:00:00.000Z`,
        }),
      ),
      association(ref, {
        name: 'Gammelt Importert Lag',
        orgNumber: '974760673',
        createdAt: '2023-01-01T10:00:00.000Z',
        lastConfirmedAt: '2023-03-01T10:00:00.000Z',
      }),
      association(ref, { name: 'Nytt Sjakklag', status: 'pending', contactEmail: 'sjakk@example.no', createdAt: '2026-11-23T09:00:00.000Z' }),
      association(ref, { name: 'Senja Gammel', municipalityNumber: '5530', lastConfirmedAt: '2023-01-01T10:00:00.000Z' }),
    ],
    {},
    { clock: clock.now },
  ));
  narvik = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
});

describe('the queue puts new work first', () => {
  it('shows a registration posted after 60 stale entries on the first page, before them', async () => {
    const { status, doc } = await get(app, '/moderering', { Cookie: narvik.cookie });
    expect(status).toBe(200);
    const first = titles(doc);
    expect(first).toHaveLength(25);
    expect(first[0]).toBe('Nytt Sjakklag');
    expect(first[1]).toBe('Gammelt Lag 01');
  });

  it('has a tab per kind with counts, the current one marked', async () => {
    const { doc } = await get(app, '/moderering?type=stale', { Cookie: narvik.cookie });
    const tabs = doc.querySelectorAll('nav[aria-label="Typer i køen"] li').map((li) => text(li));
    expect(tabs).toEqual([
      'Alt (62)',
      'Nye registreringer (1)',
      'Endringer (0)',
      'Ønsker sletting (0)',
      'Meldte feil (0)',
      'Vil ta over oppføringen (0)',
      'Ikke bekreftet på 18 måneder (61)',
      'Lenker med problemer (0)',
    ]);
    expect(text(doc.querySelector('nav[aria-label="Typer i køen"] a[aria-current="page"]'))).toBe('Ikke bekreftet på 18 måneder');
    expect(titles(doc)).not.toContain('Nytt Sjakklag');
  });

  it('searches the queue by name or organisation number, and the counts follow', async () => {
    const byName = await get(app, '/moderering?q=sjakk', { Cookie: narvik.cookie });
    expect(titles(byName.doc)).toEqual(['Nytt Sjakklag']);
    expect(text(byName.doc.querySelector('nav[aria-label="Typer i køen"]'))).toContain('Alt (1)');
    expect(byName.doc.querySelector('input[name="q"]')?.getAttribute('value')).toBe('sjakk');

    const byNumber = await get(app, '/moderering?q=974%20760%20673', { Cookie: narvik.cookie });
    expect(titles(byNumber.doc)).toEqual(['Gammelt Importert Lag']);

    // Outside the moderator's municipalities nothing is found.
    expect(titles((await get(app, '/moderering?q=Senja', { Cookie: narvik.cookie })).doc)).toEqual([]);
    // A search with LIKE's wildcards is only text.
    expect(titles((await get(app, '/moderering?q=%25', { Cookie: narvik.cookie })).doc)).toEqual([]);
  });
});

describe('stale entries in bulk', () => {
  async function ids(...names: string[]) {
    const rows = await db.selectFrom('associations').select(['id', 'name']).where('name', 'in', names).execute();
    return names.map((n) => String(rows.find((r) => r.name === n)!.id));
  }

  it('sends a new reminder to the ticked entries, with one audit entry each', async () => {
    const page = await get(app, '/moderering?type=stale', { Cookie: narvik.cookie });
    expect(page.doc.querySelector('form#stale-bulk')).not.toBeNull();
    expect(page.doc.querySelectorAll('input[type="checkbox"][form="stale-bulk"]')).toHaveLength(25);

    const chosen = await ids('Gammelt Lag 01', 'Gammelt Lag 02', 'Gammelt Importert Lag');
    const response = await postForm(
      app,
      '/moderering/utdaterte',
      { csrf: narvik.csrf, handling: 'paminnelse', id: chosen, tilbake: '/moderering?type=stale' },
      { Cookie: narvik.cookie },
    );
    expect(response.status).toBe(303);
    const location = response.response.headers.get('Location')!;
    expect(location).toBe('/moderering?type=stale&utfort=paminnelse&antall=2&hoppet=1');
    const after = await get(app, location, { Cookie: narvik.cookie });
    expect(text(after.doc.querySelector('.success'))).toBe(
      'Ny påminnelse sendt til 2 oppføringer. 1 ble hoppet over (ikke lenger utdatert, eller uten kontaktperson).',
    );

    const mail = await db.selectFrom('outbox').select(['recipient', 'subject', 'text_body', 'eml_path']).orderBy('id').execute();
    expect(mail.map((m) => m.recipient)).toEqual(['lag1@example.no', 'lag2@example.no']);
    expect(mail[0]!.subject).toBe('Stemmer opplysningene om Gammelt Lag 01?');
    // The mail that went out carries a working link; the copy admins read has it redacted.
    expect(deliveredText(mail[0]!)).toMatch(/https:\/\/lag\.example\.no\/endre\/[A-Za-z0-9_-]{43}/);
    expect(mail[0]!.text_body).toContain('https://lag.example.no/endre/[…]');
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'association_id', 'user_id'])
      .where('action', '=', 'stale-reminder')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'stale-reminder', association_id: Number(chosen[0]), user_id: narvik.userId },
      { action: 'stale-reminder', association_id: Number(chosen[1]), user_id: narvik.userId },
    ]);
  });

  it('archives the ticked entries, skipping those outside the moderator’s scope', async () => {
    const chosen = await ids('Gammelt Lag 03', 'Gammelt Lag 04', 'Senja Gammel');
    const response = await postForm(app, '/moderering/utdaterte', { csrf: narvik.csrf, handling: 'arkiver', id: chosen }, { Cookie: narvik.cookie });
    expect(response.response.headers.get('Location')).toBe('/moderering?type=stale&utfort=arkiver&antall=2&hoppet=1');
    const rows = await db.selectFrom('associations').select(['name', 'status']).where('id', 'in', chosen.map(Number)).orderBy('name').execute();
    expect(rows).toEqual([
      { name: 'Gammelt Lag 03', status: 'archived' },
      { name: 'Gammelt Lag 04', status: 'archived' },
      { name: 'Senja Gammel', status: 'published' },
    ]);
    const audit = await db.selectFrom('audit_log').select(['action', 'association_id']).where('action', '=', 'archive').orderBy('id').execute();
    expect(audit.map((a) => a.association_id)).toEqual([Number(chosen[0]), Number(chosen[1])]);
  });

  it('answers 422 with the queue and a message when nothing is ticked', async () => {
    const response = await postForm(
      app,
      '/moderering/utdaterte',
      { csrf: narvik.csrf, handling: 'arkiver', tilbake: '/moderering?type=stale' },
      { Cookie: narvik.cookie },
    );
    expect(response.status).toBe(422);
    expect(text(response.doc.querySelector('#stale-bulk [role="alert"]'))).toBe('Kryss av minst én oppføring først.');
    expect(titles(response.doc)).toHaveLength(25);
  });

  it('refuses a bulk action without the session’s CSRF token', async () => {
    const chosen = await ids('Gammelt Lag 05');
    const response = await postForm(app, '/moderering/utdaterte', { handling: 'arkiver', id: chosen }, { Cookie: narvik.cookie });
    expect(response.status).toBe(403);
    expect((await db.selectFrom('associations').select('status').where('id', '=', Number(chosen[0])).executeTakeFirstOrThrow()).status).toBe('published');
  });
});
