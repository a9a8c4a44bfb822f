import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { stat } from 'node:fs/promises';
import streamArray from 'stream-json/streamers/stream-array.js';
import { ConfigError, loadConfig } from '../config.js';
import { UsageError, runCommand } from './command.js';
import { type BrregOutcome, allSlugs, importBrregBatch, importedNotSeenSince } from '../db/brreg.js';
import { loadReference } from '../db/reference.js';
import { openConfiguredDatabase } from '../db/open.js';
import { type BrregEntry, type BrregSkip, type BrregUnit, toBrregEntry } from '../lib/brreg.js';

// npm run import:brreg -- FILE --kommune 1806 [--kommune 5544 …]
// Reads Enhetsregisteret's bulk download of units (https://data.brreg.no/enhetsregisteret/api/enheter/lastned,
// a JSON array, gzipped or not) as a stream, and creates or updates unclaimed entries for the
// associations (organisation form FLI) in the chosen municipalities. Safe to run again.

const BATCH_SIZE = 500;

/** A file that cannot be read or parsed: the run failed (exit 1), the arguments were fine. */
class ImportFailure extends Error {}

/** Gzip is recognised by its magic bytes, not the file name: downloads get renamed. */
async function isGzip(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportFailure(code === 'ENOENT' ? `File not found: ${file}` : `Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

const SKIP_LABELS: Record<Exclude<BrregSkip, 'other-form' | 'other-municipality'> | 'duplicate' | 'registered' | 'archived', string> = {
  closed: 'deleted, bankrupt or being wound up',
  'invalid-org-number': 'organisation number fails the MOD11 check',
  'no-name': 'no name',
  duplicate: 'the same organisation number again in the file',
  registered: 'already registered by the association itself',
  archived: 'archived or merged in Lagportal',
};

await runCommand(
  {
    usage: 'npm run import:brreg -- FILE --kommune 1806 [--kommune 5544 ...]',
    summary:
      "Reads Enhetsregisteret's bulk download of units (a JSON array, gzipped or not) as a stream and creates or updates unclaimed entries for the associations (organisation form FLI) in the chosen municipalities. Safe to run again.",
    options: {
      kommune: { type: 'string', multiple: true, valueName: 'NNNN', help: 'a municipality number to import (repeat, or separate with commas); at least one' },
    },
    positionals: { min: 1, max: 1 },
    progress: true,
  },
  async ({ values, positionals: [file], progress, summary, took }) => {
    const municipalities = [
      ...new Set(
        ((values.kommune as string[] | undefined) ?? [])
          .flatMap((v: string) => v.split(','))
          .map((v: string) => v.trim())
          .filter(Boolean),
      ),
    ];
    if (municipalities.length === 0) throw new UsageError('Give at least one --kommune (a four-digit municipality number).');
    const config = loadConfig();
    const { db, close: closeDatabase } = await openConfiguredDatabase(config);
    try {
      const reference = await loadReference(db);
      const unknown = municipalities.filter((n) => !reference.municipalityByNumber.has(n));
      if (unknown.length > 0) throw new UsageError(`Unknown municipality number: ${unknown.join(', ')}`);
      const gzip = await isGzip(file!);

      const now = new Date();
      const wanted = new Set(municipalities);
      const ctx = { reference, now, takenSlugs: await allSlugs(db) };
      const counts = { read: 0, matched: 0, created: 0, updated: 0, unchanged: 0, otherForm: 0, otherMunicipality: 0 };
      const skipped = new Map<string, number>();
      const skip = (reason: keyof typeof SKIP_LABELS) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
      // Only matching units are remembered, a few thousand numbers at most, never the units themselves.
      const seen = new Set<string>();
      let batch: BrregEntry[] = [];
      let databaseError: unknown;
      const flush = async () => {
        const outcomes = await importBrregBatch(db, batch, ctx).catch((error: unknown) => {
          databaseError = error;
          throw error;
        });
        batch = [];
        for (const outcome of outcomes.values()) {
          const counted: Record<BrregOutcome, () => void> = {
            created: () => counts.created++,
            updated: () => counts.updated++,
            unchanged: () => counts.unchanged++,
            registered: () => skip('registered'),
            archived: () => skip('archived'),
          };
          counted[outcome]();
        }
      };

      const currentYear = now.getUTCFullYear();
      try {
        const sink = new Writable({
          objectMode: true,
          write(item: { value: unknown }, _encoding, done) {
            counts.read++;
            const unit = (typeof item.value === 'object' && item.value !== null ? item.value : {}) as BrregUnit;
            const result = toBrregEntry(unit, wanted, currentYear);
            if (!result.ok) {
              if (result.skip === 'other-form') counts.otherForm++;
              else if (result.skip === 'other-municipality') counts.otherMunicipality++;
              else {
                counts.matched++;
                skip(result.skip);
              }
              return done();
            }
            counts.matched++;
            if (seen.has(result.entry.orgNumber)) {
              skip('duplicate');
              return done();
            }
            seen.add(result.entry.orgNumber);
            batch.push(result.entry);
            if (batch.length < BATCH_SIZE) return done();
            flush().then(() => done(), done);
          },
          final(done) {
            flush().then(() => done(), done);
          },
        });
        const parse = streamArray.withParserAsStream();
        // Progress in kilobytes of the file as read: a unit count is not known before the end.
        const source = createReadStream(file!);
        progress.start('import (kB of the file)', Math.ceil((await stat(file!)).size / 1024));
        let bytes = 0;
        let reported = 0;
        source.on('data', (chunk) => {
          bytes += chunk.length;
          const kb = Math.floor(bytes / 1024);
          if (kb > reported) {
            progress.advance(kb - reported);
            reported = kb;
          }
        });
        if (gzip) await pipeline(source, createGunzip(), parse, sink);
        else await pipeline(source, parse, sink);
        progress.stop();
      } catch (error) {
        if (error === databaseError) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        const what = /incorrect header|unexpected end of file|invalid (block|distance|stored)/i.test(reason)
          ? 'is not a valid gzip file'
          : 'is not a valid JSON array of units';
        throw new ImportFailure(
          `${file} ${what} (${reason}). Stopped after ${counts.read} units; ${counts.created} created and ${counts.updated} updated before that are kept, and running again continues safely.`,
        );
      }

      const missing = await importedNotSeenSince(db, municipalities, now);
      const lines = [
        `read ${counts.read}`,
        `not matching: ${counts.otherForm} other organisation form, ${counts.otherMunicipality} other municipality`,
        `matched ${counts.matched} (FLI in ${municipalities.join(', ')})`,
        `created ${counts.created}`,
        `updated ${counts.updated}`,
        `unchanged ${counts.unchanged}`,
        `skipped ${[...skipped.values()].reduce((a, b) => a + b, 0)}`,
        ...[...skipped].map(([reason, n]) => `  ${n} ${SKIP_LABELS[reason as keyof typeof SKIP_LABELS]}`),
        `not in the register as active units any more (kept, check them): ${missing.length}`,
        ...missing.slice(0, 20).map((m) => `  ${m.org_number} ${m.name} /lag/${m.slug}`),
        ...(missing.length > 20 ? [`  … and ${missing.length - 20} more`] : []),
        `peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (maxRSS ${process.resourceUsage().maxRSS} kB)`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      summary(
        `imported ${file}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged of ${counts.matched} matching units in ${took()}`,
      );
    } catch (error) {
      // A file that cannot be read or parsed is a failed run with a message, not a stack trace.
      if (error instanceof ImportFailure) throw new ConfigError(error.message);
      throw error;
    } finally {
      await db.destroy();
      await closeDatabase();
    }
  },
);
