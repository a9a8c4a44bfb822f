import { Zip, ZipDeflate } from 'fflate';
import type { AppContext } from '../app-env.js';
import { NO_FILTER } from '../db/associations.js';
import { type OpenDataFilter, openDataBatch } from '../db/open-data.js';
import type { Translator } from '../i18n/index.js';
import { allTerms, organizationJson, taxonomies } from '../lib/hsds.js';
import { type FullOrganization, TABLES, type TableName, csvHeader, csvLines, datapackage, resource, rowsOf } from '../lib/hsds-tabular.js';
import { EXPORT_BATCH_SIZE } from './exports.js';

const EVERYTHING: OpenDataFilter = { ...NO_FILTER, modifiedAfter: null };

/**
 * /api/v1/export.zip: datapackage.json and one CSV per HSDS table, zipped as it is read.
 * Each table is one walk over the published entries in keyset batches, like the list
 * exports: a batch is read only when the client has taken what came before, so memory stays
 * at one batch whatever the registry's size. Every walk stops at the highest id the first
 * one saw, so an entry added during the download is in no table rather than in some.
 */
export function hsdsExportStream(ctx: AppContext, tr: Translator): ReadableStream<Uint8Array> {
  const baseUrl = ctx.config.baseUrl;
  const encoder = new TextEncoder();
  const mtime = ctx.clock();
  const queue: ('datapackage' | TableName)[] = ['datapackage', ...TABLES];
  let zip: Zip;
  let file: { table: TableName; entry: ZipDeflate; afterId: number } | null = null;
  let lastId: number | null = null;

  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((error, data, final) => {
        if (error) return controller.error(error);
        if (data.length > 0) controller.enqueue(data);
        if (final) controller.close();
      });
    },
    async pull(controller) {
      try {
        if (file === null) {
          const next = queue.shift();
          if (next === undefined) return zip.end();
          const entry = new ZipDeflate(next === 'datapackage' ? 'datapackage.json' : resource(next).path, { level: 6 });
          entry.mtime = mtime;
          zip.add(entry);
          if (next === 'datapackage') return entry.push(encoder.encode(`${JSON.stringify(datapackage(baseUrl, mtime), null, 1)}\n`), true);
          if (next === 'taxonomy') return entry.push(encoder.encode(csvHeader(next) + csvLines(next, taxonomies(tr, baseUrl))), true);
          if (next === 'taxonomy_term') return entry.push(encoder.encode(csvHeader(next) + csvLines(next, allTerms(ctx.reference, tr, baseUrl))), true);
          entry.push(encoder.encode(csvHeader(next)));
          file = { table: next, entry, afterId: 0 };
          return;
        }
        const batch = await openDataBatch(ctx.db, EVERYTHING, file.afterId, EXPORT_BATCH_SIZE);
        lastId ??= Number.MAX_SAFE_INTEGER;
        const records = batch.filter((r) => r.id <= lastId!);
        const table = file.table;
        const rows = records.flatMap((r) => rowsOf(table, organizationJson(r, ctx.reference, tr, baseUrl, { fullService: true }) as FullOrganization));
        const done = batch.length < EXPORT_BATCH_SIZE || records.length < batch.length;
        file.entry.push(encoder.encode(csvLines(table, rows)), done);
        if (done) {
          // The first walk fixes where every later one ends.
          if (table === TABLES[0]) lastId = records.at(-1)?.id ?? 0;
          file = null;
        } else file.afterId = records.at(-1)!.id;
      } catch (error) {
        // The status line is already sent; all we can do is cut the download short and log why.
        ctx.logger.error({ err: error }, 'HSDS export failed');
        controller.error(error);
      }
    },
  });
}
