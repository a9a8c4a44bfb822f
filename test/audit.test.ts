import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { AUDIT_ACTIONS, recordAudit } from '../src/db/audit.js';
import { allSlugs, importBrregBatch } from '../src/db/brreg.js';
import type { Reference } from '../src/db/reference.js';
import type { DB } from '../src/db/sqlite.js';
import type { BrregEntry, BrregFields } from '../src/lib/brreg.js';
import { NOW, association, deliveredText, formToken, freshDatabase, get, movableClock, insert, postForm, testApp } from './helpers.js';

// The audit log has one writer, recordAudit in src/db/audit.ts, and one rule for what
// personal data an entry's record may hold: none, only whether a personal field changed.

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

async function auditRows(db: DB, action: string) {
  const rows = await db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}

describe('the one writer of the audit log', () => {
  it('is the only code that inserts into audit_log', () => {
    const writers = sourceFiles('src').filter((file) => /insertInto\(\s*['"]audit_log['"]/.test(readFileSync(file, 'utf8')));
    expect(writers).toEqual([join('src', 'db', 'audit.ts')]);
  });

  it('is called for every action type it knows, and each is used somewhere', () => {
    const code = sourceFiles('src')
      .filter((file) => file !== join('src', 'db', 'audit.ts'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused = AUDIT_ACTIONS.filter((action) => !code.includes(`'${action}'`));
    expect(unused).toEqual([]);
    expect(AUDIT_ACTIONS).toHaveLength(38);
  });

  it('applies the same redaction to every action type on an entry', async () => {
    const { db, reference } = await freshDatabase();
    await insert(db, reference, [association(reference)]);
    for (const action of AUDIT_ACTIONS) {
      await recordAudit(db, {
        action,
        userId: null,
        associationId: 1,
        details: {
          before: { name: 'Laget', postal_address: 'Storgata 1', contactEmail: 'kari@example.no', phone: null },
          after: { name: 'Laget', postal_address: 'Kongens gate 2', contactEmail: 'kari@example.no', phone: '' },
        },
        now: NOW,
      });
    }
    const rows = await db.selectFrom('audit_log').select(['action', 'details']).orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual([...AUDIT_ACTIONS]);
    for (const row of rows) {
      expect({ action: row.action, details: JSON.parse(row.details) }).toEqual({
        action: row.action,
        details: {
          before: { name: 'Laget', postal_address: '(endret)', contactEmail: '(uendret)', phone: null },
          after: { name: 'Laget', postal_address: '(endret)', contactEmail: '(uendret)', phone: '' },
        },
      });
    }
  });

  it('keeps a staff account’s address in the records of accounts, which have no entry', async () => {
    const { db } = await freshDatabase();
    await recordAudit(db, { action: 'user-create', userId: null, details: { before: null, after: { email: 'mod@example.no' } }, now: NOW });
    expect((await auditRows(db, 'user-create'))[0]!.details).toEqual({ before: null, after: { email: 'mod@example.no' } });
  });
});

describe('changes through the private edit link are audited like a moderator’s', () => {
  let app: App;
  let db: DB;
  let clock: ReturnType<typeof movableClock>;

  async function registerAndGetLink(): Promise<string> {
    const form = await get(app, '/registrer');
    clock.advance(5_000);
    const registered = await postForm(app, '/registrer', {
      form_token: formToken(form.doc),
      name: 'Beisfjord Sangkor',
      short_description: 'Vi synger i Beisfjord kirke.',
      description: '',
      categories: ['kunst-og-kultur'],
      municipality: '1806',
      postal_address: 'Beisfjordveien 12',
      postal_code: '8522',
      phone: '76 94 11 22',
      contact_name: 'Kari Nordmann',
      contact_email: 'kari@example.no',
      accept_terms: '1',
    });
    expect(registered.status).toBe(303);
    // The stored copy has the link redacted; the delivered mail has it.
    const mail = deliveredText(await db.selectFrom('outbox').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow());
    return /https:\/\/lag\.example\.no(\/endre\/[A-Za-z0-9_-]+)/.exec(mail)![1]!;
  }

  /** Sends the edit page's form with its current values and the changes. */
  async function saveEdit(link: string, changes: Record<string, string>) {
    const page = await get(app, link);
    const form = page.doc.querySelector('form.association-form')!;
    const fields: Record<string, string | string[]> = { form_token: formToken(page.doc) };
    for (const input of form.querySelectorAll('input[type="text"], input[type="email"], input[type="tel"]'))
      fields[input.getAttribute('name')!] = input.getAttribute('value') ?? '';
    for (const area of form.querySelectorAll('textarea')) fields[area.getAttribute('name')!] = area.textContent;
    for (const select of form.querySelectorAll('select'))
      fields[select.getAttribute('name')!] = select.querySelector('option[selected]')?.getAttribute('value') ?? '';
    fields.categories = form.querySelectorAll('input[name="categories"][checked]').map((i) => i.getAttribute('value')!);
    return postForm(app, link, { ...fields, ...changes });
  }

  /** Presses one of the edit page's buttons (confirm, ask for removal). */
  async function press(link: string, action: string) {
    const page = await get(app, link);
    const form = page.doc.querySelector(`form[action="${link}/${action}"]`);
    expect(form).not.toBeNull();
    const fields = Object.fromEntries(form!.querySelectorAll('input[type="hidden"]').map((i) => [i.getAttribute('name')!, i.getAttribute('value') ?? '']));
    return postForm(app, `${link}/${action}`, fields);
  }

  beforeEach(async () => {
    clock = movableClock();
    ({ app, db } = await testApp(() => [], {}, { clock: clock.now }));
  });

  it('records an edit of a pending entry, with the postal address and phone only marked as changed', async () => {
    const link = await registerAndGetLink();
    const saved = await saveEdit(link, { short_description: 'Vi synger hver torsdag.', postal_address: 'Beisfjordveien 14', phone: '76 94 11 23' });
    expect(saved.status).toBe(303);
    const [row] = await auditRows(db, 'edit-pending');
    expect(row).toMatchObject({
      user_id: null,
      details: {
        before: {
          shortDescription: 'Vi synger i Beisfjord kirke.',
          postalAddress: '(endret)',
          postalCode: '(uendret)',
          phone: '(endret)',
          contactEmail: '(uendret)',
        },
        after: {
          shortDescription: 'Vi synger hver torsdag.',
          postalAddress: '(endret)',
          postalCode: '(uendret)',
          phone: '(endret)',
          contactEmail: '(uendret)',
        },
      },
    });
    const log = JSON.stringify(row);
    for (const personal of ['Beisfjordveien', '8522', '76 94', 'kari@example.no', 'Kari Nordmann']) expect(log).not.toContain(personal);
  });

  it('records a confirmation and a removal request', async () => {
    const link = await registerAndGetLink();
    await db.updateTable('associations').set({ status: 'published', published_at: NOW.toISOString() }).execute();
    clock.advance(60_000);
    expect((await press(link, 'bekreft')).status).toBe(303);
    const [confirm] = await auditRows(db, 'confirm');
    expect(confirm).toMatchObject({ user_id: null, details: { after: { last_confirmed_at: clock.now().toISOString() } } });

    expect((await press(link, 'slett')).status).toBe(303);
    const [removal] = await auditRows(db, 'request-removal');
    const revision = await db.selectFrom('revisions').select('id').where('kind', '=', 'removal').executeTakeFirstOrThrow();
    expect(removal).toMatchObject({ user_id: null, revision_id: revision.id, association_id: confirm!.association_id });
  });
});

describe('an Enhetsregisteret update', () => {
  function unit(fields: Partial<BrregFields>): BrregEntry {
    return {
      orgNumber: '974760673',
      icnpoCode: '01200',
      fields: {
        name: 'Narvik Idrettslag',
        short_description: 'Idrett.',
        municipality_number: '1806',
        website: null,
        postal_address: 'Postboks 12',
        postal_code: '8501',
        founded_year: 1950,
        ...fields,
      },
    };
  }

  it('records which fields it changed, the postal address only as changed', async () => {
    const { db, reference } = (await freshDatabase()) as { db: DB; reference: Reference };
    await importBrregBatch(db, [unit({})], { reference, now: NOW, takenSlugs: await allSlugs(db) });
    await importBrregBatch(db, [unit({ postal_address: 'Kongens gate 40', name: 'Narvik IL' })], { reference, now: NOW, takenSlugs: await allSlugs(db) });
    const [row] = await auditRows(db, 'brreg-update');
    expect(row!.details).toEqual({
      before: { name: 'Narvik Idrettslag', postal_address: '(endret)' },
      after: { name: 'Narvik IL', postal_address: '(endret)' },
    });
  });
});
