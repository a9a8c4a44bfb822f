import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import type { AppContext, AppEnv } from '../app-env.js';
import { countOpenData, findOpenDataRecord, lastChange, openDataPage } from '../db/open-data.js';
import { type Translator, translator } from '../i18n/index.js';
import { parseListQuery } from '../lib/list-query.js';
import {
  municipalityJson,
  openDataFilter,
  organizationJson,
  regionJson,
  taxonomyTerm,
} from '../lib/open-data.js';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, openApiDocument } from '../lib/openapi.js';
import { cacheable } from '../lib/response-cache.js';

/** Deeper pages are refused; harvesters page with modified_after instead of huge offsets. */
export const MAX_API_PAGE = 10_000;
const LIST_PARAMETERS = ['q', 'kommune', 'kategori', 'sted', 'page', 'per_page', 'modified_after', 'lang'];
const SINGLE_PARAMETERS = ['q', 'sted', 'page', 'per_page', 'modified_after', 'lang'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

interface ParameterError {
  parameter: string;
  message: string;
}

/**
 * The language of names and messages. Only ?lang= counts here, not the site's cookie, so a
 * response depends on its URL alone and caches and ETags stay simple.
 */
function apiTranslator(c: Context<AppEnv>): Translator {
  return translator(c.req.query('lang') === 'en' ? 'en' : 'nb');
}

/** A date or a date-time with a zone, as the ISO UTC text timestamps are stored in; null if invalid. */
export function parseModifiedAfter(value: string): string | null {
  const date = DATE.exec(value);
  if (date) {
    const parsed = new Date(`${value}T00:00:00Z`);
    // Date rolls 2026-02-30 over to March; such a date is a mistake, not a wish.
    return Number.isNaN(parsed.getTime()) || parsed.getUTCDate() !== Number(date[3]) ? null : parsed.toISOString();
  }
  if (!DATE_TIME.test(value)) return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

function problem(c: Context<AppEnv>, status: 400 | 404, title: string, detail: string, errors?: ParameterError[]) {
  c.header('Cache-Control', 'no-store');
  return c.body(JSON.stringify({ type: 'about:blank', title, status, detail, ...(errors ? { errors } : {}) }), status, {
    'Content-Type': 'application/problem+json; charset=utf-8',
  });
}

function matches(ifNoneMatch: string, etag: string): boolean {
  const weak = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => weak(tag) === weak(etag));
}

/** Whole seconds, as HTTP dates have them. */
const seconds = (time: number) => Math.floor(time / 1000);

/**
 * True when the client's copy is still current by its date. If-None-Match wins when both are
 * sent (RFC 9110 13.2.2), so a date is only consulted without one.
 */
function freshByDate(c: Context<AppEnv>, lastModified: string | null): boolean {
  const since = c.req.header('If-Modified-Since');
  if (!since || !lastModified || c.req.header('If-None-Match') !== undefined) return false;
  const sinceTime = Date.parse(since);
  return !Number.isNaN(sinceTime) && seconds(Date.parse(lastModified)) <= seconds(sinceTime);
}

function notModified(c: Context<AppEnv>, headers: Record<string, string>) {
  return c.body(null, 304, headers);
}

/**
 * Sends a JSON body with a strong ETag of its bytes and, where the data has one, the time of
 * its last change; answers 304 when the client's copy matches either.
 */
function sendJson(c: Context<AppEnv>, body: unknown, lastModified: string | null = null) {
  const text = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
  const headers: Record<string, string> = { ETag: etag, 'Cache-Control': 'public, max-age=60' };
  if (lastModified) headers['Last-Modified'] = new Date(lastModified).toUTCString();
  const ifNoneMatch = c.req.header('If-None-Match');
  if (ifNoneMatch !== undefined ? matches(ifNoneMatch, etag) : freshByDate(c, lastModified)) return notModified(c, headers);
  return c.body(text, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
}

/** The read-only open-data API under /api/v1, described by /api/v1/openapi.json. */
export function apiRoutes(ctx: AppContext) {
  const { db, reference } = ctx;
  const baseUrl = ctx.config.baseUrl;
  const document = openApiDocument(baseUrl);
  const app = new Hono<AppEnv>();

  // Open data: any site may read it from a browser. Nothing here uses cookies or changes state.
  const preflight = cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD', 'OPTIONS'],
    exposeHeaders: ['ETag', 'Last-Modified'],
    maxAge: 86400,
  });
  // Hono's cors() writes into c.res before the route runs, which makes Hono copy the route's
  // whole body into a new Response afterwards (a third of an API answer's time). It answers
  // the preflight; on GET and HEAD the same two headers are set the cheap way.
  app.use('*', (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Access-Control-Expose-Headers', 'ETag,Last-Modified');
    return next();
  });

  app.get('/openapi.json', (c) => sendJson(c, document));

  app.get('/organizations', cacheable(), async (c) => {
    const tr = apiTranslator(c);
    const text = tr.t.openData;
    const params = new URL(c.req.url).searchParams;
    const errors: ParameterError[] = [];
    for (const name of new Set(params.keys())) {
      if (!LIST_PARAMETERS.includes(name)) errors.push({ parameter: name, message: text.paramUnknown(name, LIST_PARAMETERS.join(', ')) });
      else if (SINGLE_PARAMETERS.includes(name) && params.getAll(name).length > 1) {
        errors.push({ parameter: name, message: text.paramRepeated(name) });
      }
    }
    if (params.has('lang') && !['nb', 'en'].includes(params.get('lang')!)) {
      errors.push({ parameter: 'lang', message: text.paramUnknown(`lang=${params.get('lang')}`, 'lang=nb, lang=en') });
    }

    // The list's own parser checks q, kommune, kategori and sted exactly as /lag does.
    const listParams = new URLSearchParams(params);
    listParams.delete('side');
    const query = parseListQuery(listParams, reference);
    const parameterOf: Partial<Record<string, string>> = {
      noticeBadMunicipality: 'kommune',
      noticeUnknownMunicipality: 'kommune',
      noticeUnknownCategory: 'kategori',
      noticeUnknownPlace: 'sted',
      noticeQueryTooLong: 'q',
    };
    for (const notice of query.notices) {
      if (notice.key === 'noticeDuplicateParameter') continue; // reported above
      const message = tr.t[notice.key] as (...args: string[]) => string;
      errors.push({ parameter: parameterOf[notice.key] ?? notice.args[0] ?? '', message: message(...notice.args) });
    }

    const whole = (name: string, fallback: number, max: number) => {
      const value = params.get(name)?.trim();
      if (value === undefined) return fallback;
      const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
      if (n >= 1 && n <= max) return n;
      errors.push({ parameter: name, message: name === 'page' ? text.paramPage(max) : text.paramPerPage(max) });
      return fallback;
    };
    const page = whole('page', 1, MAX_API_PAGE);
    const perPage = whole('per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE);
    let modifiedAfter: string | null = null;
    const modifiedText = params.get('modified_after');
    if (modifiedText !== null) {
      modifiedAfter = parseModifiedAfter(modifiedText.trim());
      if (modifiedAfter === null) errors.push({ parameter: 'modified_after', message: text.paramModifiedAfter });
    }
    if (errors.length > 0) return problem(c, 400, text.problemBadRequest, text.problemBadRequestDetail, errors);

    const last = await lastChange(db);
    if (freshByDate(c, last)) return notModified(c, { 'Last-Modified': new Date(last!).toUTCString(), 'Cache-Control': 'public, max-age=60' });
    const filter = openDataFilter(query, reference, modifiedAfter);
    const total = await countOpenData(db, filter);
    const offset = (page - 1) * perPage;
    const records = offset < total ? await openDataPage(db, filter, { limit: perPage, offset }) : [];
    return sendJson(
      c,
      {
        total_items: total,
        total_pages: Math.ceil(total / perPage),
        page,
        per_page: perPage,
        contents: records.map((r) => organizationJson(r, reference, tr, baseUrl)),
      },
      last,
    );
  });

  app.get('/organizations/:id', cacheable(), async (c) => {
    const tr = apiTranslator(c);
    const id = c.req.param('id');
    const record = /^\d{1,15}$/.test(id) ? await findOpenDataRecord(db, Number(id)) : undefined;
    if (!record) return problem(c, 404, tr.t.openData.problemNotFound, tr.t.openData.problemNotFoundDetail(id.slice(0, 40)));
    return sendJson(c, organizationJson(record, reference, tr, baseUrl), record.updated_at);
  });

  app.get('/taxonomy_terms', cacheable(), (c) => {
    const tr = apiTranslator(c);
    // Groups first, each followed by its subcategories, the order the site shows them in.
    const terms = reference.categoryTree.flatMap((group) => [group, ...group.children]);
    return sendJson(c, { total_items: terms.length, contents: terms.map((t) => taxonomyTerm(t, reference, tr, baseUrl)) });
  });

  app.get('/municipalities', cacheable(), (c) =>
    sendJson(c, {
      total_items: reference.municipalities.length,
      contents: reference.municipalities.map((m) => municipalityJson(m, baseUrl)),
    }),
  );

  app.get('/regions', cacheable(), (c) => {
    const tr = apiTranslator(c);
    return sendJson(c, { total_items: reference.regions.length, contents: reference.regions.map((r) => regionJson(r, reference, tr)) });
  });

  // Unknown API paths answer in JSON too, not with the site's HTML page.
  app.all('*', (c) => {
    const tr = apiTranslator(c);
    return problem(c, 404, tr.t.openData.problemNotFound, c.req.path);
  });

  return app;
}
