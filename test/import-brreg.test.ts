import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/sqlite.js';
import { brregUnit, orgNumbers, writeUnits } from './brreg-fixtures.js';
import { ROOT, nodeTs } from './node-ts.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'lagportal-brreg-'));
}

/** Only what the command needs: Vitest's own BASE_URL=/ in process.env would be refused. */
function envFor(dbPath: string) {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DB_PATH: dbPath };
}

/** Runs the import as `npm run import:brreg -- …` does. */
function importBrreg(dbPath: string, args: string[]) {
  const result = spawnSync(...nodeTs('src/cli/import-brreg.ts', ...args), { cwd: ROOT, env: envFor(dbPath), encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The number on a summary line such as "created 3". */
function count(stdout: string, label: string): number {
  const match = new RegExp(`^${label} (\\d+)`, 'm').exec(stdout);
  if (!match) throw new Error(`no "${label}" line in:\n${stdout}`);
  return Number(match[1]);
}

async function withDatabase<T>(dbPath: string, read: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const { db, sqlite } = await openDatabase(dbPath);
  try {
    return await read(db);
  } finally {
    await db.destroy();
    if (sqlite.open) sqlite.close();
  }
}

async function entries(dbPath: string) {
  return withDatabase(dbPath, (db) =>
    db
      .selectFrom('associations as a')
      .leftJoin('association_categories as ac', 'ac.association_id', 'a.id')
      .leftJoin('categories as c', 'c.id', 'ac.category_id')
      .select([
        'a.id',
        'a.name',
        'a.slug',
        'a.org_number',
        'a.municipality_number',
        'a.website',
        'a.postal_address',
        'a.postal_code',
        'a.founded_year',
        'a.short_description',
        'a.status',
        'a.contact_email',
        'a.contact_name',
        'c.slug as category',
      ])
      .orderBy('a.org_number')
      .execute(),
  );
}

const numbers = orgNumbers(97400000);
const [IDRETTSLAG, JEGERE, SENJA, AKSJESELSKAP, OSLO, KONKURS, SLETTET, POSTADRESSE] = Array.from({ length: 8 }, () => numbers.next().value!);

/** A small register: what should and should not become entries when importing Narvik (1806). */
function fixtureUnits() {
  return [
    brregUnit(IDRETTSLAG, {
      navn: 'NARVIK IDRETTSLAG',
      hjemmeside: 'www.narvik-il.no',
      stiftelsesdato: '1946-05-17',
      naeringskode1: { kode: '93.120', beskrivelse: 'Drift av idrettslag/idrettsklubber' },
      postadresse: { landkode: 'NO', postnummer: '8503', poststed: 'NARVIK', adresse: ['Postboks 12'], kommunenummer: '1806' },
      aktivitet: ['Fotball, ski og friidrett for barn og voksne.'],
    }),
    brregUnit(JEGERE, { navn: 'BJERKVIK JEGER- OG FISKERFORENING', hjemmeside: 'javascript:alert(1)' }),
    brregUnit(SENJA, { navn: 'SENJA SANGLAG', forretningsadresse: { landkode: 'NO', postnummer: '9300', adresse: ['Storgata 1'], kommunenummer: '5530' } }),
    brregUnit(AKSJESELSKAP, { navn: 'NARVIK BYGG AS', organisasjonsform: { kode: 'AS' } }),
    brregUnit(OSLO, { navn: 'OSLO KORPS', forretningsadresse: { landkode: 'NO', postnummer: '0150', adresse: ['Gate 1'], kommunenummer: '0301' } }),
    brregUnit(KONKURS, { navn: 'KONKURS FORENING', konkurs: true }),
    brregUnit(SLETTET, { navn: 'SLETTET FORENING', slettedato: '2024-01-01' }),
    // Only the postal address is in Narvik: still one of Narvik's.
    brregUnit(POSTADRESSE, {
      navn: 'Ballangen Kystlag',
      forretningsadresse: undefined,
      postadresse: { landkode: 'NO', postnummer: '8540', adresse: ['Boks 5'], kommunenummer: '1806' },
    }),
    brregUnit('974760674', { navn: 'FEIL KONTROLLSIFFER' }),
  ];
}

// Each run starts a Node process with tsx, a few seconds on a busy machine.
describe('npm run import:brreg', { timeout: 120_000 }, () => {
  it('creates published, unclaimed entries for the associations in the chosen municipality, from a gzipped file', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'lagportal.db');
    // Named .json although gzipped: the content decides, not the name.
    const file = join(dir, 'enheter.json');
    await writeUnits(file, fixtureUnits(), { gzip: true });

    const result = importBrreg(dbPath, [file, '--kommune', '1806']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(count(result.stdout, 'read')).toBe(9);
    expect(count(result.stdout, 'matched')).toBe(6);
    expect(count(result.stdout, 'created')).toBe(3);
    expect(count(result.stdout, 'skipped')).toBe(3);
    expect(result.stdout).toContain('1 other organisation form, 2 other municipality');
    expect(result.stdout).toContain('2 deleted, bankrupt or being wound up');
    expect(result.stdout).toContain('1 organisation number fails the MOD11 check');

    const rows = await entries(dbPath);
    expect(rows.map((r) => r.name).sort()).toEqual(['Ballangen Kystlag', 'Bjerkvik Jeger- og Fiskerforening', 'Narvik Idrettslag']);
    const il = rows.find((r) => r.org_number === IDRETTSLAG)!;
    expect(il).toMatchObject({
      slug: 'narvik-idrettslag',
      municipality_number: '1806',
      website: 'https://www.narvik-il.no/',
      postal_address: 'Postboks 12',
      postal_code: '8503',
      founded_year: 1946,
      short_description: 'Fotball, ski og friidrett for barn og voksne.',
      status: 'published',
      contact_email: null,
      contact_name: null,
      category: 'idrett',
    });
    const jegere = rows.find((r) => r.org_number === JEGERE)!;
    // A website the registration form would refuse is left out rather than linked.
    expect(jegere).toMatchObject({ website: null, postal_address: 'Kongens gate 1', postal_code: '8514', category: 'andre-ikke-klassifisert-annet-sted' });
  });

  it('reads a plain JSON file and several municipalities, as repeated or comma-separated --kommune', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'lagportal.db');
    // Named .gz although plain: the magic bytes decide.
    const file = join(dir, 'enheter.json.gz');
    await writeUnits(file, fixtureUnits(), { gzip: false });
    const result = importBrreg(dbPath, [file, '--kommune', '1806,5530', '--kommune', '0301']);
    expect(result.stderr).toBe('');
    expect(count(result.stdout, 'created')).toBe(5);
    expect((await entries(dbPath)).map((r) => r.municipality_number).sort()).toEqual(['0301', '1806', '1806', '1806', '5530']);
  });

  it('updates on a second run instead of duplicating, and keeps what a moderator changed', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'lagportal.db');
    const file = join(dir, 'enheter.json');
    await writeUnits(file, fixtureUnits(), { gzip: false });
    expect(importBrreg(dbPath, [file, '--kommune', '1806']).status).toBe(0);

    // A moderator renames the entry by hand.
    await withDatabase(dbPath, (db) => db.updateTable('associations').set({ name: 'Narvik IL' }).where('org_number', '=', IDRETTSLAG).execute());

    // The register changes the name, the website and the postal address.
    const changed = fixtureUnits().map((unit) =>
      unit.organisasjonsnummer === IDRETTSLAG
        ? {
            ...unit,
            navn: 'NARVIK IDRETTSLAG OG SKIKLUBB',
            hjemmeside: 'narvikil.no',
            postadresse: { landkode: 'NO', postnummer: '8504', adresse: ['Postboks 99'], kommunenummer: '1806' },
          }
        : unit,
    );
    await writeUnits(file, changed, { gzip: false });
    const second = importBrreg(dbPath, [file, '--kommune', '1806']);
    expect(second.stderr).toBe('');
    expect(count(second.stdout, 'created')).toBe(0);
    expect(count(second.stdout, 'updated')).toBe(1);
    expect(count(second.stdout, 'unchanged')).toBe(2);

    const rows = await entries(dbPath);
    expect(rows).toHaveLength(3);
    const il = rows.find((r) => r.org_number === IDRETTSLAG)!;
    expect(il.name).toBe('Narvik IL');
    expect(il.website).toBe('https://narvikil.no/');
    expect(il.postal_address).toBe('Postboks 99');
    expect(il.postal_code).toBe('8504');
    expect(il.slug).toBe('narvik-idrettslag');
    // The audit log records that the postal address changed, never the address itself (#16.13).
    const updates = await withDatabase(dbPath, (db) => db.selectFrom('audit_log').select('details').where('action', '=', 'brreg-update').execute());
    const logged = updates.map((u) => JSON.parse(u.details) as { before: Record<string, unknown>; after: Record<string, unknown> });
    const addressChange = logged.find((d) => 'postal_address' in d.after)!;
    expect(addressChange.after.postal_address).toBe('(endret)');
    expect(addressChange.after.postal_code).toBe('(endret)');
    expect(JSON.stringify(logged)).not.toContain('Postboks 99');
    expect(JSON.stringify(logged)).not.toContain('8504');

    // A third run with the same file changes nothing more.
    const third = importBrreg(dbPath, [file, '--kommune', '1806']);
    expect(count(third.stdout, 'updated')).toBe(0);
    expect(count(third.stdout, 'unchanged')).toBe(3);
  });

  it('updates the category on a new run where the import chose it, and keeps one a moderator chose', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'lagportal.db');
    const file = join(dir, 'enheter.json');
    await writeUnits(file, fixtureUnits(), { gzip: false });
    expect(importBrreg(dbPath, [file, '--kommune', '1806']).status).toBe(0);
    const first = await entries(dbPath);
    expect(first.find((r) => r.org_number === IDRETTSLAG)!.category).toBe('idrett');
    expect(first.find((r) => r.org_number === JEGERE)!.category).toBe('andre-ikke-klassifisert-annet-sted');

    await withDatabase(dbPath, async (db) => {
      // A moderator puts the hunters under recreation by hand.
      const jegere = await db.selectFrom('associations').select('id').where('org_number', '=', JEGERE).executeTakeFirstOrThrow();
      const recreation = await db.selectFrom('categories').select('id').where('slug', '=', 'rekreasjon-og-sosiale-foreninger').executeTakeFirstOrThrow();
      await db.updateTable('association_categories').set({ category_id: recreation.id }).where('association_id', '=', jegere.id).execute();
      // An entry imported before the import remembered categories, which nobody has edited.
      await db
        .updateTable('brreg_imports')
        .set({ snapshot: sql<string>`json_remove(snapshot, '$.categoryIds')` })
        .where('org_number', '=', POSTADRESSE)
        .execute();
    });

    // The register now files the sports club under culture, the hunters under sport and the coastal club under leisure.
    const industry = { [IDRETTSLAG]: '90.012', [JEGERE]: '93.120', [POSTADRESSE]: '93.290' } as Record<string, string>;
    const changed = fixtureUnits().map((unit) =>
      industry[String(unit.organisasjonsnummer)]
        ? { ...unit, naeringskode1: { kode: industry[String(unit.organisasjonsnummer)], beskrivelse: 'Endret' } }
        : unit,
    );
    await writeUnits(file, changed, { gzip: false });
    const second = importBrreg(dbPath, [file, '--kommune', '1806']);
    expect(second.stderr).toBe('');
    expect(count(second.stdout, 'updated')).toBe(2);

    const rows = await entries(dbPath);
    expect(rows.find((r) => r.org_number === IDRETTSLAG)!.category).toBe('kunst-og-kultur');
    expect(rows.find((r) => r.org_number === JEGERE)!.category).toBe('rekreasjon-og-sosiale-foreninger');
    expect(rows.find((r) => r.org_number === POSTADRESSE)!.category).toBe('rekreasjon-og-sosiale-foreninger');
    const audit = await withDatabase(dbPath, (db) => db.selectFrom('audit_log').select(['details']).where('action', '=', 'brreg-update').execute());
    expect(audit.map((a) => Object.keys(JSON.parse(a.details).after))).toEqual([['categoryIds'], ['categoryIds']]);

    // A third run with the same file changes nothing more.
    expect(count(importBrreg(dbPath, [file, '--kommune', '1806']).stdout, 'updated')).toBe(0);
  });

  it('reports entries whose unit was deleted or left the register, and keeps them', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'lagportal.db');
    const file = join(dir, 'enheter.json');
    await writeUnits(file, fixtureUnits(), { gzip: false });
    expect(importBrreg(dbPath, [file, '--kommune', '1806']).status).toBe(0);

    const later = fixtureUnits()
      .filter((unit) => unit.organisasjonsnummer !== POSTADRESSE)
      .map((unit) => (unit.organisasjonsnummer === JEGERE ? { ...unit, slettedato: '2026-10-01' } : unit));
    await writeUnits(file, later, { gzip: false });
    const result = importBrreg(dbPath, [file, '--kommune', '1806']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('not in the register as active units any more (kept, check them): 2');
    expect(result.stdout).toContain(`${JEGERE} Bjerkvik Jeger- og Fiskerforening /lag/bjerkvik-jeger-og-fiskerforening`);
    expect(result.stdout).toContain(`${POSTADRESSE} Ballangen Kystlag`);
    expect((await entries(dbPath)).filter((r) => r.status === 'published')).toHaveLength(3);
  });

  it('does not import a unit whose organisation number an association registered itself', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'lagportal.db');
    await withDatabase(dbPath, (db) =>
      db
        .insertInto('associations')
        .values({
          slug: 'eget-lag',
          name: 'Eget lag',
          sort_name: 'eget lag',
          short_description: 'x',
          description: '',
          municipality_number: '1806',
          place_id: null,
          website: null,
          email: null,
          phone: null,
          postal_address: null,
          postal_code: null,
          org_number: IDRETTSLAG,
          founded_year: null,
          status: 'published',
          created_at: '2026-01-01T00:00:00.000Z',
          updated_at: '2026-01-01T00:00:00.000Z',
          published_at: '2026-01-01T00:00:00.000Z',
          last_confirmed_at: null,
          contact_name: 'Kari',
          contact_email: 'kari@example.no',
          last_reminded_at: null,
          merged_into_id: null,
        })
        .execute(),
    );
    const file = join(dir, 'enheter.json');
    await writeUnits(file, fixtureUnits(), { gzip: false });
    const result = importBrreg(dbPath, [file, '--kommune', '1806']);
    expect(count(result.stdout, 'created')).toBe(2);
    expect(result.stdout).toContain('1 already registered by the association itself');
    expect((await entries(dbPath)).filter((r) => r.org_number === IDRETTSLAG).map((r) => r.name)).toEqual(['Eget lag']);
  });

  it('fails with a clear message: exit 1 for a missing file or bad JSON, exit 2 for an unknown or missing municipality', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'lagportal.db');
    const missing = importBrreg(dbPath, [join(dir, 'finnes-ikke.json'), '--kommune', '1806']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/File not found: .*finnes-ikke\.json/);
    expect(missing.stdout).toBe('');

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[{"organisasjonsnummer": "974760673", "navn": ');
    const bad = importBrreg(dbPath, [broken, '--kommune', '1806']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/broken\.json is not a valid JSON array of units/);

    const notArray = join(dir, 'object.json');
    writeFileSync(notArray, '{"enheter": []}');
    expect(importBrreg(dbPath, [notArray, '--kommune', '1806']).stderr).toMatch(/not a valid JSON array/);

    const file = join(dir, 'enheter.json');
    await writeUnits(file, fixtureUnits(), { gzip: false });
    const unknown = importBrreg(dbPath, [file, '--kommune', '9999']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown municipality number: 9999/);

    const none = importBrreg(dbPath, [file]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/at least one --kommune/);
    expect(await entries(dbPath)).toHaveLength(0);
  });

  it('imports 100,000 units with bounded memory', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'lagportal.db');
    const file = join(dir, 'enheter.json.gz');
    const numbers = orgNumbers(91000000);
    function* units() {
      for (let i = 0; i < 100_000; i++) {
        const org = numbers.next().value!;
        if (i % 33 === 0) yield brregUnit(org, { navn: `NARVIK LAG NR ${i}`, aktivitet: ['Aktivitet for alle i bygda.'] });
        else if (i % 2 === 0) yield brregUnit(org, { navn: `NARVIK FIRMA ${i} AS`, organisasjonsform: { kode: 'AS' } });
        else
          yield brregUnit(org, {
            navn: `OSLO LAG ${i}`,
            forretningsadresse: { landkode: 'NO', postnummer: '0150', adresse: ['Gate 1'], kommunenummer: '0301' },
          });
      }
    }
    await writeUnits(file, units(), { gzip: true });

    // Asynchronous, so that Vitest stays responsive while the child works.
    const child = spawn(...nodeTs('src/cli/import-brreg.ts', file, '--kommune', '1806'), { cwd: ROOT, env: envFor(dbPath) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(count(stdout, 'read')).toBe(100_000);
    expect(count(stdout, 'created')).toBe(3031);
    const maxRssKb = Number(/maxRSS (\d+) kB/.exec(stdout)?.[1]);
    // The uncompressed file is about 50 MB; parsed at once it would take several times that.
    expect(maxRssKb).toBeGreaterThan(0);
    expect(maxRssKb / 1024).toBeLessThan(220);
    expect(
      await withDatabase(dbPath, async (db) =>
        Number(
          (
            await db
              .selectFrom('associations')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ),
    ).toBe(3031);
  });
});
