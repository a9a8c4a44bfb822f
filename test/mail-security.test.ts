import { readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerOptions } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HTMLElement } from 'node-html-parser';
import type { App } from '../src/app.js';
import type { BackgroundTasks } from '../src/lib/background.js';
import type { Mailer } from '../src/mail/mailer.js';
import type { DB } from '../src/db/sqlite.js';
import { createEditToken, proposeRevision, associationFormData } from '../src/db/submissions.js';
import type { Reference } from '../src/db/reference.js';
import { allSlugs, importBrregBatch } from '../src/db/brreg.js';
import { toBrregEntry } from '../src/lib/brreg.js';
import { brregUnit } from './brreg-fixtures.js';
import { association, deliveredText, formToken, get, movableClock, postForm, signIn, testApp, text } from './helpers.js';

// Issue 16, items 2–4: who may still use an entry's edit links after its contact person
// changes, what erasing an entry's personal data leaves in the outbox, and what the outbox
// keeps of a working link.

let app: App;
let db: DB;
let reference: Reference;
let background: BackgroundTasks;
let mailer: Mailer;
let outboxDir: string;
let clock: ReturnType<typeof movableClock>;
let narvik: { cookie: string; csrf: string; userId: number };

beforeEach(async () => {
  clock = movableClock();
  ({ app, db, reference, background, mailer, outboxDir } = await testApp(
    (ref) => [
      association(ref, {
        name: 'Narvik Turlag',
        contactName: 'Forrige Leder',
        contactEmail: 'forrige@example.no',
        email: 'post@turlag.example.no',
        contactViaForm: true,
      }),
      association(ref, { name: 'Narvik Sjakklubb', contactName: 'Ny Leder', contactEmail: 'ny@example.no' }),
      association(ref, { name: 'Ventende Kor', contactName: 'Forrige Leder', contactEmail: 'forrige@example.no', status: 'pending' }),
    ],
    {},
    { clock: clock.now },
  ));
  narvik = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
});

async function entry(name: string) {
  return db.selectFrom('associations').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
}

async function mails() {
  await background.idle();
  return db.selectFrom('outbox').selectAll().orderBy('id').execute();
}

function linkIn(body: string): string {
  const match = /https:\/\/lag\.example\.no(\/endre\/[A-Za-z0-9_-]{43})/.exec(body);
  if (!match) throw new Error(`no edit link in: ${body}`);
  return match[1]!;
}

