import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import type { AppContext, AppEnv } from '../app-env.js';
import { rankedIds } from '../db/associations.js';
import {
  type OpenDataFilter,
  type OpenDataRecord,
  associationIdByUuid,
  countOpenData,
  findByUuid,
  keptByIds,
  keptStore,
  lastChange,
  openDataByIds,
  openDataPage,
} from '../db/open-data.js';
import { categoryWithDescendants } from '../db/reference.js';
import { LANGUAGES, type Language, type Translator, isLanguage, translator } from '../i18n/index.js';
import { ICNPO_TAXONOMY_ID, MUNICIPALITY_TAXONOMY_ID, icnpoTermId, municipalityTermId, parseUuid } from '../lib/hsds-ids.js';
import { HSDS_VERSION, allTerms, organizationJson, organizationListJson, pageOf, pageText, serviceJson, serviceListJson, taxonomies } from '../lib/hsds.js';
import { parseListQuery } from '../lib/list-query.js';
import { municipalityJson, openDataFilter, regionJson } from '../lib/open-data.js';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, openApiDocument } from '../lib/openapi.js';
import { pageMeta } from './render.js';
import { cacheable } from '../lib/response-cache.js';
import { hsdsExportStream } from './hsds-export.js';
import { HsdsProfilePage } from '../../views/hsds-profile.js';

