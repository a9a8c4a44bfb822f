import { describe, expect, it } from 'vitest';
import { createActivity } from '../src/db/activities.js';
import { activityInput, association, get, postForm, signIn, testApp, text } from './helpers.js';

const practice = activityInput();

async function setup(status: 'visible' | 'pending' = 'visible') {
  const built = await testApp((r) => [association(r, { name: 'Bjerkvik Sangkor' }), association(r, { name: 'Tromsø Marked', municipalityNumber: '5501' })]);
  const rows = await built.db.selectFrom('associations').select(['id', 'slug']).execute();
  const bySlug = new Map(rows.map((r) => [r.slug, r.id]));
  const narvik = await createActivity(built.db, bySlug.get('bjerkvik-sangkor')!, practice, { status, now: new Date('2026-11-20T10:00:00Z') });
  const tromso = await createActivity(built.db, bySlug.get('tromso-marked')!, activityInput({ title: 'Markedsdag' }), {
    status,
    now: new Date('2026-11-20T10:00:00Z'),
  });
  if (narvik === 'limit' || tromso === 'limit') throw new Error('limit');
  const moderator = await signIn(built.db, { email: 'mod@narvik.kommune.no', role: 'moderator', municipalities: ['1806'] });
  return { ...built, narvik: narvik.id, tromso: tromso.id, moderator };
}

describe('"nye arrangementer" for moderators', () => {
  it('lists new activities in the moderator’s municipalities only', async () => {
    const { app, moderator } = await setup();
    const page = await get(app, '/moderering/arrangementer', { Cookie: moderator.cookie });
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('h1'))).toBe('Nye arrangementer');
    expect(page.doc.querySelectorAll('.queue-item__title').map((h) => text(h))).toEqual(['Korøvelse']);
    expect(page.doc.querySelector('.admin-nav a[aria-current="page"]')?.getAttribute('href')).toBe('/moderering/arrangementer');
  });

  it('hides one with a reason: it leaves /hva-skjer and the list, and the audit log records why', async () => {
    const { app, db, moderator, narvik } = await setup();
    expect(text((await get(app, '/hva-skjer')).doc.querySelector('.occurrence__title'))).toBe('Korøvelse');
    const hidden = await postForm(
      app,
      `/moderering/arrangementer/${narvik}/skjul`,
      { csrf: moderator.csrf, sequence: '0', reason: 'Reklame for et firma' },
      { Cookie: moderator.cookie },
    );
    expect(hidden.status).toBe(303);
    expect(hidden.response.headers.get('Location')).toBe('/moderering/arrangementer?melding=hidden');
    expect((await get(app, '/hva-skjer')).body).not.toContain('Korøvelse');
    expect((await get(app, `/hva-skjer/${narvik}`)).status).toBe(404);
    const row = await db.selectFrom('activities').select(['status', 'hidden_reason']).where('id', '=', narvik).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'hidden', hidden_reason: 'Reklame for et firma' });
    const log = await db.selectFrom('audit_log').select(['action', 'user_id', 'details']).where('action', '=', 'activity-hide').executeTakeFirstOrThrow();
    expect(log.user_id).toBe(moderator.userId);
    expect(JSON.parse(log.details)).toEqual({ activity_id: narvik, title: 'Korøvelse', reason: 'Reklame for et firma' });
    const again = await postForm(
      app,
      `/moderering/arrangementer/${narvik}/skjul`,
      { csrf: moderator.csrf, sequence: '0', reason: 'Igjen' },
      { Cookie: moderator.cookie },
    );
    expect(again.response.headers.get('Location')).toBe('/moderering/arrangementer?melding=already-handled');
  });

  it('asks for a reason before hiding', async () => {
    const { app, db, moderator, narvik } = await setup();
    const result = await postForm(
      app,
      `/moderering/arrangementer/${narvik}/skjul`,
      { csrf: moderator.csrf, sequence: '0', reason: '  ' },
      { Cookie: moderator.cookie },
    );
    expect(result.response.headers.get('Location')).toBe('/moderering/arrangementer?melding=reason-required');
    expect((await db.selectFrom('activities').select('status').where('id', '=', narvik).executeTakeFirstOrThrow()).status).toBe('visible');
  });

  it('refuses an activity outside the moderator’s municipalities with 403 and changes nothing', async () => {
    const { app, db, moderator, tromso } = await setup();
    const result = await postForm(
      app,
      `/moderering/arrangementer/${tromso}/skjul`,
      { csrf: moderator.csrf, sequence: '0', reason: 'Nei' },
      { Cookie: moderator.cookie },
    );
    expect(result.status).toBe(403);
    expect((await db.selectFrom('activities').select('status').where('id', '=', tromso).executeTakeFirstOrThrow()).status).toBe('visible');
  });

  it('approves a waiting activity (EVENTS_REQUIRE_APPROVAL), which then shows on /hva-skjer', async () => {
    const { app, moderator, narvik } = await setup('pending');
    expect((await get(app, '/hva-skjer')).body).not.toContain('Korøvelse');
    const page = await get(app, '/moderering/arrangementer', { Cookie: moderator.cookie });
    expect(text(page.doc.querySelector('.queue-item__kind'))).toBe('Venter på godkjenning');
    const approved = await postForm(app, `/moderering/arrangementer/${narvik}/godkjenn`, { csrf: moderator.csrf, sequence: '0' }, { Cookie: moderator.cookie });
    expect(approved.response.headers.get('Location')).toBe('/moderering/arrangementer?melding=approved');
    expect(text((await get(app, '/hva-skjer')).doc.querySelector('.occurrence__title'))).toBe('Korøvelse');
    expect((await get(app, '/moderering/arrangementer', { Cookie: moderator.cookie })).doc.querySelectorAll('.queue-item').length).toBe(0);
  });

  it('sends visitors without a session to sign in, and refuses a post without the CSRF token', async () => {
    const { app, db, moderator, narvik } = await setup();
    const anonymous = await get(app, '/moderering/arrangementer');
    expect(anonymous.status).toBe(303);
    expect(anonymous.response.headers.get('Location')).toBe('/logg-inn?neste=%2Fmoderering%2Farrangementer');
    const forged = await postForm(app, `/moderering/arrangementer/${narvik}/skjul`, { sequence: '0', reason: 'x' }, { Cookie: moderator.cookie });
    expect(forged.status).toBe(403);
    expect((await db.selectFrom('activities').select('status').where('id', '=', narvik).executeTakeFirstOrThrow()).status).toBe('visible');
  });
});