/** Every field of a form as the browser would send it, with `changes` on top. */
function formFields(form: HTMLElement, changes: Record<string, string | string[]>): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const input of form.querySelectorAll('input')) {
    const type = input.getAttribute('type') ?? 'text';
    const name = input.getAttribute('name');
    if (!name || type === 'submit') continue;
    if ((type === 'checkbox' || type === 'radio') && !input.hasAttribute('checked')) continue;
    const value = input.getAttribute('value') ?? (type === 'checkbox' ? 'on' : '');
    const existing = fields[name];
    fields[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  for (const area of form.querySelectorAll('textarea')) fields[area.getAttribute('name')!] = area.textContent;
  for (const select of form.querySelectorAll('select')) {
    fields[select.getAttribute('name')!] = select.querySelector('option[selected]')?.getAttribute('value') ?? '';
  }
  return { ...fields, ...changes };
}

/** A moderator's own edit of an entry through /moderering/lag/:id. */
async function moderatorEdit(id: number, changes: Record<string, string>) {
  const page = await get(app, `/moderering/lag/${id}`, { Cookie: narvik.cookie });
  const form = page.doc.querySelector('form.association-form')!;
  return postForm(app, `/moderering/lag/${id}`, formFields(form, changes), { Cookie: narvik.cookie });
}

/** The association sends its edit form behind the link. */
async function editThroughLink(link: string, changes: Record<string, string>) {
  const page = await get(app, link);
  const form = page.doc.querySelector('form.association-form')!;
  return postForm(app, link, formFields(form, changes));
}

describe('a new contact person (issue 16, item 2)', () => {
  it('approving a change of contact revokes the old links, mails the new contact a link and the old one a notice', async () => {
    const turlag = await entry('Narvik Turlag');
    const oldLink = `/endre/${await createEditToken(db, turlag.id, clock.now(), 30)}`;
    const proposed = { ...(await associationFormData(db, turlag, reference)), contactName: 'Ny Leder', contactEmail: 'ny@example.no' };
    const revisionId = await proposeRevision(db, turlag.id, proposed, clock.now());

    expect((await postForm(app, `/moderering/endring/${revisionId}/godkjenn`, { csrf: narvik.csrf }, { Cookie: narvik.cookie })).status).toBe(303);

    // The old contact's link no longer opens the entry, nor shows the new contact's details.
    const old = await get(app, oldLink);
    expect(old.status).toBe(410);
    expect(old.body).not.toContain('ny@example.no');
    expect((await postForm(app, `${oldLink}/slett`, { form_token: 'x' })).status).toBe(410);

    const sent = await mails();
    expect(sent.map((m) => [m.recipient, m.subject, m.association_id])).toEqual([
      ['ny@example.no', 'Du er nå kontaktperson for Narvik Turlag i Lagportal', turlag.id],
      ['forrige@example.no', 'Du er ikke lenger kontaktperson for Narvik Turlag i Lagportal', turlag.id],
    ]);
    const newLink = linkIn(deliveredText(sent[0]!));
    const opened = await get(app, newLink);
    expect(opened.status).toBe(200);
    expect(text(opened.doc.querySelector('h1'))).toBe('Endre Narvik Turlag');
    expect(deliveredText(sent[1]!)).not.toContain('/endre/');
    expect(deliveredText(sent[1]!)).toContain('virker ikke lenger');
  });

  it("a moderator's edit of the contact email does the same", async () => {
    const turlag = await entry('Narvik Turlag');
    const oldLink = `/endre/${await createEditToken(db, turlag.id, clock.now(), 30)}`;
    const saved = await moderatorEdit(turlag.id, { contact_name: 'Ny Leder', contact_email: 'ny@example.no' });
    expect(saved.status).toBe(303);
    expect((await entry('Narvik Turlag')).contact_email).toBe('ny@example.no');

    expect((await get(app, oldLink)).status).toBe(410);
    const sent = await mails();
    expect(sent.map((m) => m.recipient)).toEqual(['ny@example.no', 'forrige@example.no']);
    expect((await get(app, linkIn(deliveredText(sent[0]!)))).status).toBe(200);
  });

  it('an edit that keeps the contact email keeps the links and sends nothing', async () => {
    const turlag = await entry('Narvik Turlag');
    const link = `/endre/${await createEditToken(db, turlag.id, clock.now(), 30)}`;
    expect((await moderatorEdit(turlag.id, { short_description: 'Turer hver søndag.', contact_email: 'Forrige@Example.no' })).status).toBe(303);
    expect((await get(app, link)).status).toBe(200);
    expect(await mails()).toEqual([]);
  });

  it('changing the contact email of a pending entry through its link hands the link over too', async () => {
    const kor = await entry('Ventende Kor');
    const link = `/endre/${await createEditToken(db, kor.id, clock.now(), 30)}`;
    const saved = await editThroughLink(link, { contact_name: 'Ny Leder', contact_email: 'ny@example.no' });
    expect(saved.status).toBe(303);
    expect(saved.response.headers.get('Location')).toBe('/endre?sendt=1');
    expect((await get(app, link)).status).toBe(410);
    const sent = await mails();
    expect(sent.map((m) => [m.recipient, m.subject])).toEqual([
      ['ny@example.no', 'Du er nå kontaktperson for Ventende Kor i Lagportal'],
      ['forrige@example.no', 'Du er ikke lenger kontaktperson for Ventende Kor i Lagportal'],
    ]);
    expect((await get(app, linkIn(deliveredText(sent[0]!)))).status).toBe(200);
  });
});

describe('erasing personal data (issue 16, item 3)', () => {
  it('leaves no mail about the entry, whoever it went to, and keeps mail about other entries', async () => {
    const turlag = await entry('Narvik Turlag');
    // An earlier contact person: replaced by a moderator (link to the new one, notice to the old).
    expect((await moderatorEdit(turlag.id, { contact_name: 'Ny Leder', contact_email: 'ny@example.no' })).status).toBe(303);
    // A visitor reports an error and is told when it is handled.
    const reportPage = await get(app, '/lag/narvik-turlag/meld-feil');
    clock.advance(5_000);
    await postForm(app, '/lag/narvik-turlag/meld-feil', {
      form_token: formToken(reportPage.doc),
      kind: 'wrong_info',
      message: 'Feil telefonnummer.',
      email: 'melder@example.org',
    });
    const report = await db.selectFrom('reports').select('id').executeTakeFirstOrThrow();
    expect((await postForm(app, `/moderering/feilmelding/${report.id}/behandlet`, { csrf: narvik.csrf }, { Cookie: narvik.cookie })).status).toBe(303);
    // A visitor writes through the contact form.
    const contactPage = await get(app, '/lag/narvik-turlag/kontakt');
    clock.advance(5_000);
    await postForm(app, '/lag/narvik-turlag/kontakt', {
      form_token: formToken(contactPage.doc),
      name: 'Besøkende',
      email: 'besok@example.org',
      message: 'Kan jeg bli med?',
    });
    // The new contact, who also runs another club, asks for links to both.
    const requestPage = await get(app, '/endre');
    clock.advance(5_000);
    await postForm(app, '/endre', { form_token: formToken(requestPage.doc), email: 'ny@example.no' });

    const before = await mails();
    expect(before.map((m) => m.recipient).sort()).toEqual(
      ['forrige@example.no', 'melder@example.org', 'ny@example.no', 'ny@example.no', 'ny@example.no', 'post@turlag.example.no'].sort(),
    );
    const linkToTurlag = linkIn(deliveredText(before.find((m) => m.subject === 'Lenke for å endre oppføringen i Lagportal')!));

    // The association asks for removal through its link; a moderator approves it.
    const editPage = await get(app, linkToTurlag);
    expect((await postForm(app, `${linkToTurlag}/slett`, { form_token: formToken(editPage.doc) })).status).toBe(303);
    const removal = await db.selectFrom('revisions').select('id').where('kind', '=', 'removal').executeTakeFirstOrThrow();
    expect((await postForm(app, `/moderering/endring/${removal.id}/godkjenn`, { csrf: narvik.csrf }, { Cookie: narvik.cookie })).status).toBe(303);

    // Table by table: nothing about the entry's people is left.
    const left = await mails();
    expect(left.map((m) => [m.recipient, m.subject])).toEqual([['ny@example.no', 'Lenke for å endre oppføringen i Lagportal']]);
    expect(await db.selectFrom('outbox').select('id').where('association_id', '=', turlag.id).execute()).toEqual([]);
    expect(await db.selectFrom('reports').select('reporter_email').execute()).toEqual([{ reporter_email: null }]);
    expect(await db.selectFrom('edit_tokens').select('id').where('association_id', '=', turlag.id).execute()).toEqual([]);
    expect(await db.selectFrom('revisions').select('data').where('association_id', '=', turlag.id).execute()).toEqual([{ data: null }]);
    expect(await entry('Narvik Turlag')).toMatchObject({ status: 'archived', contact_email: null, contact_name: null, email: null });

    // And what an admin reads in the outbox.
    const admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
    const outbox = await get(app, '/moderering/utboks', { Cookie: admin.cookie });
    for (const address of ['forrige@example.no', 'melder@example.org', 'besok@example.org', 'post@turlag.example.no'])
      expect(outbox.body).not.toContain(address);
    expect(outbox.body).not.toContain('Narvik Turlag');
    expect(outbox.body).toContain('Narvik Sjakklubb');
    // Their .eml copies are gone as well; the one about the other club stays.
    expect(readdirSync(outboxDir)).toEqual([left[0]!.eml_path!.split('/').at(-1)]);
    expect(await mailer.sweepEmlFiles()).toBe(0);
  });
});

describe('erasing the personal data of a claimed entry (issue 16, item 3)', () => {
  it('leaves no mail to the claimant who got it nor to the one who was turned away', async () => {
    const unit = toBrregEntry(brregUnit('974760673', { navn: 'NARVIK IDRETTSLAG', naeringskode1: { kode: '93.120' } }), new Set(['1806']), 2026);
    if (!unit.ok) throw new Error('the fixture unit did not import');
    await importBrregBatch(db, [unit.entry], { reference, now: clock.now(), takenSlugs: await allSlugs(db) });
    for (const [name, email] of [
      ['Kari Krav', 'kari.krav@example.org'],
      ['Per Krav', 'per.krav@example.org'],
    ]) {
      const form = await get(app, '/lag/narvik-idrettslag/dette-er-oss');
      clock.advance(5_000);
      const sent = await postForm(app, '/lag/narvik-idrettslag/dette-er-oss', {
        form_token: formToken(form.doc),
        contact_name: name!,
        contact_email: email!,
        message: 'Jeg sitter i styret.',
        accept_terms: '1',
      });
      expect(sent.status).toBe(303);
    }
    const [first] = await db.selectFrom('claims').select('id').orderBy('id').execute();
    expect((await postForm(app, `/moderering/krav/${first!.id}/godkjenn`, { csrf: narvik.csrf }, { Cookie: narvik.cookie })).status).toBe(303);
    const claimMails = await mails();
    expect(claimMails.map((m) => m.recipient)).toEqual(['kari.krav@example.org', 'per.krav@example.org']);
    expect(claimMails.every((m) => m.claim_id !== null)).toBe(true);

    const link = linkIn(deliveredText(claimMails[0]!));
    const editPage = await get(app, link);
    expect((await postForm(app, `${link}/slett`, { form_token: formToken(editPage.doc) })).status).toBe(303);
    const removal = await db.selectFrom('revisions').select('id').where('kind', '=', 'removal').executeTakeFirstOrThrow();
    expect((await postForm(app, `/moderering/endring/${removal.id}/godkjenn`, { csrf: narvik.csrf }, { Cookie: narvik.cookie })).status).toBe(303);

    expect(await mails()).toEqual([]);
    expect(await db.selectFrom('claims').select('id').execute()).toEqual([]);
    const admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
    const outbox = await get(app, '/moderering/utboks', { Cookie: admin.cookie });
    expect(outbox.body).not.toContain('krav@example.org');
    expect(text(outbox.doc.querySelector('.empty'))).toBe('Ingen e-post ennå.');
  });
});

describe('edit links in the outbox (issue 16, item 4)', () => {
  it('shows admins the mail without its working link', async () => {
    const requestPage = await get(app, '/endre');
    clock.advance(5_000);
    await postForm(app, '/endre', { form_token: formToken(requestPage.doc), email: 'ny@example.no' });
    const [mail] = await mails();
    const link = linkIn(deliveredText(mail!));
    expect((await get(app, link)).status).toBe(200);

    const admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
    const outbox = await get(app, '/moderering/utboks', { Cookie: admin.cookie });
    expect(text(outbox.doc.querySelector('.mail-text'))).toContain('https://lag.example.no/endre/[…]');
    expect(outbox.body).not.toContain(link);
    expect(mail!.text_body).not.toContain(link);
    expect(mail!.unsent_text).toBeNull();
  });
});

describe('mail over SMTP never holds up a request, and is never silently lost (issue 16, item 15)', () => {
  const registration = {
    name: 'Beisfjord Sangkor',
    short_description: 'Vi synger i Beisfjord kirke.',
    description: '',
    categories: ['kunst-og-kultur'],
    municipality: '1806',
    contact_name: 'Kari Nordmann',
    contact_email: 'kari@example.no',
    accept_terms: '1',
  };

  async function smtpServer(onRcptTo: SMTPServerOptions['onRcptTo']) {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 100,
      onRcptTo,
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          received.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return { port: (server.server.address() as AddressInfo).port, received };
  }
  const servers: SMTPServer[] = [];
  afterEach(async () => {
    await mailer.close();
    for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function register() {
    const form = await get(app, '/registrer');
    clock.advance(5_000);
    return postForm(app, '/registrer', { form_token: formToken(form.doc), ...registration });
  }

  it('answers the registration while the SMTP server has not answered yet, and delivers afterwards', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    const smtp = await smtpServer((_address, _session, callback) => {
      asked++;
      void held.then(() => callback());
    });
    ({ app, db, mailer } = await testApp(() => [], { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }, { clock: clock.now }));

    const answer = await register();
    expect(answer.status).toBe(303);
    expect(answer.response.headers.get('Location')).toBe('/registrer/takk');
    const [queued] = await db.selectFrom('outbox').selectAll().execute();
    expect(queued).toMatchObject({ recipient: 'kari@example.no', sent_at: null });
    expect(smtp.received).toEqual([]);

    release();
    await mailer.deliverDue();
    expect(asked).toBe(1);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.replace(/=\r?\n/g, '')).toMatch(/https:\/\/lag\.example\.no\/endre\/[A-Za-z0-9_-]{43}/);
    expect((await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow()).sent_at).toBe(clock.now().toISOString());
  });

  it('shows admins, in their language, the mail it is still trying and the mail it gave up on after a day', async () => {
    const smtp = await smtpServer((_address, _session, callback) => {
      const error = new Error('4.2.2 mailbox full') as Error & { responseCode: number };
      error.responseCode = 452;
      callback(error);
    });
    ({ app, db, mailer } = await testApp(() => [], { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }, { clock: clock.now }));
    const admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
    expect((await register()).status).toBe(303);
    await mailer.deliverDue();

    const waiting = await get(app, '/moderering/utboks', { Cookie: admin.cookie });
    expect(waiting.doc.querySelector('#ikke-levert')).toBeNull();
    expect(text(waiting.doc.querySelector('.mail-state'))).toBe(
      "Venter på å bli sendt etter 1 forsøk (Can't send mail - all recipients were rejected: 452 4.2.2 mailbox full); prøves igjen 23. november 2026 kl. 13:01",
    );

    // Each time the queue says it will try again, time has come.
    for (let i = 0; i < 10; i++) {
      const { next_attempt_at: next } = await db.selectFrom('outbox').select('next_attempt_at').executeTakeFirstOrThrow();
      if (!next) break;
      clock.advance(new Date(next).getTime() - clock.now().getTime());
      await mailer.deliverDue();
    }
    const row = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(row.failed_at).not.toBeNull();
    expect(smtp.received).toEqual([]);

    // Days later: a fresh session (the first one has long timed out).
    const later = await signIn(db, { email: 'admin2@example.no', role: 'admin' }, clock.now());
    const nb = await get(app, '/moderering/utboks', { Cookie: later.cookie });
    const section = nb.doc.querySelector('#ikke-levert');
    expect(text(section?.querySelector('h2'))).toBe('E-post som ikke kom fram');
    expect(text(section?.querySelector('p'))).toContain('1 e-post kunne ikke leveres');
    expect(row.attempts).toBe(6);
    expect(text(section?.querySelector('.mail-state--failed'))).toBe(
      "Ga opp etter 6 forsøk gjennom et døgn: Can't send mail - all recipients were rejected: 452 4.2.2 mailbox full",
    );
    expect(text(section?.querySelector('.queue-item__title'))).toBe('Vi har mottatt registreringen i Lagportal');

    const en = await get(app, '/moderering/utboks?lang=en', { Cookie: later.cookie });
    expect(text(en.doc.querySelector('#ikke-levert h2'))).toBe('Email that did not arrive');
    expect(text(en.doc.querySelector('#ikke-levert .mail-state--failed'))).toBe(
      "Given up after 6 attempts over a day: Can't send mail - all recipients were rejected: 452 4.2.2 mailbox full",
    );
  });
});