/** Deeper pages are refused; harvesters page with modified_after instead of huge offsets. */
export const MAX_API_PAGE = 10_000;
/** What every list takes. */
const PAGING = ['page', 'per_page', 'format', 'lang'];
/** HSDS's parameters of the organization and service lists, and our own filters as aliases. */
const ENTRY_FILTERS = ['search', 'q', 'kommune', 'region', 'kategori', 'sted', 'taxonomy_term_id', 'taxonomy_id', 'modified_after'];
/** Only kommune and kategori may be repeated. */
const REPEATABLE = ['kommune', 'kategori'];
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
function apiTranslator(c: Context<AppEnv>, siteLanguage: Language): Translator {
  const requested = c.req.query('lang');
  return translator(isLanguage(requested) ? requested : siteLanguage);
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

/** A problem names at most this many parameters, so 2,000 made-up ones cannot make a huge answer. */
export const MAX_LISTED_ERRORS = 20;
/** Longer parameter names are cut to this when they are echoed back. */
const MAX_ECHOED_NAME = 100;

function problem(c: Context<AppEnv>, status: 400 | 404, title: string, detail: string, errors?: ParameterError[]) {
  c.header('Cache-Control', 'no-store');
  const listed = errors?.slice(0, MAX_LISTED_ERRORS).map((e) => ({ ...e, parameter: e.parameter.slice(0, MAX_ECHOED_NAME) }));
  const omitted = (errors?.length ?? 0) - (listed?.length ?? 0);
  const body = { type: 'about:blank', title, status, detail, ...(listed ? { errors: listed } : {}), ...(omitted > 0 ? { errors_omitted: omitted } : {}) };
  return c.body(JSON.stringify(body), status, {
    'Content-Type': 'application/problem+json; charset=utf-8',
  });
}

/** True for the API's addresses: there every answer is JSON, errors included. */
export function isApiPath(path: string): boolean {
  return path === '/api/v1' || path.startsWith('/api/v1/');
}

/**
 * The API's answer to a request that the app's guard refuses before any route (src/app.tsx):
 * a NUL character in the address or a form field, or a form that cannot be parsed. 400 with
 * a problem body, like every other bad API call, naming the parameters or form fields that
 * hold a NUL.
 */
export function refusedInputProblem(c: Context<AppEnv>, siteLanguage: Language, withNul: string[]) {
  const text = apiTranslator(c, siteLanguage).t.openData;
  const errors = withNul.map((parameter) => ({ parameter, message: text.paramNul }));
  return problem(c, 400, text.problemBadRequest, text.problemBadRequestDetail, errors.length > 0 ? errors : undefined);
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
  return sendJsonText(c, JSON.stringify(body), lastModified);
}

/** sendJson for a body that is JSON text already. */
function sendJsonText(c: Context<AppEnv>, text: string, lastModified: string | null) {
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
  const headers: Record<string, string> = { ETag: etag, 'Cache-Control': 'public, max-age=60' };
  if (lastModified) headers['Last-Modified'] = new Date(lastModified).toUTCString();
  const ifNoneMatch = c.req.header('If-None-Match');
  if (ifNoneMatch !== undefined ? matches(ifNoneMatch, etag) : freshByDate(c, lastModified)) return notModified(c, headers);
  return c.body(text, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
}

/** The parts of a list request every list endpoint reads the same way. */
interface ListRequest {
  tr: Translator;
  params: URLSearchParams;
  errors: ParameterError[];
  page: number;
  perPage: number;
}

/**
 * Checks what every list takes: only known parameters, each once unless repeatable, lang,
 * format, page and per_page. The errors collected go on with the caller's own checks.
 */
function readList(c: Context<AppEnv>, allowed: string[], siteLanguage: Language): ListRequest {
  const tr = apiTranslator(c, siteLanguage);
  const text = tr.t.openData;
  const params = new URL(c.req.url).searchParams;
  const errors: ParameterError[] = [];
  for (const name of new Set(params.keys())) {
    if (!allowed.includes(name)) errors.push({ parameter: name, message: text.paramUnknown(name.slice(0, MAX_ECHOED_NAME), allowed.join(', ')) });
    else if (!REPEATABLE.includes(name) && params.getAll(name).length > 1) errors.push({ parameter: name, message: text.paramRepeated(name) });
  }
  if (params.has('lang') && !isLanguage(params.get('lang')!)) {
    errors.push({ parameter: 'lang', message: text.paramUnknown(`lang=${params.get('lang')}`, LANGUAGES.map((lang) => `lang=${lang}`).join(', ')) });
  }
  if (params.has('format') && params.get('format') !== 'json') errors.push({ parameter: 'format', message: text.paramFormat });
  const whole = (name: string, fallback: number, max: number) => {
    const value = params.get(name)?.trim();
    if (value === undefined) return fallback;
    const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
    if (n >= 1 && n <= max) return n;
    errors.push({ parameter: name, message: name === 'page' ? text.paramPage(max) : text.paramPerPage(max) });
    return fallback;
  };
  return { tr, params, errors, page: whole('page', 1, MAX_API_PAGE), perPage: whole('per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE) };
}

/** true, false, or absent (false); anything else is an error. */
function flag(request: ListRequest, name: string): boolean {
  const value = request.params.get(name);
  if (value === null) return false;
  if (value === 'true' || value === 'false') return value === 'true';
  request.errors.push({ parameter: name, message: request.tr.t.openData.paramBoolean });
  return false;
}

/** A UUID parameter, or null when absent or not a UUID (then with an error). */
function uuidParameter(request: ListRequest, name: string): string | null {
  const value = request.params.get(name);
  if (value === null) return null;
  const uuid = parseUuid(value.trim());
  if (uuid === null) request.errors.push({ parameter: name, message: request.tr.t.openData.paramUuid });
  return uuid;
}

/** A slice of `items` as an HSDS page. */
function pageOfAll<T>(items: T[], request: ListRequest) {
  const offset = (request.page - 1) * request.perPage;
  return pageOf(items.slice(offset, offset + request.perPage), items.length, request.page, request.perPage);
}

/** Case- and accent-insensitive "contains", for the small in-memory lists (taxonomies, terms). */
function textMatches(needle: string, ...haystacks: string[]): boolean {
  const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const folded = fold(needle.trim());
  return haystacks.some((h) => fold(h).includes(folded));
}

/** The read-only open-data API under /api/v1, Open Referral HSDS 3.0, described by /api/v1/openapi.json. */
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

  // HSDS's GET / of the API; mounted at /api/v1, Hono's '/' is /api/v1 and the slash form is caught below.
  const info = (c: Context<AppEnv>) =>
    sendJson(c, { version: HSDS_VERSION, profile: `${baseUrl}/api/v1/profile`, openapi_url: `${baseUrl}/api/v1/openapi.json` });
  app.get('/', cacheable(), info);
  app.get('/openapi.json', (c) => sendJson(c, document));
  app.get('/profile', cacheable(), (c) =>
    c.html(HsdsProfilePage({ meta: pageMeta(c, ctx, c.get('tr').t.openData.profileTitle, { canonicalPath: '/api/v1/profile' }), assets: ctx.assets })),
  );

  /**
   * The entry filter of an organization or service list, from HSDS's parameters and our
   * aliases; null when a parameter could not be used (the errors say which).
   */
  async function entryFilter(request: ListRequest): Promise<{ filter: OpenDataFilter; byId: boolean } | null> {
    const { params, errors, tr } = request;
    const text = tr.t.openData;
    // search is HSDS's name for what /lag calls q; the list's own parser checks the rest.
    const listParams = new URLSearchParams(params);
    listParams.delete('side');
    if (params.has('search')) {
      if (params.has('q')) errors.push({ parameter: 'search', message: text.paramAlias('search', 'q') });
      listParams.delete('q');
      listParams.set('q', params.get('search')!);
    }
    const query = parseListQuery(listParams, reference);
    const parameterOf: Partial<Record<string, string>> = {
      noticeBadMunicipality: 'kommune',
      noticeUnknownMunicipality: 'kommune',
      noticeUnknownCategory: 'kategori',
      noticeUnknownPlace: 'sted',
      noticeUnknownRegion: 'region',
      noticeMunicipalityOutsideRegion: 'kommune',
      noticeQueryTooLong: params.has('search') ? 'search' : 'q',
    };
    for (const notice of query.notices) {
      if (notice.key === 'noticeDuplicateParameter') continue; // reported by readList
      const message = tr.t[notice.key] as (...args: string[]) => string;
      errors.push({ parameter: parameterOf[notice.key] ?? notice.args[0] ?? '', message: message(...notice.args) });
    }
    let modifiedAfter: string | null = null;
    const modifiedText = params.get('modified_after');
    if (modifiedText !== null) {
      modifiedAfter = parseModifiedAfter(modifiedText.trim());
      if (modifiedAfter === null) errors.push({ parameter: 'modified_after', message: text.paramModifiedAfter });
    }
    const filter = openDataFilter(query, reference, modifiedAfter);

    // A term narrows like one more kategori or kommune value; every entry has a term of both
    // taxonomies, so a known taxonomy_id narrows nothing.
    const termId = uuidParameter(request, 'taxonomy_term_id');
    if (termId !== null) {
      const category = reference.categories.find((c) => icnpoTermId(c.icnpo_code) === termId);
      const municipality = category ? undefined : reference.municipalities.find((m) => municipalityTermId(m.number) === termId);
      if (category) filter.categoryIds = [...new Set([...filter.categoryIds, ...categoryWithDescendants(reference, category)])];
      else if (municipality) filter.municipalityNumbers = [...new Set([...filter.municipalityNumbers, municipality.number])];
      else errors.push({ parameter: 'taxonomy_term_id', message: text.paramUnknownTerm(termId) });
    }
    const taxonomyId = uuidParameter(request, 'taxonomy_id');
    if (taxonomyId !== null && taxonomyId !== ICNPO_TAXONOMY_ID && taxonomyId !== MUNICIPALITY_TAXONOMY_ID) {
      errors.push({ parameter: 'taxonomy_id', message: text.paramUnknownTaxonomy(taxonomyId) });
    }
    const organizationId = uuidParameter(request, 'organization_id');
    if (organizationId !== null) {
      const id = await associationIdByUuid(db, organizationId);
      if (id === undefined) errors.push({ parameter: 'organization_id', message: text.paramUnknownOrganization(organizationId) });
      else filter.associationId = id;
    }
    if (errors.length > 0) return null;
    return { filter, byId: filter.modifiedAfter !== null || filter.associationId != null };
  }

  /**
   * One page of matching entries, fully read, and their total. Plain lists and searches are
   * slices of the HTML list's kept orders (alphabetical, or ranked as on /lag), then one read
   * of the rows with their categories and links; an incremental harvest (modified_after) or
   * one organization's services go by id.
   */
  async function entryPage(filter: OpenDataFilter, byId: boolean, request: ListRequest): Promise<{ total: number; records: OpenDataRecord[] }> {
    const offset = (request.page - 1) * request.perPage;
    if (!byId) {
      const order = await rankedIds(db, filter);
      return { total: order.length, records: await openDataByIds(db, [...order.subarray(offset, offset + request.perPage)]) };
    }
    const total = await countOpenData(db, filter);
    return { total, records: offset < total ? await openDataPage(db, filter, { limit: request.perPage, offset }) : [] };
  }

  // The list items' JSON texts, kept per entry until the next write (keptByIds): a list item
  // is the same for every caller (no language in it), and making it, with the row read it
  // needs, was most of a list's time (#18).
  const organizationItems = keptStore<string>();
  const serviceItems = keptStore<string>();

  /** A page of list items (HSDS's one-to-one fields) as JSON texts, and the total. */
  async function listItemPage(
    filter: OpenDataFilter,
    byId: boolean,
    request: ListRequest,
    store: typeof organizationItems,
    item: (record: OpenDataRecord) => unknown,
  ): Promise<{ total: number; items: string[] }> {
    const text = (record: OpenDataRecord) => JSON.stringify(item(record));
    if (byId) {
      const { total, records } = await entryPage(filter, true, request);
      return { total, items: records.map(text) };
    }
    const offset = (request.page - 1) * request.perPage;
    const order = await rankedIds(db, filter);
    return { total: order.length, items: await keptByIds(db, store, [...order.subarray(offset, offset + request.perPage)], text) };
  }

  function badRequest(c: Context<AppEnv>, request: ListRequest) {
    const text = request.tr.t.openData;
    return problem(c, 400, text.problemBadRequest, text.problemBadRequestDetail, request.errors);
  }

  app.get('/organizations', cacheable(), async (c) => {
    const request = readList(c, [...ENTRY_FILTERS, 'full', 'full_service', ...PAGING], ctx.config.defaultLanguage);
    const full = flag(request, 'full');
    const fullService = flag(request, 'full_service');
    const found = await entryFilter(request);
    if (!found) return badRequest(c, request);
    const last = await lastChange(db);
    if (freshByDate(c, last)) return notModified(c, { 'Last-Modified': new Date(last!).toUTCString(), 'Cache-Control': 'public, max-age=60' });
    // HSDS: the list has one-to-one fields only; full nests everything, full_service the services too.
    if (!full && !fullService) {
      const { total, items } = await listItemPage(found.filter, found.byId, request, organizationItems, (r) => organizationListJson(r, baseUrl));
      return sendJsonText(c, pageText(items, total, request.page, request.perPage), last);
    }
    const { total, records } = await entryPage(found.filter, found.byId, request);
    const contents = records.map((r) => organizationJson(r, reference, request.tr, baseUrl, { fullService }));
    return sendJson(c, pageOf(contents, total, request.page, request.perPage), last);
  });

  app.get('/services', cacheable(), async (c) => {
    const request = readList(c, [...ENTRY_FILTERS, 'organization_id', 'full', ...PAGING], ctx.config.defaultLanguage);
    const full = flag(request, 'full');
    const found = await entryFilter(request);
    if (!found) return badRequest(c, request);
    const last = await lastChange(db);
    if (freshByDate(c, last)) return notModified(c, { 'Last-Modified': new Date(last!).toUTCString(), 'Cache-Control': 'public, max-age=60' });
    if (!full) {
      const { total, items } = await listItemPage(found.filter, found.byId, request, serviceItems, serviceListJson);
      return sendJsonText(c, pageText(items, total, request.page, request.perPage), last);
    }
    const { total, records } = await entryPage(found.filter, found.byId, request);
    const contents = records.map((r) => serviceJson(r, reference, request.tr, baseUrl));
    return sendJson(c, pageOf(contents, total, request.page, request.perPage), last);
  });

  /** One entry by its organization or service UUID; a merged duplicate's UUID redirects. */
  async function oneEntry(
    c: Context<AppEnv>,
    kind: 'organizations' | 'services',
    allowed: string[],
    render: (record: OpenDataRecord, tr: Translator, fullService: boolean) => unknown,
  ) {
    const request = readList(c, allowed, ctx.config.defaultLanguage);
    const fullService = allowed.includes('full_service') && flag(request, 'full_service');
    if (request.errors.length > 0) return badRequest(c, request);
    const text = request.tr.t.openData;
    const id = c.req.param('id') ?? '';
    const uuid = parseUuid(id);
    const found = uuid === null ? ({ kind: 'none' } as const) : await findByUuid(db, kind === 'organizations' ? 'uuid' : 'service_uuid', uuid);
    if (found.kind === 'merged') {
      const search = new URL(c.req.url).search;
      c.header('Cache-Control', 'public, max-age=60');
      return c.redirect(`/api/v1/${kind}/${kind === 'organizations' ? found.uuid : found.serviceUuid}${search}`, 301);
    }
    if (found.kind === 'none') return problem(c, 404, text.problemNotFound, text.problemNotFoundDetail(id.slice(0, 40)));
    return sendJson(c, render(found.record, request.tr, fullService), found.record.updated_at);
  }

  app.get('/organizations/:id', cacheable(), (c) =>
    oneEntry(c, 'organizations', ['full_service', 'lang'], (record, tr, fullService) => organizationJson(record, reference, tr, baseUrl, { fullService })),
  );
  app.get('/services/:id', cacheable(), (c) => oneEntry(c, 'services', ['lang'], (record, tr) => serviceJson(record, reference, tr, baseUrl)));

  app.get('/taxonomies', cacheable(), (c) => {
    const request = readList(c, ['search', ...PAGING], ctx.config.defaultLanguage);
    if (request.errors.length > 0) return badRequest(c, request);
    const search = request.params.get('search');
    const all = taxonomies(request.tr, baseUrl).filter((t) => search === null || textMatches(search, t.name, t.description));
    return sendJson(c, pageOfAll(all, request));
  });

  app.get('/taxonomies/:id', cacheable(), (c) => {
    const request = readList(c, ['lang'], ctx.config.defaultLanguage);
    if (request.errors.length > 0) return badRequest(c, request);
    const taxonomy = taxonomies(request.tr, baseUrl).find((t) => t.id === parseUuid(c.req.param('id')));
    if (!taxonomy) return problem(c, 404, request.tr.t.openData.problemNotFound, request.tr.t.openData.problemNotFoundThing(c.req.param('id').slice(0, 40)));
    return sendJson(c, taxonomy);
  });

  app.get('/taxonomy_terms', cacheable(), (c) => {
    const request = readList(c, ['search', 'taxonomy_id', 'parent_id', ...PAGING], ctx.config.defaultLanguage);
    const taxonomyId = uuidParameter(request, 'taxonomy_id');
    const parentId = uuidParameter(request, 'parent_id');
    if (taxonomyId !== null && taxonomyId !== ICNPO_TAXONOMY_ID && taxonomyId !== MUNICIPALITY_TAXONOMY_ID) {
      request.errors.push({ parameter: 'taxonomy_id', message: request.tr.t.openData.paramUnknownTaxonomy(taxonomyId) });
    }
    if (request.errors.length > 0) return badRequest(c, request);
    const search = request.params.get('search');
    // ICNPO groups each followed by their subcategories, the order the site shows them in; then the municipalities.
    const terms = allTerms(reference, request.tr, baseUrl).filter(
      (t) =>
        (taxonomyId === null || t.taxonomy_id === taxonomyId) &&
        (parentId === null || t.parent_id === parentId) &&
        (search === null || textMatches(search, t.name, t.code, t.description)),
    );
    return sendJson(c, pageOfAll(terms, request));
  });

  app.get('/taxonomy_terms/:id', cacheable(), (c) => {
    const request = readList(c, ['lang'], ctx.config.defaultLanguage);
    if (request.errors.length > 0) return badRequest(c, request);
    const id = parseUuid(c.req.param('id'));
    const term = allTerms(reference, request.tr, baseUrl).find((t) => t.id === id);
    if (!term) return problem(c, 404, request.tr.t.openData.problemNotFound, request.tr.t.openData.problemNotFoundThing(c.req.param('id').slice(0, 40)));
    return sendJson(c, { ...term, taxonomy_detail: taxonomies(request.tr, baseUrl).find((t) => t.id === term.taxonomy_id) });
  });

  app.get('/export.zip', (c) => {
    const request = readList(c, ['lang'], ctx.config.defaultLanguage);
    if (request.errors.length > 0) return badRequest(c, request);
    return c.body(hsdsExportStream(ctx, request.tr), 200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="lagportal-hsds-${ctx.clock().toISOString().slice(0, 10)}.zip"`,
      'Cache-Control': 'public, max-age=300',
    });
  });

  app.get('/municipalities', cacheable(), (c) =>
    sendJson(c, {
      total_items: reference.municipalities.length,
      contents: reference.municipalities.map((m) => municipalityJson(m, baseUrl)),
    }),
  );

  app.get('/regions', cacheable(), (c) => {
    const tr = apiTranslator(c, ctx.config.defaultLanguage);
    return sendJson(c, { total_items: reference.regions.length, contents: reference.regions.map((r) => regionJson(r, reference, tr)) });
  });

  // Unknown API paths answer in JSON too, not with the site's HTML page.
  app.all('*', (c) => {
    if (c.req.path === '/api/v1/' && (c.req.method === 'GET' || c.req.method === 'HEAD')) return info(c);
    const tr = apiTranslator(c, ctx.config.defaultLanguage);
    return problem(c, 404, tr.t.openData.problemNotFound, c.req.path);
  });

  return app;
}
