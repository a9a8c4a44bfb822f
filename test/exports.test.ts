import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Reference } from '../src/db/reference.js';
import { EXPORT_BATCH_SIZE } from '../src/routes/exports.js';
import { association, dom, get, insert, testApp, text } from './helpers.js';

// CSV and JSON downloads of the filtered list: what Excel needs, what must never leak.

const BOM = '\uFEFF';

function entries(reference: Reference) {
  return [
    association(reference, {
      name: 'Sjakk; "Løperne" & co',
      shortDescription: 'Første linje\nandre linje',
      description: 'Tekst med «sitat», semikolon; og komma, og "anførselstegn".\n\nNytt avsnitt.',
      email: 'post@sjakk.example.no',
      contactName: 'Kari Nordmann',
      contactEmail: 'kari@example.no',
      publishContact: true,
      categories: ['kunst-og-kultur'],
    }),
    association(reference, {
      name: 'Ærlige Øvre Ålesund',
      contactName: 'Hemmelig Person',
      contactEmail: 'hemmelig@example.no',
      publishContact: false,
    }),
    association(reference, { name: '=HYPERLINK("http://evil.example","klikk")' }),
    association(reference, { name: 'Venter På Godkjenning', status: 'pending', contactEmail: 'venter@example.no' }),
    association(reference, { name: 'Arkivert Lag', status: 'archived' }),
    association(reference, { name: 'Tromsø Idrettslag', municipalityNumber: '5501' }),
  ];
}

