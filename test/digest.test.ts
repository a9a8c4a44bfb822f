import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { createClaim } from '../src/db/claims.js';
import type { Reference } from '../src/db/reference.js';
import { createReport } from '../src/db/reports.js';
import type { DB } from '../src/db/sqlite.js';
import { associationFormData, proposeRevision, requestRemoval } from '../src/db/submissions.js';
import { digestPeriod, isoWeek, sendDigests } from '../src/digest.js';
import type { Mailer } from '../src/mail/mailer.js';
import { association, formToken, get, movableClock, postForm, signIn, testApp } from './helpers.js';
import { ROOT, nodeTs } from './node-ts.js';

// Moderators are told when there is work: `npm run digest` mails each one what waits in their
// own scope, and an admin can turn on a mail at once for new registrations.

let app: App;
let db: DB;
let reference: Reference;
let mailer: Mailer;
let clock: ReturnType<typeof movableClock>;
const logger = pino({ level: 'silent' });

async function idOf(name: string) {
  return (await db.selectFrom('associations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

const runDigest = () => sendDigests({ db, mailer, config: { baseUrl: 'https://lag.example.no', defaultLanguage: 'nb' }, reference, logger, now: clock.now() });
const mailTo = (recipient: string) => db.selectFrom('outbox').select(['subject', 'text_body']).where('recipient', '=', recipient).orderBy('id').execute();

beforeEach(async () => {
  clock = movableClock(new Date('2026-11-23T06:00:00Z'));
  ({ app, db, reference, mailer } = await testApp(
    (ref) => [
      association(ref, { name: 'Nytt Narvik-kor', status: 'pending', contactEmail: 'kor@example.no' }),
      association(ref, { name: 'Narvik Turlag', contactEmail: 'tur@example.no' }),
      association(ref, { name: 'Narvik Sjakklubb', contactEmail: 'sjakk@example.no' }),
      association(ref, { name: 'Narvik Skiklubb', contactEmail: 'ski@example.no' }),
      association(ref, { name: 'Narvik Jegerlag' }),
      association(ref, { name: 'Glemt Narvik-lag', contactEmail: 'glemt@example.no', lastConfirmedAt: '2023-01-01T00:00:00.000Z' }),
      association(ref, { name: 'Senja Ventende', status: 'pending', municipalityNumber: '5530', contactEmail: 'senja@example.no' }),
    ],
    {},
    { clock: clock.now },
  ));
  const turlag = await db.selectFrom('associations').selectAll().where('name', '=', 'Narvik Turlag').executeTakeFirstOrThrow();
  await proposeRevision(db, turlag.id, { ...(await associationFormData(db, turlag, reference)), name: 'Narvik Turlag og Friluftslag' }, clock.now());
  await requestRemoval(db, await idOf('Narvik Sjakklubb'), clock.now());
  await createReport(db, {
    associationId: await idOf('Narvik Skiklubb'),
    data: { kind: 'broken_link', message: 'Lenken virker ikke.', email: null },
    lang: 'nb',
    now: clock.now(),
  });
  await createClaim(
    db,
    { associationId: await idOf('Narvik Jegerlag'), contactName: 'Per', contactEmail: 'per@example.no', phone: null, message: 'Jeg er leder.', lang: 'nb' },
    clock.now(),
  );
});

describe('npm run digest', () => {
  it('mails each moderator exactly the items waiting in their scope, with counts and direct links', async () => {
    await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
    await signIn(db, { email: 'senja@example.no', role: 'moderator', regions: ['midt-troms'] });
    await signIn(db, { email: 'tromso@example.no', role: 'moderator', municipalities: ['5501'] });

    expect(await runDigest()).toEqual({ sent: 2, recipients: 3 });
    const [mail, ...more] = await mailTo('narvik@example.no');
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('Lagportal: 5 oppføringer venter på deg');
    const link = async (name: string) => `https://lag.example.no/moderering/lag/${await idOf(name)}`;
    expect(mail!.text_body).toBe(
      [
        'Hei!',
        '',
        'Dette venter i kommunene dine i Lagportal (i dag, 23. november 2026):',
        '',
        'Nye registreringer: 1',
        `- Nytt Narvik-kor (Narvik): ${await link('Nytt Narvik-kor')}`,
        '',
        'Endringer: 1',
        `- Narvik Turlag (Narvik): ${await link('Narvik Turlag')}`,
        '',
        'Ønsker om sletting: 1',
        `- Narvik Sjakklubb (Narvik): ${await link('Narvik Sjakklubb')}`,
        '',
        'Meldte feil: 1',
        `- Narvik Skiklubb (Narvik): ${await link('Narvik Skiklubb')}`,
        '',
        'Krav om oppføringer: 1',
        `- Narvik Jegerlag (Narvik): ${await link('Narvik Jegerlag')}`,
        '',
        'Hele køen: https://lag.example.no/moderering',
        '',
        'Du får denne e-posten fordi du er moderator. Hvor ofte den kommer, velger du på https://lag.example.no/moderering/konto.',
        '',
        'Hilsen Lagportal',
      ].join('\n'),
    );
    // Senja (5530) is in Midt-Troms: only its own registration.
    const [senja] = await mailTo('senja@example.no');
    expect(senja!.subject).toBe('Lagportal: 1 oppføring venter på deg');
    expect(senja!.text_body).toContain('- Senja Ventende (Senja): ');
    expect(senja!.text_body).not.toContain('Narvik');
    // Nothing waits in Tromsø: no mail at all.
    expect(await mailTo('tromso@example.no')).toEqual([]);

    // The admin can read it in the outbox too.
    const admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
    expect((await get(app, '/moderering/utboks', { Cookie: admin.cookie })).body).toContain('Lagportal: 5 oppføringer venter på deg');
  });

  it('never sends twice in one period, and sends what still waits in the next', async () => {
    await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
    expect((await runDigest()).sent).toBe(1);
    clock.advance(3 * 60 * 60 * 1000);
    expect((await runDigest()).sent).toBe(0);
    expect(await mailTo('narvik@example.no')).toHaveLength(1);
    // The next day (Norwegian time) what still waits comes again.
    clock.advance(20 * 60 * 60 * 1000);
    expect((await runDigest()).sent).toBe(1);
    expect((await mailTo('narvik@example.no'))[1]!.text_body).toContain('(i dag, 24. november 2026)');
  });

  it('sends a weekly digest once a week, and none to a moderator who turned it off or is disabled', async () => {
    const weekly = await signIn(db, { email: 'weekly@example.no', role: 'moderator', municipalities: ['1806'] });
    const off = await signIn(db, { email: 'off@example.no', role: 'moderator', municipalities: ['1806'] });
    const disabled = await signIn(db, { email: 'disabled@example.no', role: 'moderator', municipalities: ['1806'] });
    await postForm(app, '/moderering/konto/varsler', { csrf: weekly.csrf, digest: 'weekly' }, { Cookie: weekly.cookie });
    await postForm(app, '/moderering/konto/varsler', { csrf: off.csrf, digest: 'off' }, { Cookie: off.cookie });
    await db.updateTable('users').set({ disabled_at: clock.now().toISOString() }).where('id', '=', disabled.userId).execute();

    expect(await runDigest()).toEqual({ sent: 1, recipients: 1 });
    expect((await mailTo('weekly@example.no'))[0]!.text_body).toContain('(uka fra 23. november 2026)');
    clock.advance(4 * 24 * 60 * 60 * 1000); // Friday, same week
    expect((await runDigest()).sent).toBe(0);
    clock.advance(3 * 24 * 60 * 60 * 1000); // Monday after
    expect((await runDigest()).sent).toBe(1);
    expect(await mailTo('off@example.no')).toEqual([]);
    expect(await mailTo('disabled@example.no')).toEqual([]);
  });

  it('counts days and ISO weeks in Norwegian time', () => {
    expect(digestPeriod('daily', new Date('2026-11-23T23:30:00Z')).key).toBe('2026-11-24');
    expect(isoWeek('2026-11-23')).toEqual({ week: '2026-W48', monday: '2026-11-23' });
    expect(isoWeek('2027-01-01')).toEqual({ week: '2026-W53', monday: '2026-12-28' });
    expect(isoWeek('2026-01-01')).toEqual({ week: '2026-W01', monday: '2025-12-29' });
  });
});

describe('"tell me at once" about new registrations', () => {
  it('mails the moderators an admin turned it on for, when a registration in their scope arrives', async () => {
    const admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
    const narvik = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
    await signIn(db, { email: 'senja@example.no', role: 'moderator', municipalities: ['5530'] });
    await signIn(db, { email: 'quiet@example.no', role: 'moderator', municipalities: ['1806'] });
    const senjaId = (await db.selectFrom('users').select('id').where('email', '=', 'senja@example.no').executeTakeFirstOrThrow()).id;
    for (const id of [narvik.userId, senjaId]) {
      expect((await postForm(app, `/moderering/brukere/${id}/varsling`, { csrf: admin.csrf, notify: '1' }, { Cookie: admin.cookie })).status).toBe(303);
    }
    const users = await get(app, '/moderering/brukere', { Cookie: admin.cookie });
    expect(users.doc.querySelector(`#user-${narvik.userId}-notify`)?.hasAttribute('checked')).toBe(true);
    expect(await db.selectFrom('audit_log').select('action').where('action', '=', 'user-notify').execute()).toHaveLength(2);

    const form = await get(app, '/registrer');
    clock.advance(5_000);
    const registered = await postForm(app, '/registrer', {
      form_token: formToken(form.doc),
      name: 'Beisfjord Sangkor',
      short_description: 'Vi synger i Beisfjord kirke.',
      description: '',
      categories: 'kunst-og-kultur',
      municipality: '1806',
      contact_name: 'Kari Nordmann',
      contact_email: 'kari@example.no',
      accept_terms: '1',
    });
    expect(registered.status).toBe(303);
    const [mail, ...more] = await mailTo('narvik@example.no');
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('Ny registrering: Beisfjord Sangkor');
    expect(mail!.text_body).toContain(`https://lag.example.no/moderering/lag/${await idOf('Beisfjord Sangkor')}`);
    expect(await mailTo('senja@example.no')).toEqual([]);
    expect(await mailTo('quiet@example.no')).toEqual([]);
  });
});

describe('the command', () => {
  function digestCli(dbPath: string, args: string[]) {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DB_PATH: dbPath, OUTBOX_DIR: join(dbPath, '..', 'outbox'), LOG_LEVEL: 'silent' };
    const result = spawnSync(...nodeTs('src/cli/digest.ts', ...args), { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('prints help with 0, refuses unknown arguments with 2, and runs on a database with 0', { timeout: 90_000 }, () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'lagportal-digest-')), 'lagportal.db');
    const help = digestCli(dbPath, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout.split('\n')[0]).toBe('usage: npm run digest');
    const bad = digestCli(dbPath, ['--daily']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--daily'");
    expect(bad.stderr).toContain('usage: npm run digest');
    const extra = digestCli(dbPath, ['now']);
    expect(extra.status).toBe(2);
    const run = digestCli(dbPath, []);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^sent 0 digest\(s\) to 0 moderator\(s\) who want one in \d+ s\n$/);
    const broken = digestCli(join(dbPath, 'not-a-dir', 'x.db'), []);
    expect(broken.status).toBe(1);
  });
});
