import { stringify } from 'csv-stringify/sync';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { AppContext, AppEnv } from '../app-env.js';
import { type OpenDataFilter, type OpenDataRecord, openDataBatch } from '../db/open-data.js';
import type { Translator } from '../i18n/index.js';
import { type ListQuery, parseListQuery } from '../lib/list-query.js';
import { organizationJson } from '../lib/hsds.js';
import { CSV_COLUMNS, csvRow, openDataFilter } from '../lib/open-data.js';
import { slugify } from '../lib/slug.js';

/** Rows read per query. Small enough that other requests get the connection between batches. */
export const EXPORT_BATCH_SIZE = 500;

/** How one file format writes a batch of entries; `first` is true for the first batch only. */
interface ExportFormat {
  start: string;
  batch: (records: OpenDataRecord[], first: boolean) => string;
  end: string;
}

/**
 * A download of every entry matching `filter`, read in keyset batches (id above the last one
 * sent). Each batch is one short query, made only when the client has taken the previous one,
 * so memory stays bounded and no cursor is held open on the single shared connection.
 */
function exportStream(ctx: AppContext, filter: OpenDataFilter, format: ExportFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterId = 0;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const records = await openDataBatch(ctx.db, filter, afterId, EXPORT_BATCH_SIZE);
        let chunk = (first ? format.start : '') + format.batch(records, first);
        first = false;
        const last = records.at(-1);
        if (records.length < EXPORT_BATCH_SIZE || !last) {
          chunk += format.end;
          controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        afterId = last.id;
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        // The status line is already sent; all we can do is cut the download short and log why.
        ctx.logger.error({ err: error }, 'export failed');
        controller.error(error);
      }
    },
  });
}

function csvFormat(ctx: AppContext, tr: Translator, delimiter: ',' | ';'): ExportFormat {
  // RFC 4180 line ends; fields with a line break are quoted whatever kind it is; formulas
  // are defused, since names and descriptions are typed by anyone and Excel runs =…, +…, @….
  const options = { delimiter, record_delimiter: '\r\n', quote_record_delimiter: true, escape_formulas: true } as const;
  const header = stringify([CSV_COLUMNS.map((column) => tr.t.openData.csvColumns[column])], options);
  return {
    // The byte order mark is what makes Excel read the file as UTF-8, so æ, ø and å survive.
    start: `\uFEFF${header}`,
    batch: (records) =>
      records.length === 0
        ? ''
        : stringify(
            records.map((r) => csvRow(r, ctx.reference, tr, ctx.config.baseUrl)),
            options,
          ),
    end: '',
  };
}

function jsonFormat(ctx: AppContext, tr: Translator): ExportFormat {
  return {
    start: '[',
    batch: (records, first) =>
      records.map((r, i) => `${first && i === 0 ? '' : ','}\n${JSON.stringify(organizationJson(r, ctx.reference, tr, ctx.config.baseUrl))}`).join(''),
    end: '\n]\n',
  };
}

/** lag-narvik-idrett-2026-11-23.csv: what the list holds and when it was made, in plain ASCII. */
function fileName(query: ListQuery, date: Date, extension: string): string {
  const parts = ['lag'];
  if (query.region) parts.push(query.region.slug);
  if (query.municipalities.length === 1) parts.push(slugify(query.municipalities[0]!.name));
  if (query.place) parts.push(query.place.slug);
  if (query.categories.length === 1) parts.push(query.categories[0]!.slug);
  if (query.q) parts.push(slugify(query.q, 30));
  parts.push(date.toISOString().slice(0, 10));
  return `${parts.filter(Boolean).join('-')}.${extension}`;
}

/** Downloads of any filtered list: /lag.csv and /lag.json take the same parameters as /lag. */
export function exportRoutes(ctx: AppContext) {
  const app = new Hono<AppEnv>();

  function download(c: Context<AppEnv>, extension: 'csv' | 'json') {
    const tr = c.get('tr');
    const params = new URL(c.req.url).searchParams;
    // A copied list URL may carry its page number; a download is always the whole list.
    params.delete('side');
    const query = parseListQuery(params, ctx.reference);
    const problems = query.notices.map((n) => (tr.t[n.key] as (...args: string[]) => string)(...n.args));
    const separator = params.get('skilletegn');
    if (extension === 'csv' && separator !== null && separator !== 'semikolon' && separator !== 'komma') {
      problems.push(tr.t.openData.exportBadSeparator(separator.slice(0, 40)));
    }
    // A half-applied filter would silently export far more than was asked for.
    if (problems.length > 0) {
      return c.text([tr.t.openData.exportBadParameters, ...problems.map((p) => `- ${p}`)].join('\n') + '\n', 400);
    }

    const filter = openDataFilter(query, ctx.reference);
    const format = extension === 'csv' ? csvFormat(ctx, tr, separator === 'semikolon' ? ';' : ',') : jsonFormat(ctx, tr);
    return c.body(exportStream(ctx, filter, format), 200, {
      'Content-Type': extension === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName(query, ctx.clock(), extension)}"`,
      // Column names follow the visitor's language, which may come from the cookie.
      Vary: 'Cookie',
      'Cache-Control': 'public, max-age=300',
    });
  }

  app.get('/lag.csv', (c) => download(c, 'csv'));
  app.get('/lag.json', (c) => download(c, 'json'));

  return app;
}