/** The body as sent: Response.text() would drop the byte order mark this file is about. */
async function download(app: Awaited<ReturnType<typeof testApp>>['app'], path: string) {
  const response = await app.request(path);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, bytes, body: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

describe('list exports', () => {
  it("sends CSV as UTF-8 with a byte order mark, a header row in the visitor's language and one row per entry", async () => {
    const { app } = await testApp(entries);
    const { response, body, bytes } = await download(app, '/lag.csv');
    expect(response.status).toBe(200);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('Content-Disposition')).toBe('attachment; filename="lag-2026-11-23.csv"');
    expect(body.startsWith(BOM)).toBe(true);
    const rows: string[][] = parse(body.slice(1), { delimiter: ',' });
    expect(rows[0]!.slice(0, 3)).toEqual(['id', 'navn', 'kort beskrivelse']);
    expect(rows).toHaveLength(1 + 4);
    expect(rows.map((r) => r[1])).toContain('Ærlige Øvre Ålesund');

    const english = await download(app, '/lag.csv?lang=en');
    expect((parse(english.body.slice(1)) as string[][])[0]!.slice(0, 3)).toEqual(['id', 'name', 'short description']);
  });

  it('quotes separators, quotes and line breaks so every field reads back exactly, with commas or semicolons', async () => {
    const { app } = await testApp(entries);
    for (const [path, delimiter] of [
      ['/lag.csv', ','],
      ['/lag.csv?skilletegn=semikolon', ';'],
    ] as const) {
      const { body } = await download(app, path);
      const rows: string[][] = parse(body.slice(1), { delimiter });
      const header = rows[0]!;
      const chess = rows.find((r) => r[1]?.startsWith('Sjakk'))!;
      const field = (name: string) => chess[header.indexOf(name)];
      expect(field('navn'), path).toBe('Sjakk; "Løperne" & co');
      expect(field('kort beskrivelse'), path).toBe('Første linje\nandre linje');
      expect(field('beskrivelse'), path).toBe('Tekst med «sitat», semikolon; og komma, og "anførselstegn".\n\nNytt avsnitt.');
      // Records end with CRLF, and the raw text shows the quoting a spreadsheet relies on.
      expect(body, path).toContain(`${delimiter}"Sjakk; ""Løperne"" & co"${delimiter}`);
      expect(body.split('\r\n')[0], path).toBe(`${BOM}${header.join(delimiter)}`);
    }
    const semicolon = (await download(app, '/lag.csv?skilletegn=semikolon')).body;
    expect(semicolon.split('\r\n')[0]).toContain('id;navn;kort beskrivelse;');
  });

  it('defuses values a spreadsheet would run as formulas', async () => {
    const { app } = await testApp(entries);
    const rows: string[][] = parse((await download(app, '/lag.csv')).body.slice(1));
    expect(rows.map((r) => r[1])).toContain(`'=HYPERLINK("http://evil.example","klikk")`);
  });

  it('never exports unpublished entries or a contact person without consent, in CSV or JSON', async () => {
    const { app } = await testApp(entries);
    for (const path of ['/lag.csv', '/lag.csv?skilletegn=semikolon', '/lag.json']) {
      const { body } = await download(app, path);
      expect(body, path).not.toContain('Venter');
      expect(body, path).not.toContain('venter@example.no');
      expect(body, path).not.toContain('Arkivert');
      expect(body, path).not.toContain('Hemmelig');
      expect(body, path).not.toContain('hemmelig@example.no');
      // Consent given: the contact person is public, as on the detail page.
      expect(body, path).toContain('kari@example.no');
      expect(body, path).toContain('post@sjakk.example.no');
    }
  });

  it('applies the same filters as /lag and names the file after them', async () => {
    const { app } = await testApp(entries);
    const csv = await download(app, '/lag.csv?kommune=5501&side=3');
    expect(csv.response.headers.get('Content-Disposition')).toBe('attachment; filename="lag-tromso-2026-11-23.csv"');
    const rows: string[][] = parse(csv.body.slice(1));
    expect(rows.slice(1).map((r) => r[1])).toEqual(['Tromsø Idrettslag']);

    const byCategory = await download(app, '/lag.json?kategori=kunst-og-kultur');
    expect(byCategory.response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(byCategory.response.headers.get('Content-Disposition')).toBe('attachment; filename="lag-kunst-og-kultur-2026-11-23.json"');
    const organizations = JSON.parse(byCategory.body);
    expect(organizations.map((o: { name: string }) => o.name)).toEqual(['Sjakk; "Løperne" & co']);

    const empty = await download(app, '/lag.json?q=finnesikkenoesteds');
    expect(JSON.parse(empty.body)).toEqual([]);
    const emptyCsv = await download(app, '/lag.csv?q=finnesikkenoesteds');
    expect(parse(emptyCsv.body.slice(1))).toHaveLength(1);
  });

  it('refuses a half-usable filter with 400 and says what is wrong, instead of exporting everything', async () => {
    const { app } = await testApp(entries);
    const badMunicipality = await download(app, '/lag.csv?kommune=9999');
    expect(badMunicipality.response.status).toBe(400);
    expect(badMunicipality.body).toContain('9999');
    expect(badMunicipality.body).not.toContain('Tromsø Idrettslag');
    const badSeparator = await download(app, '/lag.csv?skilletegn=tab');
    expect(badSeparator.response.status).toBe(400);
    expect(badSeparator.body).toContain('skilletegn=semikolon');
  });

  it('reads in batches and lets other requests, writes included, run while a download is half read', async () => {
    const { app, db, reference } = await testApp();
    const count = EXPORT_BATCH_SIZE * 2 + 7;
    await insert(
      db,
      reference,
      Array.from({ length: count }, (_, i) => association(reference, { name: `Lag nummer ${i}` })),
    );
    const response = await app.request('/lag.csv');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    let csv = decoder.decode((await reader.read()).value, { stream: true });
    expect(csv.split('\r\n').length - 1).toBeLessThan(count);

    // A cursor left open on the shared connection would make these fail.
    expect((await app.request('/api/v1/organizations?per_page=1')).status).toBe(200);
    await db.updateTable('associations').set({ name: 'Omdøpt' }).where('name', '=', 'Lag nummer 0').execute();

    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) csv += decoder.decode(chunk.value, { stream: true });
    const rows: string[][] = parse(csv.slice(1));
    expect(rows).toHaveLength(1 + count);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(count);
  });

  it('links to CSV, semicolon CSV and JSON of the current filters next to the result count', async () => {
    const { app } = await testApp(entries);
    const { doc } = await get(app, '/lag?kommune=1806&kategori=kunst-og-kultur&side=1');
    const links = doc.querySelectorAll('.downloads a').map((a) => [text(a), a.getAttribute('href')]);
    expect(links).toEqual([
      ['CSV', '/lag.csv?kommune=1806&kategori=kunst-og-kultur'],
      ['CSV for Excel (semikolon)', '/lag.csv?kommune=1806&kategori=kunst-og-kultur&skilletegn=semikolon'],
      ['JSON', '/lag.json?kommune=1806&kategori=kunst-og-kultur'],
    ]);
    const landing = dom(await (await app.request('/kommune/5501')).text());
    expect(landing.querySelector('.downloads a')?.getAttribute('href')).toBe('/lag.csv?kommune=5501');
    const none = dom(await (await app.request('/lag?q=finnesikkenoesteds')).text());
    expect(none.querySelector('.downloads')).toBeNull();
  });
});
