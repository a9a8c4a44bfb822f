import { describe, expect, it } from 'vitest';
import { createEditToken } from '../src/db/submissions.js';
import { association, dom, get, NOW, postForm, testApp, text } from './helpers.js';

async function appWithLink(env: Record<string, string> = {}) {
  const built = await testApp((r) => [association(r, { name: 'Bjerkvik Sangkor', categories: ['kunst-og-kultur'], place: 'bjerkvik' })], env);
  const { id } = await built.db.selectFrom('associations').select('id').executeTakeFirstOrThrow();
  const token = await createEditToken(built.db, id, NOW, 30);
  return { ...built, link: `/endre/${token}`, associationId: id };
}

/** Opens the new-activity form behind the link and posts it with the given fields. */
async function postActivity(
  app: Awaited<ReturnType<typeof appWithLink>>['app'],
  link: string,
  fields: Record<string, string | string[]>,
  path = `${link}/aktiviteter`,
) {
  const form = await get(app, `${link}/aktiviteter/ny`);
  expect(form.status).toBe(200);
  const token = form.doc.querySelector('input[name="form_token"]')!.getAttribute('value')!;
  return postForm(app, path, { form_token: token, ...fields });
}

const practice = {
  kind: 'activity',
  title: 'Korøvelse',
  description: 'Vi øver til julekonserten.',
  start_date: '2026-09-01',
  start_time: '19:00',
  end_time: '21:00',
  frequency: 'weekly',
  weekdays: ['TU'],
  week_of_month: '1',
  skipped_dates: '22.12.2026\n29.12.2026',
  place: 'bjerkvik',
  address: 'Bjerkvik skole',
  price_type: 'free',
  languages: ['nb'],
};

