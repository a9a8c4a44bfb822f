import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { orgNumberFromPrefix } from '../src/lib/org-number.js';
import type { BrregUnit } from '../src/lib/brreg.js';

/** A unit as Enhetsregisteret's bulk download writes it: an active FLI in Narvik unless overridden. */
export function brregUnit(orgNumber: string, overrides: Record<string, unknown> = {}): BrregUnit & Record<string, unknown> {
  const unit: Record<string, unknown> = {
    organisasjonsnummer: orgNumber,
    navn: 'NARVIK TESTLAG',
    organisasjonsform: { kode: 'FLI', beskrivelse: 'Forening/lag/innretning' },
    forretningsadresse: {
      land: 'Norge',
      landkode: 'NO',
      postnummer: '8514',
      poststed: 'NARVIK',
      adresse: ['Kongens gate 1'],
      kommune: 'NARVIK',
      kommunenummer: '1806',
    },
    registreringsdatoEnhetsregisteret: '1995-03-01',
    naeringskode1: { kode: '94.991', beskrivelse: 'Aktiviteter i andre interesseorganisasjoner ikke nevnt annet sted' },
    registrertIFrivillighetsregisteret: true,
    konkurs: false,
    underAvvikling: false,
    underTvangsavviklingEllerTvangsopplosning: false,
    ...overrides,
  };
  return unit;
}

/** Valid organisation numbers (MOD11) in a row, starting from an 8-digit prefix. */
export function* orgNumbers(start = 91000000): Generator<string> {
  for (let prefix = start; ; prefix++) {
    const number = orgNumberFromPrefix(String(prefix));
    if (number) yield number;
  }
}

/** Writes units as one JSON array, gzipped or not, streaming so a large file never sits in memory. */
export async function writeUnits(path: string, units: Iterable<unknown>, options: { gzip: boolean }): Promise<void> {
  const file = createWriteStream(path);
  const out = options.gzip ? createGzip() : file;
  if (options.gzip) out.pipe(file);
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  // Many units a write: one small write per unit makes gzip slow.
  let pending: string[] = [];
  let separator = '[';
  for (const unit of units) {
    pending.push(JSON.stringify(unit));
    if (pending.length === 1000) {
      await write(separator + pending.join(',\n'));
      separator = ',\n';
      pending = [];
    }
  }
  await write(`${pending.length > 0 ? separator + pending.join(',\n') : separator === '[' ? '[' : ''}]\n`);
  out.end();
  await once(file, 'close');
}