describe('activities through the private edit link', () => {
  it('shows the section on the edit page and adds a weekly activity that is listed there afterwards', async () => {
    const { app, link, db } = await appWithLink();
    const page = await get(app, link);
    expect(text(page.doc.querySelector('#activities-heading'))).toBe('Aktiviteter og arrangementer');
    expect(text(page.doc.querySelector('#aktiviteter'))).toContain('Dere har ikke lagt inn noen aktiviteter eller arrangementer ennå.');

    const saved = await postActivity(app, link, practice);
    expect(saved.status).toBe(303);
    expect(saved.response.headers.get('Location')).toBe(`${link}?aktivitet=saved#aktiviteter`);

    const after = await get(app, `${link}?aktivitet=saved`);
    const section = after.doc.querySelector('#aktiviteter')!;
    expect(text(section.querySelector('[role="status"]'))).toBe('Aktiviteten er lagret.');
    expect(text(section.querySelector('.activity-list li'))).toContain('Korøvelse');
    expect(text(section.querySelector('.activity-list li'))).toContain('Tirsdager kl. 19:00–21:00, fra 1. september 2026');
    const row = await db.selectFrom('activities').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      kind: 'activity',
      weekdays: 'TU',
      skipped_dates: '2026-12-22,2026-12-29',
      status: 'visible',
      sequence: 0,
      price: null,
      address: 'Bjerkvik skole',
    });
  });

  it('answers 422 with a message at each bad field and keeps what was typed', async () => {
    const { app, link, db } = await appWithLink();
    const result = await postActivity(app, link, {
      ...practice,
      title: 'Øvelse med feil',
      start_time: '21:00',
      end_time: '19:00',
      weekdays: [],
      end_date: '2029-01-01',
      age_from: '18',
      age_to: '12',
      price_type: 'paid',
      price: 'hundre kroner',
      signup_url: 'javascript:alert(1)',
    });
    expect(result.status).toBe(422);
    const error = (id: string) => text(result.doc.querySelector(`#${id}-error`));
    expect(error('activity-end-time')).toBe('Slutten kan ikke være før eller samtidig med starten.');
    expect(error('activity-weekdays-group')).toBe('Velg minst én dag.');
    expect(error('activity-end-date')).toBe('Datoen kan ikke være mer enn to år fram i tid.');
    expect(error('activity-age-to')).toBe('«Alder til» kan ikke være lavere enn «alder fra».');
    expect(error('activity-price')).toBe('Skriv prisen som et helt tall kroner, for eksempel 150.');
    expect(error('activity-signup-url')).toBe('Skriv en nettadresse som begynner med http:// eller https://.');
    expect(result.doc.querySelectorAll('.error-summary li').length).toBe(6);
    expect(result.doc.querySelector('#activity-title')!.getAttribute('value')).toBe('Øvelse med feil');
    expect(result.doc.querySelector('#activity-price')!.getAttribute('value')).toBe('hundre kroner');
    expect(result.doc.querySelector('#activity-age-from')!.getAttribute('value')).toBe('18');
    expect(await db.selectFrom('activities').selectAll().execute()).toEqual([]);
  });

  it('refuses an event whose last day is before its first', async () => {
    const { app, link } = await appWithLink();
    const result = await postActivity(app, link, {
      kind: 'event',
      title: 'Julemarked',
      start_date: '14.12.2026',
      end_date: '13.12.2026',
      start_time: '10:00',
      end_time: '15:00',
      price_type: 'free',
    });
    expect(result.status).toBe(422);
    expect(text(result.doc.querySelector('#activity-end-date-error'))).toBe('Siste dag kan ikke være før første dag.');
    expect(result.doc.querySelector('#activity-start-date')!.getAttribute('value')).toBe('14.12.2026');
  });

  it('changes an activity (SEQUENCE grows) and deletes it', async () => {
    const { app, link, db } = await appWithLink();
    await postActivity(app, link, practice);
    const { id } = await db.selectFrom('activities').select('id').executeTakeFirstOrThrow();
    const form = await get(app, `${link}/aktiviteter/${id}`);
    expect(form.status).toBe(200);
    expect(form.doc.querySelector('#activity-title')!.getAttribute('value')).toBe('Korøvelse');
    expect(form.doc.querySelector('#activity-skipped-dates')!.textContent).toBe('2026-12-22\n2026-12-29');
    const token = form.doc.querySelector('input[name="form_token"]')!.getAttribute('value')!;
    const changed = await postForm(app, `${link}/aktiviteter/${id}`, { form_token: token, ...practice, weekdays: ['TU', 'TH'] });
    expect(changed.status).toBe(303);
    expect(await db.selectFrom('activities').select(['weekdays', 'sequence']).executeTakeFirstOrThrow()).toEqual({ weekdays: 'TU,TH', sequence: 1 });

    const page = await get(app, link);
    const deleteForm = page.doc.querySelector(`form[action="${link}/aktiviteter/${id}/slett"]`)!;
    const deleted = await postForm(app, `${link}/aktiviteter/${id}/slett`, {
      form_token: deleteForm.querySelector('input[name="form_token"]')!.getAttribute('value')!,
    });
    expect(deleted.response.headers.get('Location')).toBe(`${link}?aktivitet=deleted#aktiviteter`);
    expect(await db.selectFrom('activities').selectAll().execute()).toEqual([]);
  });

  it('refuses a post from another site and changes nothing', async () => {
    const { app, link, db } = await appWithLink();
    const result = await postActivity(app, link, practice, `${link}/aktiviteter`).catch(() => null);
    expect(result?.status).toBe(303);
    const foreign = await app.request(`${link}/aktiviteter`, {
      method: 'POST',
      body: new URLSearchParams({ ...practice, weekdays: 'TU', languages: 'nb', title: 'Fremmed' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect((await db.selectFrom('activities').select('title').execute()).map((r) => r.title)).toEqual(['Korøvelse']);
  });

  it('with EVENTS_REQUIRE_APPROVAL=1 a new activity waits for a moderator', async () => {
    const { app, link, db } = await appWithLink({ EVENTS_REQUIRE_APPROVAL: '1' });
    const saved = await postActivity(app, link, practice);
    expect(saved.response.headers.get('Location')).toBe(`${link}?aktivitet=saved-for-review#aktiviteter`);
    expect((await db.selectFrom('activities').select('status').executeTakeFirstOrThrow()).status).toBe('pending');
    const page = await get(app, link);
    expect(text(page.doc.querySelector('.activity-list li'))).toContain('venter på godkjenning');
  });

  it('an unknown link gets the link page, not the form', async () => {
    const { app } = await appWithLink();
    const result = await get(app, '/endre/ukjent-lenke-som-ikke-finnes-00000/aktiviteter/ny');
    expect(result.status).toBe(404);
    expect(dom(result.body).querySelector('form.activity-form')).toBeNull();
  });
});
